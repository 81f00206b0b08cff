""""Did you meet?": each tandem's own cadence, its planned days, quiet tandems.

The due work runs in a fixed number of statements per tick, however many tandems are due:
one query finds them, one insert records the check-ins (the unique (tandem, person, kind,
period) makes a second tick, or a second replica, insert nothing and so queue nothing), one
insert queues the messages. The buttons: **Not yet** (that person only, once per period),
**We need help** (privately to the coordinators, with an optional line that is kept nowhere
but in their message) and, for coordinators, **Nudge both again**.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm.exc import StaleDataError

from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.tandem import TandemState
from conversations.commands import ASKING, Flow, parse_id
from conversations.context import Context
from conversations.due import DueRun
from conversations.flows import checkin_render
from conversations.flows import checkin_wording as wording
from conversations.flows.checkin_render import json_text
from conversations.flows.matching import refuse
from conversations.flows.members import members_of, names, partners_text, sides_of
from conversations.flows.quiet import met_last, paused_until, program_today, quiet_day
from conversations.flows.wording import long_date, person_name, translator_of
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import (
    Button,
    Card,
    Reply,
    Text,
    Update,
    as_update,
    message_to_dict,
    verbatim,
)
from conversations.working_time import next_working_moment, working_time_of
from storage.bulk import Encoded
from storage.models import ConversationState, Person, Tandem
from storage.repositories import Queued, Repositories
from storage.sessions import Asked, DueRow

log = logging.getLogger("tandem.due")

HELP_FLOW = "checkin-help"  # the open question "What is in the way?"
MAX_NOTE = 500
def key(kind: str, tandem_id: int, person_key: str, period: date) -> str:
    """A session nudge's dedupe key: it names (kind, tandem, person, period)."""
    return f"{kind}:{tandem_id}:{person_key}:{period.isoformat()}"


def not_before(now: datetime, person: Person | None, program: Program) -> datetime:
    # working_time_of: the person's zone, hours and days, and the program's holidays.
    return next_working_moment(now, working_time_of(person, program))


# --- the due work -------------------------------------------------------------------------


@dataclass
class _Due:
    """A due tandem: one row per current member, in the tandem's order."""

    rows: list[DueRow]
    names: list[str] = field(default_factory=list)  # `names_of`, once asked for

    @property
    def first(self) -> DueRow:
        return self.rows[0]

    def paused_until(self) -> date | None:
        """The latest end of a member's break (`quiet.paused_until`)."""
        return max((r.paused_until for r in self.rows if r.paused_until is not None),
                   default=None)

    def partners(self, index: int) -> str:
        if not self.names:
            self.names = checkin_render.names_of(self.rows)
        return checkin_render.partners_of(self.names, index)

    def sides(self) -> dict[str, str]:
        """`sides_text`: each side's names, for "{mentor} ↔ {mentee}"."""
        left, right = sides_of([(r.role, person_name(r, r.key)) for r in self.rows])
        return {"mentor": ", ".join(left), "mentee": ", ".join(right)}


def _by_tandem(rows: list[DueRow]) -> list[_Due]:
    found: dict[int, _Due] = {}
    for row in rows:
        due = found.get(row.tandem_id)
        if due is None:
            found[row.tandem_id] = _Due([row])
        else:
            due.rows.append(row)
    return list(found.values())


# One message to ask: the tandem, the member's place in it, the kind and the period.
_Ask = tuple[_Due, int, str, date]


@dataclass
class _Plan:
    asks: list[_Ask] = field(default_factory=list)
    quiet: list[_Due] = field(default_factory=list)


async def session_nudges(run: DueRun) -> None:
    """Check-ins on the due day, reminders on a planned day and a week before a project's
    target, and the coordinators' message about a quiet tandem: once each."""
    program = run.program
    today = program_today(program, run.now)
    if today > program.end:
        return  # after the program's end no session nudges
    try:
        async with run.store.unit() as repos:
            queued, would, escalated = await _nudge(run, repos, today)
    except StaleDataError:  # a row this tick changed was changed meanwhile
        log.info("due day changed meanwhile")
        return
    run.report.queued += queued
    run.report.would_queue += would
    run.report.escalated += escalated


def _plan(program: Program, today: date, due: list[_Due], targets: list[_Due]) -> _Plan:
    plan = _Plan()
    for tandem in due:
        first = tandem.first
        assert first.due_on is not None
        if tandem.paused_until() is not None:
            # No check-in, no reminder, no escalation during a break: when it ends, the due
            # day moves by its length (membership's end of a break, `cadence.break_ended`).
            continue
        if first.due_on <= today:
            # The period of the cadence we are in: one check-in per missed cadence.
            periods = (today - first.due_on).days // first.cadence_days
            period = first.due_on + timedelta(days=periods * first.cadence_days)
            plan.asks += [(tandem, i, "checkin", period) for i in range(len(tandem.rows))]
            if today >= quiet_day(first.due_on, first.cadence_days, program):
                plan.quiet.append(tandem)
        elif first.planned_on == today:
            plan.asks += [(tandem, i, "reminder", today) for i in range(len(tandem.rows))]
    for tandem in targets:
        target = tandem.first.target_date
        if target is not None and tandem.paused_until() is None:
            plan.asks += [(tandem, i, "target", target) for i in range(len(tandem.rows))]
    return plan


async def _nudge(run: DueRun, repos: Repositories, today: date
                 ) -> tuple[list[str], list[tuple[str, str]], list[int]]:
    program, now = run.program, run.now
    # Due by tomorrow: tomorrow's due day is today's planned session (`due_day`). Plain rows,
    # one per member: no objects for thousands of tandems.
    plan = _plan(program, today,
                 _by_tandem(await repos.due.members_due(run.program_id,
                                                        today + timedelta(days=1))),
                 _by_tandem(await repos.due.members_with_target(run.program_id,
                                                                today + timedelta(days=7))))
    if run.dry_run:
        return await _would(repos, plan, program)
    asked: list[Asked] = [(d.rows[i].tandem_id, d.rows[i].person_id, k, p)
                          for d, i, k, p in plan.asks]
    # Only what is not open already (any other tick may still have asked meanwhile: the
    # insert leaves those out, and only what it inserted gets a message).
    asking = await repos.due.open_asks(run.program_id, today + timedelta(days=1))
    new = await repos.checkins.ask_many([a for a in asked if a not in asking], now)
    # Messages only for the asks this tick recorded: most due tandems were asked before.
    render = checkin_render.Renderer(program, now)
    fresh = []
    for (tandem, i, kind, period), ask in zip(plan.asks, asked, strict=True):
        if ask in new:
            row = tandem.rows[i]
            fresh.append(Queued(key(kind, row.tandem_id, row.key, period), row.key,
                                render.message(kind, row, tandem.partners(i), period),
                                render.not_before(row)))
    # New asks make new keys: queued without reading back which (see `enqueue_all`).
    await repos.outbox.enqueue_all(fresh, now)
    escalations = await _escalations(repos, program, now, today, plan.quiet)
    told = await repos.outbox.enqueue_new(escalations, now)
    return ([r.dedupe_key for r in fresh]
            + [r.dedupe_key for r in escalations if r.dedupe_key in told], [],
            sorted({int(k.split(":")[1]) for k in told}))


async def _would(repos: Repositories, plan: _Plan, program: Program
                 ) -> tuple[list[str], list[tuple[str, str]], list[int]]:
    """A dry run: what would be queued, changing nothing."""
    asked = [(key(k, d.rows[i].tandem_id, d.rows[i].key, p), d.rows[i].key)
             for d, i, k, p in plan.asks]
    quiet = [(_quiet_key(d.first, c), c) for d in plan.quiet
             for c in sorted(program.coordinators)]
    known = await repos.outbox.known([k for k, _ in asked + quiet])
    return [], [(k, who) for k, who in asked + quiet if k not in known], []


def _quiet_key(tandem: DueRow, coordinator: str) -> str:
    # One per tandem and quiet period: the period is the due day no session followed.
    assert tandem.due_on is not None
    return f"quiet:{tandem.tandem_id}:{coordinator}:{tandem.due_on.isoformat()}"


async def _escalations(repos: Repositories, program: Program, now: datetime, today: date,
                       quiet: list[_Due]) -> list[Queued]:
    """The coordinators' message about each quiet tandem not yet told this quiet period."""
    coordinators = sorted(program.coordinators)
    if not quiet or not coordinators:
        return []
    known = await repos.outbox.known([_quiet_key(d.first, c) for d in quiet
                                      for c in coordinators])
    todo = [d for d in quiet if any(_quiet_key(d.first, c) not in known
                                    for c in coordinators)]
    if not todo:
        return []
    tried = await repos.checkins.tried([d.first.tandem_id for d in todo])
    readers = await repos.people.by_keys(coordinators)
    # Each reader's card rendered once and filled in for each tandem (checkin_render).
    cards = [(c, QuietCards(translator_of(readers.get(c), program)),
              not_before(now, readers.get(c), program)) for c in coordinators]
    out = []
    for tandem in todo:
        first = tandem.first
        assert first.due_on is not None
        since = met_last(first.last_session_on, first.started, program)
        sides = tandem.sides()
        facts = dict(
            id=str(first.tandem_id), mentor=json_text(sides["mentor"]),
            mentee=json_text(sides["mentee"]), days=str((today - since).days),
            cadence=str(first.cadence_days), value=wording.value(first.tandem_id, first.due_on),
            **{k: str(n) for k, n in tried[first.tandem_id]._asdict().items()})
        for coordinator, card, when in cards:
            out.append(Queued(_quiet_key(first, coordinator), coordinator,
                              card.message(facts, since, len(tandem.rows) == 2), when))
    return out


class QuietCards:
    """The quiet-tandem card in one reader's words, rendered once for a pair and once for a
    circle with stand-ins (`QUIET`) and filled in for each tandem."""

    def __init__(self, t: Translator) -> None:
        self.t = t
        self._templates: dict[bool, checkin_render.Template] = {}
        self._dates: dict[date, str] = {}

    def message(self, facts: dict[str, str], since: date, pair: bool) -> Encoded:
        """`facts`: the `QUIET` fields but the date, in words and JSON-escaped."""
        template = self._templates.get(pair)
        if template is None:
            stand_ins = {name: f"\ue020{name}\ue021" for name in QUIET}
            template = self._templates[pair] = checkin_render.Template(
                message_to_dict(quiet_card(self.t, stand_ins, pair)),
                {v: k for k, v in stand_ins.items()})
        if since not in self._dates:
            self._dates[since] = json_text(long_date(self.t, since))
        return template.fill(date=self._dates[since], **facts)


# What the quiet-tandem card says of one tandem, each already in words.
QUIET = ("id", "mentor", "mentee", "days", "date", "cadence", "checkins", "reminders",
         "snoozes", "helps", "value")


def quiet_card(t: Translator, facts: dict[str, str], pair: bool) -> Card:
    """The coordinators' card about a quiet tandem (`QUIET` facts; `pair`: two members)."""
    text = t("**{mentor} ↔ {mentee}** have logged no session for {days} days (since {date}; "
             "they agreed on every {cadence} days).", mentor=facts["mentor"],
             mentee=facts["mentee"], days=facts["days"], date=facts["date"],
             cadence=facts["cadence"])
    what = t("What I tried: check-ins {checkins}, planned-session reminders {reminders}, "
             "snoozes {snoozes}, requests for help {helps}.", checkins=facts["checkins"],
             reminders=facts["reminders"], snoozes=facts["snoozes"], helps=facts["helps"])
    nudge = t("Nudge both again") if pair else t("Nudge everyone again")
    return Card(t("Quiet tandem #{id}", id=facts["id"]), (text, what),
                (Button("checkin.nudge", nudge, facts["value"], "primary"),
                 Button("tandems.end", t("Dissolve…"), facts["id"], "danger")))


# --- the buttons --------------------------------------------------------------------------


def _parse(value: str) -> tuple[int, date] | None:
    raw_id, _, raw_day = value.partition(":")
    tandem_id = parse_id(raw_id)
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        return None
    return (tandem_id, day) if tandem_id is not None else None


def _gone(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("This check-in is no longer open: the tandem has ended or you are no "
                       "longer in it. Nothing changed."))]


async def _mine(ctx: Context, value: str) -> tuple[Tandem, Person, date] | list[Reply]:
    """The tandem and period of a member's check-in button, or the reply why not."""
    parsed = _parse(value)
    if parsed is None:
        return [Text(ctx.t("This button is no longer in use. Type `help` to see what you can "
                           "do."))]
    tandem = await ctx.repos.tandems.get(parsed[0])
    me = await ctx.repos.people.by_key(ctx.actor.key)
    if (tandem is None or me is None or tandem.program_id != ctx.program_id
            or tandem.status != TandemState.ACTIVE or tandem_states.member(tandem, me.id) is None):
        return _gone(ctx)
    return tandem, me, parsed[1]


async def snooze(ctx: Context, value: str) -> list[Reply]:
    """"Not yet — remind me in 3 days": this person only, once per period."""
    found = await _mine(ctx, value)
    if isinstance(found, list):
        return found
    tandem, me, period = found
    t = ctx.t
    row = await ctx.repos.checkins.get(tandem.id, me.id, "checkin", period)
    if row is None or row.closed_at is not None:
        return [Update(Text(t("This check-in is already closed: a session was logged. "
                              "Nothing to do.")))]
    if row.snoozed_until is not None:
        return [Text(t("I can remind you only once per session, and you already asked me to "
                       "(on {date}). Once you have met, press **Yes — log it**; if something "
                       "is in the way, **We need help** reaches the coordinators privately.",
                       date=long_date(t, row.snoozed_until)))]
    until = ctx.today(me.timezone) + timedelta(days=wording.SNOOZE_DAYS)
    row.snoozed_until, row.answer = until, "snoozed"
    members = await members_of(ctx.repos, tandem)
    tp = translator_of(me, ctx.program)
    later = ctx.now + timedelta(days=wording.SNOOZE_DAYS)
    await ctx.repos.outbox.enqueue(
        key("snoozed", tandem.id, me.key, period), me.key,
        message_to_dict(wording.snoozed_card(tp, members, me, period)), ctx.now,
        not_before=not_before(later, me, ctx.program))
    return as_update([Text(t("Okay — I will ask you again on {date}. Only you get this "
                             "reminder.", date=long_date(t, until)))])


async def ask_help(ctx: Context, value: str) -> list[Reply]:
    """"We need help": asks for an optional line, then tells the coordinators privately."""
    found = await _mine(ctx, value)
    if isinstance(found, list):
        return found
    tandem, me, period = found
    t = ctx.t
    if not ctx.program.coordinators:
        return [Text(t("This program has no coordinators configured yet; please contact "
                       "your HR team directly."))]
    await ctx.repos.states.put(ctx.actor.key, HELP_FLOW, ASKING + "help",
                               {"tandem": tandem.id, "period": period.isoformat()}, ctx.now)
    members = await members_of(ctx.repos, tandem)
    return [Card(t("Ask the coordinators for help"), (
        t("Tell me in one message what is in the way — only the coordinators will see it; "
          "{partner} is not told. (`cancel` to stop)", partner=partners_text(members, me.id)),),
        (Button("checkin.help_send", t("Send without a note"),
                wording.value(tandem.id, period)),))]


async def send_help(ctx: Context, value: str, note: str = "") -> list[Reply]:
    found = await _mine(ctx, value)
    if isinstance(found, list):
        return found
    tandem, me, period = found
    state = await ctx.repos.states.get(ctx.actor.key, HELP_FLOW)
    if state is not None:
        await ctx.repos.states.end(state)
    for kind in ("checkin", "reminder", "target"):
        row = await ctx.repos.checkins.get(tandem.id, me.id, kind, period)
        if row is not None and row.closed_at is None:
            row.answer = "help"  # counted in the quiet-tandem message; the note is not kept
    members = await members_of(ctx.repos, tandem)
    note = " ".join(note.split())[:MAX_NOTE]
    for coordinator in sorted(ctx.program.coordinators):
        reader = await ctx.repos.people.by_key(coordinator)
        tc = translator_of(reader, ctx.program)
        body = Card(tc("Help requested"), (
            tc("**{who}** asks for help with tandem #{id} (with {partner}). Their partner "
               "has not been told.", who=person_name(me, me.key), id=tandem.id,
               partner=partners_text(members, me.id))
            + (("\n\n> " + verbatim(note)) if note else ""),
            tc("Reply to them directly."),
        ), (Button("tandems.end", tc("End tandem #{id}…", id=tandem.id), str(tandem.id)),))
        await ctx.repos.outbox.enqueue(
            f"checkin-help:{tandem.id}:{me.key}:{period.isoformat()}:{coordinator}:"
            f"{ctx.now.isoformat()}", coordinator, message_to_dict(body), ctx.now,
            not_before=not_before(ctx.now, reader, ctx.program))  # not their own action
    return as_update([Text(ctx.t("Your message went privately to the program coordinators; "
                                 "{partner} has not been told. A coordinator will get in "
                                 "touch with you.", partner=partners_text(members, me.id)))])


async def answer_help(ctx: Context, text: str, state: ConversationState) -> list[Reply]:
    """The DM answering "What is in the way?": sent to the coordinators, stored nowhere."""
    if not " ".join(text.split()):
        return [Text(ctx.t("Please write in one message what is in the way, or type `cancel` "
                           "to stop."))]
    value = f"{state.data.get('tandem')}:{state.data.get('period')}"
    return await send_help(ctx, value, text)


async def nudge(ctx: Context, value: str) -> list[Reply]:
    """A coordinator's "Nudge both again": a new check-in to each member, once per quiet
    period."""
    t = ctx.t
    if not ctx.program.is_coordinator(ctx.actor.key):
        return refuse(ctx)
    parsed = _parse(value)
    tandem = await ctx.repos.tandems.get(parsed[0]) if parsed else None
    if (parsed is None or tandem is None or tandem.program_id != ctx.program_id
            or tandem.status != TandemState.ACTIVE or tandem.due_on is None):
        return [Text(t("Tandem #{id} is not active any more. Nothing was sent.",
                       id=parsed[0] if parsed else "?"))]
    if tandem.due_on > parsed[1]:
        return [Update(Text(t("Tandem #{id} has logged a session since. Nothing was sent.",
                              id=tandem.id)))]
    members = await members_of(ctx.repos, tandem)
    if paused_until(members, await ctx.repos.enrollments.for_people(
            ctx.program_id, [p.id for p in members.current()])) is not None:
        return [Text(t("Tandem #{id} is on a break. Nothing was sent.", id=tandem.id))]
    today = program_today(ctx.program, ctx.now)
    period = tandem.due_on + timedelta(
        days=max((today - tandem.due_on).days, 0) // tandem.cadence_days * tandem.cadence_days)
    await ctx.repos.checkins.ask_many([(tandem.id, p.id, "checkin", period)
                                       for p in members.current()], ctx.now)
    sent = []
    for person in members.current():
        tp = translator_of(person, ctx.program)
        card = wording.checkin_card(tp, ctx.program, members, person, period)
        if await ctx.repos.outbox.enqueue(
                key("nudge", tandem.id, person.key, parsed[1]), person.key,
                message_to_dict(card), ctx.now,
                not_before=not_before(ctx.now, person, ctx.program)):
            sent.append(person)
    if not sent:
        return [Text(t("Tandem #{id} was already nudged in this quiet period. Nothing was sent "
                       "again.", id=tandem.id))]
    return as_update([Text(t("Done: {people} got a new check-in. Tandem #{id} stays in "
                             "`tandems quiet` until they log a session.",
                             people=names(sent), id=tandem.id))])


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    if action == "checkin.snooze":
        return await snooze(ctx, value)
    if action == "checkin.help":
        return await ask_help(ctx, value)
    if action == "checkin.help_send":
        return await send_help(ctx, value)
    if action == "checkin.nudge":
        return await nudge(ctx, value)
    return [Text(ctx.t("This button is no longer in use. Type `help` to see what you can do."))]


ANSWERS = Flow(
    buttons=(("checkin.", on_button),),
    conversations=((HELP_FLOW, answer_help),),
    due=(session_nudges,),
)
