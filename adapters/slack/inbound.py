"""Slack payloads → neutral events. Pure: no I/O, no program rules, only translation.

Each function takes the request body bolt parsed and returns an event whose actor has only what
the payload says; `with_profile` adds the name, locale and time zone from `users.info` after.
Payloads we do not act on (bot messages, edits, other channels) become `None`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, TypeVar

from adapters.slack.profiles import Profile
from conversations.events import (
    Actor,
    ButtonClicked,
    CommandInvoked,
    Event,
    FormSubmitted,
    HomeOpened,
    MessageReceived,
)

E = TypeVar("E", bound=Event)
Payload = dict[str, Any]

# render.py makes repeated action ids unique within a message with this suffix; strip it back.
_ACTION_SUFFIX = re.compile(r"~\d+$")


def _dict(value: Any) -> Payload:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _actor(user_id: str, team_id: str | None, name: str | None = None) -> Actor:
    return Actor("slack", user_id, display_name=name or None, workspace_id=team_id or None)


def user_id_of(body: Payload) -> str:
    """The acting user's id in any payload kind (command, event, interaction)."""
    return (_str(body.get("user_id")) or _str(_dict(body.get("event")).get("user"))
            or _str(_dict(body.get("user")).get("id")))


def with_profile(event: E, profile: Profile) -> E:
    """The event with the person's name, locale and zone from their Slack profile."""
    actor = replace(
        event.actor,
        display_name=profile.display_name or event.actor.display_name,
        locale=profile.locale or event.actor.locale,
        timezone=profile.timezone or event.actor.timezone,
    )
    return replace(event, actor=actor)


def typed_text(escaped: str) -> str:
    """What the person typed. Slack sends a slash command's and a message's text with `&`,
    `<` and `>` as `&amp;`, `&lt;`, `&gt;` (its control characters); form inputs come raw.
    Only those three are decoded: anything else that looks like an entity was typed so."""
    return escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command_to_event(body: Payload) -> CommandInvoked:
    """`/tandem <text>` (form fields of a slash command) → CommandInvoked with the text after it."""
    actor = _actor(_str(body.get("user_id")), _str(body.get("team_id")),
                   _str(body.get("user_name")))
    return CommandInvoked(actor, typed_text(_str(body.get("text"))))


def message_to_event(body: Payload, bot_user_id: str | None = None) -> MessageReceived | None:
    """A person's direct message to the bot, or None for anything else.

    Edits, deletions and joins arrive as subtypes; other bots (and we) carry `bot_id`.
    """
    event = _dict(body.get("event"))
    user = _str(event.get("user"))
    if (event.get("type") != "message" or event.get("channel_type") != "im"
            or event.get("subtype") or event.get("bot_id") or not user
            or user == bot_user_id):
        return None
    team = _str(body.get("team_id")) or _str(event.get("team"))
    event_id = _str(body.get("event_id")) or None
    return MessageReceived(_actor(user, team), typed_text(_str(event.get("text"))),
                           event_id=event_id)


def home_opened_to_event(body: Payload) -> HomeOpened | None:
    """`app_home_opened` on the Home tab; None for the Messages tab (the same event, another
    `tab`), which shows the DM and needs nothing from us."""
    event = _dict(body.get("event"))
    user = _str(event.get("user"))
    if event.get("type") != "app_home_opened" or event.get("tab") != "home" or not user:
        return None
    team = _str(body.get("team_id"))
    return HomeOpened(_actor(user, team), event_id=_str(body.get("event_id")) or None)


def _interaction_actor(body: Payload) -> Actor:
    user = _dict(body.get("user"))
    team = _str(_dict(body.get("team")).get("id")) or _str(user.get("team_id"))
    return _actor(_str(user.get("id")), team, _str(user.get("name")))


def block_action_to_event(body: Payload) -> ButtonClicked | None:
    """The first action of a `block_actions` payload (Slack sends one per click)."""
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        return None
    action = actions[0]
    value = _str(action.get("value")) or _str(_dict(action.get("selected_option")).get("value"))
    action_id = _ACTION_SUFFIX.sub("", _str(action.get("action_id")))
    return ButtonClicked(_interaction_actor(body), action_id, value, source=click_source(body))


def click_source(body: Payload) -> Payload | None:
    """The message the clicked button was on: its channel and ts (for chat.update) and the
    click's response_url (the only way to replace an ephemeral message)."""
    container = _dict(body.get("container"))
    if container.get("type", "message") != "message":
        # A button in a modal or on the Home tab: a view, not a message. Slack sends no
        # channel and no response_url then: the answer goes to the person's DM.
        return None
    source: Payload = {"channel": _str(container.get("channel_id")),
                       "ts": _str(container.get("message_ts")),
                       "ephemeral": container.get("is_ephemeral") is True,
                       "response_url": _str(body.get("response_url"))}
    return source if source["ts"] or source["response_url"] else None


def _element_value(element: Payload) -> str | list[str]:
    """One input's answer, by widget type; unanswered optional inputs arrive as nulls."""
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons", "external_select"):
        return _str(_dict(element.get("selected_option")).get("value"))
    if kind in ("multi_static_select", "checkboxes", "multi_external_select"):
        options = element.get("selected_options") or []
        return [_str(o.get("value")) for o in options if isinstance(o, dict)]
    if kind == "users_select":
        user = _str(element.get("selected_user"))
        return f"slack:{user}" if user else ""  # a platform key, like every person in Tandem
    if kind == "multi_users_select":
        return [f"slack:{u}" for u in element.get("selected_users") or [] if isinstance(u, str)]
    if kind == "datepicker":
        return _str(element.get("selected_date"))
    return _str(element.get("value"))  # plain_text_input and anything text-like


def form_values(view: Payload) -> dict[str, str | list[str]]:
    """`view.state.values` ({block_id: {action_id: element}}) → {field id: answer}."""
    values: dict[str, str | list[str]] = {}
    blocks = _dict(_dict(view.get("state")).get("values"))
    for block_id, elements in blocks.items():
        for element in _dict(elements).values():
            if isinstance(element, dict):
                values[str(block_id)] = _element_value(element)
    return values


def view_submission_to_event(body: Payload) -> FormSubmitted:
    view = _dict(body.get("view"))
    return FormSubmitted(_interaction_actor(body), _str(view.get("callback_id")),
                         form_values(view))
