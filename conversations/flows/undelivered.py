"""Coordinators see the messages Tandem gave up on, and send one again or drop it.

`outbox` counts what is held back by reason (unreachable, parked, waiting for working hours,
retrying) with the people affected, and a button retries every parked message; once a day,
when new ones were parked, each coordinator gets one line about it (`outbox_alerts`).
`messages` lists them: what kind of message, to whom, since when and
why; never what it says.
`messages retry 12` queues one again (a compare-and-set: two clicks queue it once) and
`messages dismiss 12` deletes its text. Unhandled ones lose their text after
`PARKED_BODY_KEPT` (the tick deletes it): by then the message is stale, and it may be private.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from conversations.clock import Clock
from conversations.commands import Command, Flow, HelpLine, parse_id
from conversations.context import Context
from conversations.due import DueRun
from conversations.flows.matching import refuse
from conversations.flows.wording import person_name, translator_of
from conversations.i18n import Translator
from conversations.outbox import PARKED_BODY_KEPT
from conversations.program import Program
from conversations.replies import Button, Card, Reply, Text, message_to_dict
from conversations.working_time import next_working_moment, working_time_of
from storage.db import Store
from storage.models import OutboxMessage
from storage.repositories import Queued

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
        "q": t("questionnaire"),
        "qremind": t("questionnaire reminder"),
        "retro-shared": t("shared retro"),
        "concern": t("concern"),
        "win-post": t("quick win in the channel"),
        "win-ask": t("quick win to approve"),
        "win-blocked": t("quick win not posted"),
        "win-digest": t("quick wins of the week"),
        "report": t("monthly report"),
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


NAMES_SHOWN = 10  # people named per reason; the rest are counted


def reason_line(t: Translator, reason: str, n: int, people: str) -> str:
    # Literal msgids so the extractor finds them.
    match reason:
        case "unreachable":
            return t("Cannot be reached: {n} ({people})", n=n, people=people)
        case "parked":
            return t("Gave up, waiting for you: {n} ({people})", n=n, people=people)
        case "waiting":
            return t("Waiting for working hours: {n} ({people})", n=n, people=people)
        case _:
            return t("Retrying (error or rate limit): {n} ({people})", n=n, people=people)


async def outbox(ctx: Context, args: str) -> list[Reply]:
    """`outbox`: the summary, then the list; `outbox retry 12` etc. as `messages`."""
    if args.strip():
        return await undelivered(ctx, args)
    t = ctx.t
    rows = await ctx.repos.outbox.by_reason(ctx.now)
    if not rows:
        return await _list(ctx)
    order = ("unreachable", "parked", "waiting", "retrying")
    by_reason = {reason: [(k, n) for r, k, n in rows if r == reason] for reason in order}
    # Names only of those shown: a morning's nudges may wait for thousands of people.
    people = await ctx.repos.people.by_keys(sorted(
        {k for mine in by_reason.values() for k, _ in mine[:NAMES_SHOWN]}))
    lines, retryable = [], 0
    for reason, mine in by_reason.items():
        if not mine:
            continue
        names = [person_name(people.get(k), k) for k, _ in mine[:NAMES_SHOWN]]
        shown = ", ".join(names) + (t(" and {n} more", n=len(mine) - NAMES_SHOWN)
                                    if len(mine) > NAMES_SHOWN else "")
        total = sum(n for _, n in mine)
        retryable += total if reason in ("unreachable", "parked") else 0
        lines.append("- " + reason_line(t, reason, total, shown))
    buttons = (Button("outbox.retry", t("Retry all that gave up"), "all", "primary"),
               ) if retryable else ()
    card = Card(t("Outbox"), ("\n".join(lines),), buttons)
    return [card, *(await _list(ctx) if retryable else [])]


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    n = await ctx.repos.outbox.retry_all(ctx.now)
    if not n:
        return [Text(ctx.t("Nothing is waiting for you: every message that gave up was "
                           "already sent again or dropped."))]
    return [Text(ctx.t("{n} messages are queued again and go out with the next delivery.",
                       n=n))]


ALERT = "outbox-alert"
ALERT_WINDOW = timedelta(days=1)  # what a coordinator's first alert looks back on


async def outbox_alerts(store: Store, program: Program, clock: Clock) -> list[str]:
    """Due work: one line to each coordinator when messages were parked since their last
    alert (or the last day), at most one a day (the key names the coordinator and their
    local day). Returns the keys queued."""
    now = clock.now()
    async with store.unit() as repos:
        if not await repos.outbox.parked_since(now - ALERT_WINDOW):
            return []  # the common case: one indexed count per tick
        people = await repos.people.by_keys(sorted(program.coordinators))
        rows: list[Queued] = []
        for key in sorted(program.coordinators):
            person = people.get(key)
            zone = (person.timezone if person else None) or program.timezone
            last = await repos.outbox.last_of_kind(ALERT, key)
            new = await repos.outbox.parked_since(last or now - ALERT_WINDOW)
            if not new:
                continue
            t = translator_of(person, program)
            day = now.astimezone(ZoneInfo(zone)).date().isoformat()
            body = Text(t("{n} messages could not be delivered lately. Type `outbox` to see "
                          "them and send them again.", n=new))
            rows.append(Queued(f"{ALERT}:{key}:{day}", key, message_to_dict(body),
                               next_working_moment(now, working_time_of(person, program))))
        await repos.outbox.enqueue_many(rows, now)
    return [r.dedupe_key for r in rows]


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


async def alert_coordinators(run: DueRun) -> None:
    """The tick's due work: `outbox_alerts` (a dry run only lists, it queues nothing)."""
    if not run.dry_run:
        run.report.queued += await outbox_alerts(run.store, run.program, run.clock)


ANSWERS = Flow(due=(alert_coordinators,), commands=(
    Command("outbox", ("outbox",), ("postausgang",), lambda ctx, args, prefix: outbox(ctx, args),
            (HelpLine("outbox", lambda t: t("what could not be delivered or waits, by reason; "
                                            "send again"), 59, coordinator=True),),
            coordinator_only=True,
            sub_german=(("retry", "wiederholen"), ("dismiss", "verwerfen"))),
    Command("messages", ("messages",), ("nachrichten",),
            lambda ctx, args, prefix: undelivered(ctx, args),
            (HelpLine("messages", lambda t: t("messages that could not be delivered; send "
                                              "again or drop"), 60, coordinator=True),),
            coordinator_only=True,
            sub_german=(("retry", "wiederholen"), ("dismiss", "verwerfen"))),
), buttons=(("outbox.", on_button),))
