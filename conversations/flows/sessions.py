"""Sessions a tandem held: `log` records one, `sessions` lists them.

Any member of an active tandem logs the tandem's session (in a circle, anyone logs it for the
whole circle). One session per tandem and day: logging a day that is already logged (the
partner did, or a double submit) stores nothing and says who logged it. Only the one who
logged a session corrects or removes it (once they are no longer in the tandem, any member
may); the others' notice asks them to. Only the facts are kept (day, minutes, what it was
about): never private notes. Every change of the due day goes through
`aggregates/cadence.py`.

The notices to the others are not replies to their own action: they wait for each
recipient's working time (`not_before`), like everything else the bot sends unasked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm.attributes import flag_modified

from conversations.aggregates import cadence
from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.enrollment import EnrollmentState
from conversations.aggregates.tandem import TandemState
from conversations.commands import Command, Flow, HelpLine, parse_id, parse_number
from conversations.context import Context
from conversations.flows import checkin_close, retros
from conversations.flows.circle_wording import is_circle
from conversations.flows.members import Members, members_of, partners_text
from conversations.flows.quiet import last_met
from conversations.flows.wording import (
    accepted,
    as_text,
    form_texts,
    long_date,
    parse_day,
    person_name,
    translator_of,
)
from conversations.i18n import Translator
from conversations.program import Program
from conversations.replies import (
    Button,
    Card,
    Choice,
    Field,
    Form,
    FormAccepted,
    FormErrors,
    Reply,
    Text,
    Update,
    message_to_dict,
    verbatim,
)
from conversations.sanitize import is_blank
from conversations.working_time import notice_time
from storage.models import Person, SessionRow, Tandem

MIN_MINUTES, MAX_MINUTES = 5, 480
MAX_TOPIC = 200
LISTED = 10  # sessions shown by `sessions`, the latest
WITH_BUTTONS = 5  # of those, the latest get their correct / remove buttons
LOG_FORM = "log"  # form id "log:<tandem id>" (the check-ins' "Yes — log it" opens it)
EDIT_FORM = "logedit"  # form id "logedit:<session id>"

Values = dict[str, str | list[str]]


@dataclass(frozen=True)
class Logged:
    """A log form's answers, checked."""
    held_on: date
    minutes: int
    topic: str
    planned_on: date | None
    replan: bool = False  # the form showed the plan: `planned_on` replaces it (None: no plan)


@dataclass(frozen=True)
class Mine:
    """A tandem of the person acting: its members, and who they are in it."""
    members: Members
    me: Person
    today: date  # in the person's own zone

    @property
    def tandem(self) -> Tandem:
        return self.members.tandem


def typed(t: Translator, day: date) -> str:
    """A date as the reader types it: 31.03.2027 in German, 2027-03-31 otherwise."""
    return day.strftime("%d.%m.%Y") if t.language == "de" else day.isoformat()


def _local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def topic_text(t: Translator, program: Program, topic: str | None) -> str:
    """What a session was about, for the reader: a program topic by its label, else as typed."""
    if not topic:
        return "—"
    return program.topic_label(topic, t.language) or verbatim(topic)


def _choices(t: Translator, program: Program, tandem: Tandem) -> tuple[Choice, ...]:
    """The tandem's kick-off goals, then its shared topics."""
    goals = [Choice(f"goal{i}", verbatim(g)) for i, g in enumerate(tandem.goals, 1)]
    topics = [Choice(x, program.topic_label(x, t.language) or verbatim(x))
              for x in tandem.shared_topics if not x.startswith("goal")]
    return tuple(goals + topics)


def _picked(tandem: Tandem, value: str) -> str | None:
    """The topic a choice stands for: a goal's text, or a shared topic's id."""
    if value.startswith("goal") and (n := parse_number(value[4:], 1, len(tandem.goals))):
        return tandem.goals[n - 1]
    return value if value in tandem.shared_topics else None


def _about_values(tandem: Tandem, topic: str | None) -> tuple[str | None, str | None]:
    """A stored topic as the form's (choice, own words), to prefill a correction."""
    if topic is None:
        return None, None
    if topic in tandem.goals:
        return f"goal{tandem.goals.index(topic) + 1}", None
    if topic in tandem.shared_topics:
        return topic, None
    return None, topic


def shown_plan(mine: Mine, row: SessionRow | None) -> date | None:
    """The plan the form shows in its Next session field, to keep or to empty: a new log's
    (a plan after today: a plan for today is the session being logged), or that of the
    correction of the tandem's latest session, the one the plan follows. An earlier
    session's correction leaves the plan to the later ones."""
    tandem, today = mine.tandem, mine.today
    plan = tandem.planned_on
    if plan is None:
        return None
    if row is None:
        return plan if plan > today else None
    latest = row.held_on == tandem.last_session_on
    return plan if latest and plan > row.held_on and plan >= today else None


def check(ctx: Context, mine: Mine, values: Values, *, whole: bool = True,
          row: SessionRow | None = None) -> tuple[dict[str, str], Logged | None]:
    """The log form's rules: (errors by field id, the checked answers or None). `whole`:
    a submission (a platform may leave out empty fields), not the answers given so far;
    `row`: the session being corrected."""
    t, tandem, today = ctx.t, mine.tandem, mine.today
    errors: dict[str, str] = {}
    began = _local_day(tandem.approved_at, _zone(ctx, mine.me))
    held = parse_day(as_text(values.get("date")))
    if held is None:
        errors["date"] = t("Please give a date like {example}.", example=typed(t, today))
    elif held > today:
        errors["date"] = t("Please choose a day that is not in the future.")
    elif held < began:
        errors["date"] = t("Please choose a day on or after {date}, when your tandem began.",
                           date=long_date(t, began))
    minutes = parse_number(as_text(values.get("minutes")), MIN_MINUTES, MAX_MINUTES)
    if minutes is None:
        errors["minutes"] = t("Please give a number of minutes from {low} to {high}.",
                              low=MIN_MINUTES, high=MAX_MINUTES)
    own = " ".join(as_text(values.get("about_text")).split())
    topic: str | None = None
    if own and not is_blank(own):  # their own words win over a choice
        if len(own) > MAX_TOPIC:
            errors["about_text"] = t("Please keep it under {n} characters.", n=MAX_TOPIC)
        topic = own
    elif picked := as_text(values.get("about")):
        topic = _picked(tandem, picked)
        if topic is None:
            errors["about"] = t("Please choose one of the listed topics.")
    if topic is None and "about" not in errors and (whole or "about_text" in values):
        # On the last of the two fields: a console asking one field at a time has both.
        errors["about_text"] = t("Please choose what the session was about, or say it in a "
                                 "few words.")
    planned = None
    if next_text := as_text(values.get("next")):
        planned = parse_day(next_text)
        if planned is None:
            errors["next"] = t("Please give a date like {example}, or leave it empty.",
                               example=typed(t, today))
        elif held is not None and planned <= held:
            errors["next"] = t("Please choose a day after the session.")
        elif planned < today:
            errors["next"] = t("Please choose a day that is not in the past.")
        elif planned > ctx.program.end:
            errors["next"] = t("Please choose a date inside the program, which ends on {date}.",
                               date=long_date(t, ctx.program.end))
    if errors or held is None or minutes is None or topic is None:
        return errors, None
    return errors, Logged(held, minutes, topic, planned,
                          replan=shown_plan(mine, row) is not None)


def log_form(ctx: Context, mine: Mine, values: Values | None = None,
             row: SessionRow | None = None, *, held_on: date | None = None) -> Form:
    """The log form, prefilled: `held_on` (a check-in's due day) or today and the tandem's
    session length, or the session `row` being corrected; the plan it may keep or empty
    (`shown_plan`); `values`, the answers of a refused submission."""
    t, tandem, today = ctx.t, mine.tandem, mine.today
    held_on = held_on if held_on is not None and held_on <= today else today
    given = values or {}

    def pick(key: str, current: str | None) -> str | None:
        v = given.get(key)
        return (v if isinstance(v, str) else None) if given else current

    choices = _choices(t, ctx.program, tandem)
    about, own = _about_values(tandem, row.topic if row else None)
    planned = shown_plan(mine, row)
    fields = [
        Field("date", t("Date ({example})", example=typed(t, today)), "text", required=True,
              initial=pick("date", typed(t, row.held_on if row else held_on))),
        Field("minutes", t("Minutes ({low}–{high})", low=MIN_MINUTES, high=MAX_MINUTES),
              "text", required=True,
              initial=pick("minutes", str(row.minutes if row else tandem.session_minutes))),
    ]
    if choices:
        fields.append(Field("about", t("What it was about"), "single", choices=choices,
                            initial=pick("about", about)))
    fields += [
        Field("about_text", t("Or in your own words (up to {n} characters)", n=MAX_TOPIC)
              if choices else t("What it was about (up to {n} characters)", n=MAX_TOPIC),
              "text", initial=pick("about_text", own)),
        Field("next", t("Next session, if planned ({example})",
                        example=typed(t, planned or today)), "text",
              initial=pick("next", typed(t, planned) if planned else None)),
    ]
    circle = is_circle(tandem)
    return Form(
        form_id=f"{EDIT_FORM}:{row.id}" if row else f"{LOG_FORM}:{tandem.id}",
        title=t("Correct a session") if row else t("Log a session"),
        intro=(t("One entry for the whole circle: everyone in it is told.") if circle else
               t("One entry for your tandem: your partner is told.")),
        fields=tuple(fields),
        submit_label=t("Save"),
        cancel_label=t("Cancel"),
        open_action="sessions.edit" if row else "sessions.log",
        open_value=(str(row.id) if row else str(tandem.id) if held_on == today
                    else f"{tandem.id}:{held_on.isoformat()}"), **form_texts(t),
        check=lambda answers: check(ctx, mine, answers, whole=False, row=row)[0],
    )


def _zone(ctx: Context, person: Person) -> str:
    """The person's zone: the platform's, else their profile's, else the program's."""
    for zone in (ctx.actor.timezone, person.timezone):
        if zone:
            try:
                ZoneInfo(zone)
                return zone
            except (KeyError, ValueError, OSError):
                continue
    return ctx.program.timezone


async def _mine(ctx: Context, tandem: Tandem | None) -> Mine | None:
    """The tandem, if the person acting is a current member and it has not ended."""
    me = await ctx.repos.people.by_key(ctx.actor.key)
    if (tandem is None or me is None or tandem.program_id != ctx.program_id
            or tandem.status == TandemState.DISSOLVED
            or tandem_states.member(tandem, me.id) is None):
        return None
    return Mine(await members_of(ctx.repos, tandem), me, ctx.today(_zone(ctx, me)))


async def _of_session(ctx: Context, value: str) -> tuple[Mine, SessionRow] | None:
    session_id = parse_id(value)
    row = await ctx.repos.sessions.get(session_id) if session_id else None
    if row is None:
        return None
    mine = await _mine(ctx, await ctx.repos.tandems.get(row.tandem_id))
    return (mine, row) if mine else None


def _not_yours(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("This belongs to a tandem you are not part of, or that has ended. "
                       "Type `status` to see yours."))]


def _gone(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("That session is no longer there: it was removed. Type `sessions` to "
                       "see your tandem's sessions."))]


def _not_active(ctx: Context, tandem: Tandem) -> list[Reply]:
    return [Text(ctx.t("Tandem #{id} is still in its kick-off: once it is active, you can log "
                       "its sessions.", id=tandem.id))]


def _line(t: Translator, program: Program, row: SessionRow) -> str:
    """"March 3, 2027, 45 minutes: Use AI assistants daily"."""
    return t("{date}, {minutes} minutes: {topic}", date=long_date(t, row.held_on),
             minutes=row.minutes, topic=topic_text(t, program, row.topic))


def _logger(members: Members, row: SessionRow) -> Person | None:
    return members.people.get(row.logged_by) if row.logged_by is not None else None


def _may_change(mine: Mine, row: SessionRow) -> bool:
    """Who logged a session corrects or removes it; once they are no longer in the tandem
    (or unknown), any member may, or nobody could."""
    return row.logged_by == mine.me.id or row.logged_by not in {
        p.id for p in mine.members.current()}


def _only_logger(ctx: Context, mine: Mine, row: SessionRow) -> list[Reply]:
    who = _logger(mine.members, row)
    assert who is not None  # _may_change: the logger is a current member
    return [Text(ctx.t("Only {who}, who logged it, can correct or remove this session. You can "
                       "ask them to, and log your own sessions with `log`.",
                       who=person_name(who, who.key)))]


def _at(ctx: Context, person: Person) -> datetime:
    return notice_time(ctx.now, person, ctx.program)


async def next_session(ctx: Context, members: Members, today: date) -> str:
    """"Next session planned: …" or "Next session due: …"; while a member is on a break,
    the day it will be due once they are back as planned (the break moves it)."""
    t, tandem = ctx.t, members.tandem
    enrollments = await ctx.repos.enrollments.for_people(
        ctx.program_id, [p.id for p in members.current()])
    away = [cadence.Break(e.paused_from, e.paused_until) for e in enrollments.values()
            if e.status == EnrollmentState.PAUSED]
    if away:
        due = cadence.projected(tandem, last_met(tandem, ctx.program), away)
        return (t("Next session due: {date}, after the break.", date=long_date(t, due))
                if due else "")
    if tandem.planned_on is not None and tandem.planned_on >= today:
        return t("Next session planned: {date}.", date=long_date(t, tandem.planned_on))
    if tandem.due_on is not None:
        return t("Next session due: {date}.", date=long_date(t, tandem.due_on))
    return ""


async def _current(ctx: Context) -> tuple[Person | None, list[Tandem]]:
    me = await ctx.repos.people.by_key(ctx.actor.key)
    if me is None:
        return None, []
    return me, await ctx.repos.tandems.current_for(ctx.program_id, me.id)


def _which(ctx: Context, tandems: list[Tandem], args: str) -> Tandem | list[Reply] | None:
    """The tandem `log 12` names; None without a number; a reply when it names none of theirs."""
    if not args:
        return None
    wanted = parse_id(args.split(" ", 1)[0])
    found = next((x for x in tandems if x.id == wanted), None)
    if found is None:
        return [Text(ctx.t("Please give the number of one of your tandems: {ids}.",
                           ids=", ".join(f"#{x.id}" for x in tandems)))]
    return found


async def log_command(ctx: Context, args: str, prefix: str) -> list[Reply]:
    """`log` (or `log 12` for one of several tandems): the log form."""
    t = ctx.t
    me, tandems = await _current(ctx)
    if me is None or not tandems:
        return [Text(t("You can log sessions once you are in a tandem. Type `status` to see "
                       "where you stand."))]
    chosen = _which(ctx, tandems, args)
    if isinstance(chosen, list):
        return chosen
    active = [x for x in tandems if x.status == TandemState.ACTIVE]
    if chosen is None and len(active) == 1:
        chosen = active[0]
    if chosen is None and not active:
        chosen = tandems[0]
    if chosen is not None:
        if chosen.status != TandemState.ACTIVE:
            return _not_active(ctx, chosen)
        mine = await _mine(ctx, chosen)
        return [log_form(ctx, mine)] if mine else _not_yours(ctx)
    buttons = []
    for tandem in active:
        members = await members_of(ctx.repos, tandem)
        buttons.append(Button("sessions.log", t("#{id} with {partner}", id=tandem.id,
                                                 partner=partners_text(members, me.id)),
                              str(tandem.id)))
    return [Card(t("Log a session"), (t("Which tandem did you meet with?"),), tuple(buttons))]


async def list_command(ctx: Context, args: str, prefix: str) -> list[Reply]:
    """`sessions`: each current tandem's sessions, and when the next one is due."""
    t = ctx.t
    me, tandems = await _current(ctx)
    if me is None or not tandems:
        return [Text(t("You are not in a tandem yet, so there are no sessions to show. Type "
                       "`status` to see where you stand."))]
    chosen = _which(ctx, tandems, args)
    if isinstance(chosen, list):
        return chosen
    replies: list[Reply] = []
    for tandem in [chosen] if chosen else tandems:
        mine = await _mine(ctx, tandem)
        if mine is not None:
            replies.append(await _overview(ctx, mine))
    return replies


async def _overview(ctx: Context, mine: Mine) -> Card:
    t, tandem, members = ctx.t, mine.tandem, mine.members
    rows = await ctx.repos.sessions.of(tandem.id)
    shown = rows[-LISTED:]
    lines = []
    for row in reversed(shown):  # the latest first
        who = _logger(members, row)
        lines.append("- " + _line(t, ctx.program, row) + (
            " " + t("(logged by {who})", who=person_name(who, who.key)) if who else ""))
    if len(rows) > len(shown):
        lines.append(t("… and {n} earlier.", n=len(rows) - len(shown)))
    sections = ["\n".join(lines) if lines else t("No session logged yet.")]
    if tandem.status != TandemState.ACTIVE:
        sections.append(t("The kick-off is not complete yet: sessions can be logged once the "
                          "tandem is active."))
    elif line := await next_session(ctx, members, mine.today):
        sections.append(line)
    buttons = []
    if tandem.status == TandemState.ACTIVE:
        buttons.append(Button("sessions.log", t("Log a session"), str(tandem.id), "primary"))
    for row in [r for r in reversed(shown) if _may_change(mine, r)][:WITH_BUTTONS]:
        day = t.date(row.held_on, "medium")
        buttons.append(Button("sessions.edit", t("Correct {date}", date=day), str(row.id)))
        buttons.append(Button("sessions.remove", t("Remove {date}", date=day), str(row.id)))
    partner = partners_text(members, mine.me.id)
    title = (t("Sessions of your circle #{id} with {people}", id=tandem.id, people=partner)
             if is_circle(tandem) else
             t("Sessions of your tandem #{id} with {partner}", id=tandem.id, partner=partner))
    return Card(title, tuple(sections), tuple(buttons))


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    if action == "sessions.log":  # "<tandem id>", or a check-in's "<tandem id>:<due day>"
        raw_id, _, raw_day = value.partition(":")
        tandem_id = parse_id(raw_id)
        mine = await _mine(ctx, await ctx.repos.tandems.get(tandem_id) if tandem_id else None)
        if mine is None:
            return _not_yours(ctx)
        if mine.tandem.status != TandemState.ACTIVE:
            return _not_active(ctx, mine.tandem)
        return [log_form(ctx, mine, held_on=parse_day(raw_day) if raw_day else None)]
    found = await _of_session(ctx, value)
    if found is None:
        session_id = parse_id(value)
        if session_id is not None and await ctx.repos.sessions.get(session_id) is None:
            return _gone(ctx)
        return _not_yours(ctx)
    mine, row = found
    if action == "sessions.keep":
        return [Update(Text(t("Nothing changed: the session of {date} stays.",
                              date=long_date(t, row.held_on))))]
    if action == "sessions.ask" and not _may_change(mine, row):
        return await _ask_logger(ctx, mine, row)
    if action in ("sessions.edit", "sessions.remove", "sessions.remove_confirm") and (
            not _may_change(mine, row)):
        return _only_logger(ctx, mine, row)
    if action in ("sessions.edit", "sessions.ask"):
        return [log_form(ctx, mine, row=row)]
    if action == "sessions.remove":
        return [Card(t("Remove the session of {date}?", date=long_date(t, row.held_on)),
                     (_line(t, ctx.program, row),
                      t("It no longer counts for your tandem, and the others are told.")),
                     (Button("sessions.remove_confirm", t("Yes, remove it"), str(row.id),
                             "danger"),
                      Button("sessions.keep", t("Cancel: keep it"), str(row.id))))]
    if action == "sessions.remove_confirm":
        return [Update(Text(await _remove(ctx, mine, row)))]
    return [Text(t("This button is no longer in use. Type `help` to see what you can do."))]


async def _ask_logger(ctx: Context, mine: Mine, row: SessionRow) -> list[Reply]:
    """A member's "Ask for a correction": the one who logged the session hears of it (in
    their working time) with the button to correct it; once per version of the session."""
    t, me = ctx.t, mine.me
    who = _logger(mine.members, row)
    assert who is not None  # not _may_change: the logger is a current member
    tp = translator_of(who, ctx.program)
    card = Card(tp("Please check a session"), (
        tp("{who} asks you to check the session you logged: {session}.",
           who=person_name(me, me.key), session=_line(tp, ctx.program, row)),),
        (Button("sessions.edit", tp("Correct it"), str(row.id), "primary"),))
    if not await ctx.repos.outbox.enqueue(
            f"session_ask:{row.id}:{row.version}:{me.key}>{who.key}", who.key,
            message_to_dict(card), ctx.now, not_before=_at(ctx, who)):
        return [Text(t("You already asked {who} to check this session.",
                       who=person_name(who, who.key)))]
    return [Text(t("I asked {who} to check the session of {date}: only they, who logged it, "
                   "can correct it.", who=person_name(who, who.key),
                   date=long_date(t, row.held_on)))]


async def _remove(ctx: Context, mine: Mine, row: SessionRow) -> str:
    t, tandem = ctx.t, mine.tandem
    held_on = row.held_on
    await ctx.repos.sessions.remove(row)
    cadence.recount(tandem, _activated_on(ctx, tandem),
                    [s.held_on for s in await ctx.repos.sessions.of(tandem.id)])
    _recounted(tandem)
    for other in mine.members.others(mine.me.id):
        tp = translator_of(other, ctx.program)
        note = Text(tp("{who} removed the session of {date} from your tandem's sessions.",
                       who=person_name(mine.me, mine.me.key), date=long_date(tp, held_on)))
        await ctx.repos.outbox.enqueue(f"session_gone:{row.id}>{other.key}", other.key,
                                       message_to_dict(note), ctx.now,
                                       not_before=_at(ctx, other))
    return t("Removed: the session of {date}. Type `sessions` to see the others.",
             date=long_date(t, held_on))


def _recounted(tandem: Tandem) -> None:
    """The tandem's version moves with every change to its sessions, even when the due day
    stays: two changes at once then collide, and the second counts with the first's."""
    flag_modified(tandem, "due_on")


def _activated_on(ctx: Context, tandem: Tandem) -> date:
    return _local_day(tandem.activated_at or tandem.approved_at, ctx.program.timezone)


def _already(ctx: Context, mine: Mine, row: SessionRow) -> Card:
    """A second log of a day: it counts once; who logged it, and a way to correct it (for
    the others: to ask them to)."""
    t = ctx.t
    who = _logger(mine.members, row)
    line = _line(t, ctx.program, row)
    if who is None or _may_change(mine, row):
        return Card(t("Already logged"), (
            t("You already logged this session: {session}. It counts once; you can correct "
              "it.", session=line) if who is not None and who.id == mine.me.id else
            t("This session is already logged: {session}. It counts once; you can correct "
              "it.", session=line),), (Button("sessions.edit", t("Correct it"), str(row.id)),))
    name = person_name(who, who.key)
    return Card(t("Already logged"), (
        t("{who} already logged this session: {session}. It counts once, for all of you; only "
          "{who} can correct it.", who=name, session=line),),
        (Button("sessions.ask", t("Ask for a correction"), str(row.id)),))


async def on_form(ctx: Context, form_id: str, values: Values) -> list[Reply]:
    t = ctx.t
    kind, _, raw_id = form_id.partition(":")
    row: SessionRow | None = None
    if kind == EDIT_FORM:
        found = await _of_session(ctx, raw_id)
        if found is None:
            return [FormAccepted(form_id, accepted(t)), *_not_yours(ctx)]
        mine, row = found
        if not _may_change(mine, row):
            return [FormAccepted(form_id, accepted(t)), *_only_logger(ctx, mine, row)]
    else:
        tandem_id = parse_id(raw_id)
        got = await _mine(ctx, await ctx.repos.tandems.get(tandem_id) if tandem_id else None)
        if got is None:
            return [FormAccepted(form_id, accepted(t)), *_not_yours(ctx)]
        mine = got
    if mine.tandem.status != TandemState.ACTIVE:
        return [FormAccepted(form_id, accepted(t)), *_not_active(ctx, mine.tandem)]
    errors, logged = check(ctx, mine, values, row=row)
    if errors or logged is None:
        return [FormErrors(form_id, errors, log_form(ctx, mine, values, row))]
    same_day = await ctx.repos.sessions.on_day(mine.tandem.id, logged.held_on)
    if row is None:
        if same_day is not None:
            return [FormAccepted(form_id, accepted(t)), _already(ctx, mine, same_day)]
        return [FormAccepted(form_id, accepted(t)), *await _log(ctx, mine, logged)]
    if same_day is not None and same_day.id != row.id:
        return [FormErrors(form_id, {"date": t(
            "There is already a session on {date}: please correct that one instead.",
            date=long_date(t, logged.held_on))}, log_form(ctx, mine, values, row))]
    return [FormAccepted(form_id, accepted(t)), *await _correct(ctx, mine, row, logged)]


async def _log(ctx: Context, mine: Mine, logged: Logged) -> list[Reply]:
    t, tandem = ctx.t, mine.tandem
    row = await ctx.repos.sessions.add(SessionRow(
        tandem_id=tandem.id, held_on=logged.held_on, minutes=logged.minutes,
        topic=logged.topic, logged_by=mine.me.id, created_at=ctx.now, updated_at=ctx.now))
    cadence.session_held(tandem, logged.held_on, logged.planned_on, replan=logged.replan)
    _recounted(tandem)
    await checkin_close.close_period(ctx.repos, tandem, ctx.now)
    await _tell_others(ctx, mine, row, f"session:{row.id}", corrected=False)
    await retros.ask_after_session(ctx, mine.members, row)
    return [Text(t("Logged: {session}.", session=_line(t, ctx.program, row))
                 + await _next_line(ctx, mine))]


async def _correct(ctx: Context, mine: Mine, row: SessionRow, logged: Logged) -> list[Reply]:
    t, tandem = ctx.t, mine.tandem
    before = row.version
    row.held_on, row.minutes, row.topic = logged.held_on, logged.minutes, logged.topic
    row.updated_at = ctx.now
    cadence.recount(tandem, _activated_on(ctx, tandem),
                    [s.held_on for s in await ctx.repos.sessions.of(tandem.id)])
    cadence.session_held(tandem, logged.held_on, logged.planned_on, replan=logged.replan)
    _recounted(tandem)
    await _tell_others(ctx, mine, row, f"session_fix:{row.id}:{before}", corrected=True)
    return [Text(t("Corrected: {session}.", session=_line(t, ctx.program, row))
                 + await _next_line(ctx, mine))]


async def _next_line(ctx: Context, mine: Mine) -> str:
    line = await next_session(ctx, mine.members, mine.today)
    return " " + line if line else ""


async def _tell_others(ctx: Context, mine: Mine, row: SessionRow, key: str, *,
                       corrected: bool) -> None:
    """One line to each other member, in their language, with a button to ask for a
    correction. Not a reply to their own action: it waits for their working time."""
    who = person_name(mine.me, mine.me.key)
    for other in mine.members.others(mine.me.id):
        tp = translator_of(other, ctx.program)
        facts = {"who": who, "date": long_date(tp, row.held_on), "minutes": row.minutes,
                 "topic": topic_text(tp, ctx.program, row.topic)}
        line = (tp("{who} corrected your session of {date}: {minutes} minutes: {topic}",
                   **facts) if corrected else
                tp("{who} logged your session on {date}, {minutes} minutes: {topic}", **facts))
        note = Card(tp("Session corrected") if corrected else tp("Session logged"), (line,),
                    (Button("sessions.ask", tp("Ask for a correction"), str(row.id)),))
        await ctx.repos.outbox.enqueue(f"{key}>{other.key}", other.key, message_to_dict(note),
                                       ctx.now, not_before=_at(ctx, other))


ANSWERS = Flow(
    commands=(
        Command("log", ("log",), ("eintragen", "protokoll", "protokollieren"), log_command,
                (HelpLine("log", lambda t: t("log a session your tandem held"), 45),)),
        Command("sessions", ("sessions",), ("treffen", "sitzungen"), list_command,
                (HelpLine("sessions", lambda t: t("your tandem's sessions and when the next "
                                                  "one is due"), 46),)),
    ),
    buttons=(("sessions.", on_button),),
    forms=((f"{LOG_FORM}:", on_form), (f"{EDIT_FORM}:", on_form)),
)
