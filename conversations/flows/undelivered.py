"""Coordinators see the messages Tandem gave up on, and send one again or drop it.

`messages` lists them: what kind of message, to whom, since when and why; never what it says.
`messages retry 12` queues one again (a compare-and-set: two clicks queue it once) and
`messages dismiss 12` deletes its text. Unhandled ones lose their text after
`PARKED_BODY_KEPT` (the tick deletes it): by then the message is stale, and it may be private.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.flows.wording import person_name
from conversations.i18n import Translator
from conversations.outbox import PARKED_BODY_KEPT
from conversations.replies import Reply, Text
from storage.models import OutboxMessage

SHOWN = 20
RETRY_WORDS = frozenset({"retry", "resend", "again", "wiederholen", "erneut", "nochmal"})
DISMISS_WORDS = frozenset({"dismiss", "drop", "delete", "verwerfen", "löschen", "loeschen"})


def platform_name(t: Translator, platform: str) -> str:
    return {"slack": "Slack", "teams": "Teams", "console": t("Console")}.get(platform, platform)


def kind_name(t: Translator, kind: str) -> str:
    # Literal msgids so the extractor finds them; an unknown kind shows as stored.
    names = {
        "intro": t("tandem introduction"),
        "active": t("tandem is active"),
        "goals": t("learning goals"),
        "cadence": t("cadence proposal"),
        "dissolved": t("tandem ended"),
        "partner-left": t("partner left"),
        "change": t("change request"),
        "unmatched": t("not matched this round"),
        "pause-ended": t("break ended"),
        "kickoff-nudge": t("kick-off reminder"),
        "kickoff-escalation": t("kick-off overdue"),
    }
    return names.get(kind, kind)


def why(t: Translator, message: OutboxMessage) -> str:
    reason = message.failed_reason or ""
    cause, _, code = reason.partition(":")
    code = code.replace("`", "'")
    if reason in ("unreachable:file_too_large", "bad_file"):
        # A file that platform cannot carry (Teams: too large for its chat) or could not read.
        return t("the file cannot be sent there: it is too large for that platform's chat, "
                 "or unreadable")
    if cause == "unreachable":
        return t("cannot be reached there (`{code}`): the app may have been removed, the "
                 "account deactivated, or the person never wrote to the bot", code=code)
    if cause == "gave_up":
        return t("gave up after {n} attempts (last error: `{code}`)", n=message.attempts,
                 code=code)
    return f"`{reason.replace('`', chr(39))}`"


async def undelivered(ctx: Context, args: str) -> list[Reply]:
    word, _, rest = args.strip().partition(" ")
    if not word:
        return await _list(ctx)
    message_id = parse_id(rest.strip().split(" ", 1)[0])
    if word.lower() in RETRY_WORDS and message_id is not None:
        return await _retry(ctx, message_id)
    if word.lower() in DISMISS_WORDS and message_id is not None:
        return await _dismiss(ctx, message_id)
    return [Text(ctx.t("To send a message again: `messages retry 12`; to drop it: "
                       "`messages dismiss 12`. Type `messages` to see the list."))]


async def _list(ctx: Context) -> list[Reply]:
    t = ctx.t
    parked = await ctx.repos.outbox.parked(SHOWN)
    if not parked:
        return [Text(t("Every message was delivered or is still on its way; none needs you."))]
    total = (await ctx.repos.outbox.counts()).failed
    keys = sorted({k for m in parked for k in (m.group_keys or [m.person_key])})
    people = await ctx.repos.people.by_keys(keys)
    zone = _zone(ctx)
    lines = []
    for message in parked:
        to = " & ".join(person_name(people.get(k), k) for k in
                        (message.group_keys or [message.person_key]))
        when = t.datetime(message.failed_at or message.created_at, "short", zone)
        lines.append(f"- #{message.id} " + t(
            "{kind} to {to} ({platform}), {when}: {why}", kind=kind_name(t, message.kind),
            to=to, platform=platform_name(t, message.platform), when=when,
            why=why(t, message)))
    head = t("**Messages that could not be delivered ({n})**", n=total)
    if total > len(parked):
        head += "\n" + t("The {shown} most recent:", shown=len(parked))
    return [Text(head + "\n" + "\n".join(lines) + "\n\n"
                 + t("To send one again: `messages retry <number>`; to drop it: "
                     "`messages dismiss <number>`. After {days} days their text is deleted "
                     "and they can no longer be sent.", days=PARKED_BODY_KEPT.days))]


def _zone(ctx: Context) -> ZoneInfo:
    try:
        return ZoneInfo(ctx.actor.timezone or ctx.program.timezone)
    except (KeyError, ValueError):
        return ZoneInfo(ctx.program.timezone)


async def _retry(ctx: Context, message_id: int) -> list[Reply]:
    if await ctx.repos.outbox.retry(message_id, ctx.now):
        return [Text(ctx.t("Message #{id} is queued again and goes out with the next "
                           "delivery.", id=message_id))]
    return [_not_waiting(ctx, message_id)]


async def _dismiss(ctx: Context, message_id: int) -> list[Reply]:
    if await ctx.repos.outbox.dismiss(message_id):
        return [Text(ctx.t("Message #{id} is dropped and its text deleted.", id=message_id))]
    return [_not_waiting(ctx, message_id)]


def _not_waiting(ctx: Context, message_id: int) -> Text:
    return Text(ctx.t("Message #{id} is not waiting for you: it was already sent again or "
                      "dropped, or it never failed. Type `messages` to see the list.",
                      id=message_id))


ANSWERS = Flow(commands=(Command(
    "messages", ("messages",), ("nachrichten",), lambda ctx, args, prefix: undelivered(ctx, args),
    (HelpLine("messages", lambda t: t("messages that could not be delivered; send again or "
                                      "drop"), 60, coordinator=True),),
    coordinator_only=True, sub_german=(("retry", "wiederholen"), ("dismiss", "verwerfen"))),))
