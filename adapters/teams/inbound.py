"""Teams activities → neutral events. Pure: no I/O, no program rules, only translation.

One table entry per activity type. Anything we do not understand becomes `None` (ignored).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from botbuilder.schema import Activity, ChannelAccount
from botbuilder.schema.teams import TeamsChannelData

from conversations.events import (
    Actor,
    AppInstalled,
    ButtonClicked,
    ChannelSeen,
    Event,
    FormSubmitted,
    MemberJoined,
    MessageReceived,
)

_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"<br\s*/?>|</p>|</div>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_LOCALE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,4}")
MAX_NAME = 256


def tenant_id(activity: Activity) -> str | None:
    """The tenant: Teams puts it in channelData (`conversation.tenant_id` is None inbound)."""
    if isinstance(activity.channel_data, dict):
        try:
            tenant = TeamsChannelData().deserialize(activity.channel_data).tenant
        except Exception:  # malformed channelData: fall back below, it is only a hint
            tenant = None
        if tenant is not None and tenant.id:
            return str(tenant.id)
    conversation = activity.conversation
    return conversation.tenant_id if conversation and conversation.tenant_id else None


# conversationUpdate events that name a channel of a team the app is in (channelData.channel).
CHANNEL_EVENTS = frozenset({"channelCreated", "channelRenamed", "channelRestored"})
MAX_CHANNEL_ID = 180  # its key (`teams:#<id>`) fits the addresses' 200 characters


def _teams_data(activity: Activity) -> TeamsChannelData | None:
    if not isinstance(activity.channel_data, dict):
        return None
    try:
        return TeamsChannelData().deserialize(activity.channel_data)
    except Exception:  # malformed channelData: no channel to learn
        return None


def channel_id(activity: Activity) -> str | None:
    """The team channel this activity names (channelData.channel, else the channel
    conversation itself, without a thread's `;messageid=`), or None outside team channels."""
    conversation = activity.conversation
    if conversation is None or conversation.conversation_type != "channel":
        return None
    data = _teams_data(activity)
    found = data.channel.id if data is not None and data.channel is not None else None
    if not isinstance(found, str) or not found:
        found = (conversation.id or "").split(";", 1)[0]
    if not found.startswith("19:") or len(found) > MAX_CHANNEL_ID or not found.isprintable() \
            or any(c.isspace() for c in found):
        return None
    return found


def _client_info(activity: Activity) -> dict[str, Any]:
    for entity in activity.entities or []:
        if getattr(entity, "type", None) == "clientInfo":
            return dict(getattr(entity, "additional_properties", None) or {})
    return {}


def _timezone(name: object) -> str | None:
    """An IANA zone name, or None: Teams clients send these, but the wire accepts anything."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _locale(value: object) -> str | None:
    """A language tag like `de-DE`, or None: Teams clients send these, the wire anything."""
    return value if isinstance(value, str) and _LOCALE.fullmatch(value) else None


def _name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(_scrub(value).split())[:MAX_NAME] or None


def to_actor(account: ChannelAccount, activity: Activity) -> Actor:
    info = _client_info(activity)
    return Actor(
        platform="teams",
        # The AAD object id is stable across bots and tenants' chats; `id` (29:…) is per bot.
        user_id=account.aad_object_id or account.id,
        display_name=_name(account.name),
        locale=_locale(activity.locale) or _locale(info.get("locale")),
        timezone=_timezone(activity.local_timezone) or _timezone(info.get("timezone")),
        workspace_id=tenant_id(activity),
    )


def _scrub(text: str, keep: str = "") -> str:
    """Drop lone surrogates and control characters that JSON allows but no person types."""
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return "".join(" " if unicodedata.category(c) == "Cc" and c not in keep else c
                   for c in text)


def clean_text(activity: Activity) -> str:
    """What the person typed: without the bot's @mention, HTML or extra whitespace."""
    text = _scrub(activity.text or "")
    bot = activity.recipient
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        mentioned = props.get("mentioned") if getattr(entity, "type", None) == "mention" else None
        if bot and isinstance(mentioned, dict) and mentioned.get("id") == bot.id:
            mention_text = props.get("text")
            if isinstance(mention_text, str) and mention_text:
                text = text.replace(mention_text, " ")
    bot_name = (bot.name or "").strip().lower() if bot else ""

    def keep_other_mentions(match: re.Match[str]) -> str:
        # A mention of the bot is addressing, not content; other people's names stay as words.
        name = match.group(1)
        return " " if bot_name and name.strip().lower() == bot_name else f" {name} "

    text = _AT_TAG.sub(keep_other_mentions, text)
    text = _TAG.sub(" ", _BREAK.sub(" ", text))
    return " ".join(html.unescape(text).split())


def _form_value(value: object) -> str | list[str] | None:
    """Adaptive Card inputs arrive as strings; other JSON is turned into strings or dropped."""
    if isinstance(value, str):
        return _scrub(value, keep="\n")  # a multi-line input keeps its lines
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return [_scrub(str(v)) for v in value if isinstance(v, str | int | float)]
    if value is None:
        return ""
    return None


def _submitted(activity: Activity, actor: Actor) -> Event | None:
    """`Action.Submit` data: our cards put `form_id` or `action_id` beside the inputs."""
    data = activity.value
    if not isinstance(data, dict):
        return None
    event_id = activity.id
    if isinstance(data.get("form_id"), str):
        values: dict[str, str | list[str]] = {}
        for key, raw in data.items():
            if key in ("form_id", "action_id") or not isinstance(key, str) \
                    or not key.isprintable():
                continue
            value = _form_value(raw)
            if value is not None:
                values[key] = value
        return FormSubmitted(actor, data["form_id"], values, event_id=event_id)
    if isinstance(data.get("action_id"), str):
        value = data.get("value")
        return ButtonClicked(actor, data["action_id"], "" if value is None else _scrub(str(value)),
                             event_id=event_id, source=click_source(activity))
    return None


def click_source(activity: Activity) -> dict[str, Any] | None:
    """The card a submit came from: Teams names its activity in `replyToId`, which the bot
    may update in place (PUT …/conversations/{conversation}/activities/{card})."""
    if not activity.reply_to_id or activity.conversation is None:
        return None
    return {"conversation": activity.conversation.id, "service_url": activity.service_url,
            "activity": activity.reply_to_id}


def message_to_event(activity: Activity) -> Event | None:
    if activity.from_property is None:
        return None
    actor = to_actor(activity.from_property, activity)
    if activity.value is not None and not (activity.text or "").strip():
        submitted = _submitted(activity, actor)
        if submitted is not None:
            return submitted
    # Anything else a person sends (text, an image, an empty line) is a message: the core answers.
    return MessageReceived(actor, clean_text(activity), event_id=activity.id)


def _install_id(activity: Activity) -> str | None:
    """One delivery id for both install notifications of one conversation on one day.

    Teams sends an `installationUpdate` *and* a `conversationUpdate` for one install: without a
    shared id the person would be welcomed twice. A reinstall on another day is welcomed again.
    """
    if activity.conversation is None or activity.conversation.id is None:
        return activity.id
    day = activity.timestamp.date().isoformat() if activity.timestamp else activity.id
    return f"installed:{activity.conversation.id}:{day}"


def conversation_update_to_event(activity: Activity) -> Event | None:
    added = activity.members_added or []
    bot_id = activity.recipient.id if activity.recipient else None
    if any(member.id == bot_id for member in added):
        if activity.from_property is None:
            return None
        actor = to_actor(activity.from_property, activity)
        return AppInstalled(actor, event_id=_install_id(activity))
    people = [member for member in added if member.id and member.id != bot_id]
    if not people:
        data = _teams_data(activity)
        if data is not None and data.event_type in CHANNEL_EVENTS \
                and activity.from_property is not None and channel_id(activity):
            # A channel created (or renamed, restored) in a team the app is in: its address.
            return ChannelSeen(to_actor(activity.from_property, activity),
                               event_id=activity.id)
        return None
    # One welcome per notification, addressed as the first person who joined.
    return MemberJoined(to_actor(people[0], activity), event_id=activity.id)


def installation_update_to_event(activity: Activity) -> Event | None:
    if activity.action != "add" or activity.from_property is None:  # not upgrades or removals
        return None
    actor = to_actor(activity.from_property, activity)
    return AppInstalled(actor, event_id=_install_id(activity))


TRANSLATORS: dict[str, Callable[[Activity], Event | None]] = {
    "message": message_to_event,
    "conversationUpdate": conversation_update_to_event,
    "installationUpdate": installation_update_to_event,
}


def activity_to_event(activity: Activity) -> Event | None:
    """The neutral event for an activity, or None when there is nothing for the core."""
    translate = TRANSLATORS.get(activity.type or "")
    return translate(activity) if translate else None
