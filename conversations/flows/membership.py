"""Status, pause, resume and leave: a participant's control over their own enrolment."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from conversations.aggregates import IllegalTransition, cadence
from conversations.aggregates import enrollment as enrollments
from conversations.aggregates import tandem as tandem_states
from conversations.aggregates.enrollment import EnrollmentState
from conversations.aggregates.tandem import TandemState
from conversations.commands import Command, Flow, HelpLine
from conversations.context import Context
from conversations.due import DueRun
from conversations.flows import (
    checkin_close,
    hours,
    kickoff,
    peer_signup,
    sessions,
    tandems,
)
from conversations.flows.circle_wording import is_circle
from conversations.flows.members import members_of, names, partners_text
from conversations.flows.quiet import last_met
from conversations.flows.wording import (
    long_date,
    parse_day,
    role_name,
    translator_of,
)
from conversations.program import Program
from conversations.replies import (
    Button,
    Card,
    Reply,
    Text,
    as_update,
    message_to_dict,
    verbatim,
)
from conversations.working_time import next_working_moment, notice_time, working_time_of
from storage.models import Enrollment, Person, Tandem
from storage.repositories import Repositories

MAX_PAUSE = timedelta(days=366)
log = logging.getLogger("tandem.due")


async def _enrollment(ctx: Context) -> Enrollment | None:
    person = await ctx.repos.people.by_key(ctx.actor.key)
    if person is None:
        return None
    enrollment = await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
    return enrollment if enrollment and enrollment.status != EnrollmentState.WITHDRAWN else None


enrollment_of = _enrollment  # the person's live enrollment (their home page asks too)


def _not_enrolled(ctx: Context) -> list[Reply]:
    return [Text(ctx.t("You are not signed up for **{program}**. Type `join` to sign up.",
                       program=ctx.program.name))]


async def status(ctx: Context) -> list[Reply]:
    """The person's own place; for a coordinator, the program's counts too."""
    own = await own_status(ctx)
    if not ctx.program.is_coordinator(ctx.actor.key):
        return own
    overview = Text(await tandems.program_overview(ctx))
    return [overview] if await _enrollment(ctx) is None else [*own, overview]


async def own_status(ctx: Context) -> list[Reply]:
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    return await status_of(ctx, enrollment)


async def status_of(ctx: Context, enrollment: Enrollment) -> list[Reply]:
    """`status` of a live enrollment the caller already has (their home page)."""
    t = ctx.t
    topics = ", ".join(
        (ctx.program.topic_label(x, t.language) or verbatim(x))
        for x in enrollment.topics
    )
    lines = [t("**{program}** — you take part as **{role}**.", program=ctx.program.name,
               role=role_name(t, enrollment.role)),
             *(peer_signup.status_lines(ctx.program, t, enrollment)
               or [t("Topics: {topics}", topics=topics)])]
    current = await ctx.repos.tandems.current_for(ctx.program_id, enrollment.person_id)
    lines += await kickoff.status_lines(ctx, current, enrollment.person_id)
    lines += await _next_sessions(ctx, current, ctx.today(enrollment.timezone))
    if enrollment.status == EnrollmentState.PAUSED and enrollment.paused_until:
        lines.append(t("You are on a break until {date}. Type `resume` to come back earlier.",
                       date=long_date(t, enrollment.paused_until)))
    elif not current:
        lines.append(t("You are waiting for a circle. A coordinator will propose one.")
                     if ctx.program.format == "group" else
                     t("You are waiting for a tandem partner. A coordinator will propose one."))
    person = await ctx.repos.people.by_id(enrollment.person_id)
    if person is not None:
        lines.append(hours.status_line(ctx, person))
    replies: list[Reply] = [Text("\n\n".join(lines))]
    # The kick-off's buttons again: on the console a card shown in an earlier session is gone
    # with it, and without them a person could not agree to the rules or record goals.
    replies += [Card(t("Your circle's kick-off") if is_circle(tandem) else
                     t("Your tandem's kick-off"), (), kickoff.kickoff_buttons(t, tandem))
                for tandem in current if tandem.status == TandemState.KICKOFF]
    return replies


async def _next_sessions(ctx: Context, current: list[Tandem], today: date) -> list[str]:
    """When each active tandem meets next (its number first when there are several)."""
    active = [x for x in current if x.status == TandemState.ACTIVE]
    lines = []
    for tandem in active:
        line = await sessions.next_session(ctx, await members_of(ctx.repos, tandem), today)
        if line:
            lines.append(f"#{tandem.id}: {line}" if len(active) > 1 else line)
    return lines


# ASCII digits only: `\d` would also take "٢٠٢٧" (Arabic-Indic digits).
async def pause(ctx: Context, args: str) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    until = parse_day(args)
    today = ctx.today(enrollment.timezone)
    if until is None:
        return [Text(t("Please give the date your break ends, for example `pause 2027-03-31` "
                       "or `pause 31.03.2027`."))]
    if until <= today:
        return [Text(t("That date is not in the future. Please choose a day after {today}.",
                       today=long_date(t, today)))]
    if until - today > MAX_PAUSE:
        return [Text(t("A break can last at most a year. For longer, `leave` and `join` "
                       "again later."))]
    enrollments.pause(enrollment, until, ctx.now, today)
    await checkin_close.withdraw_for(ctx.repos, ctx.program_id, enrollment.person_id)
    return [Text(t("Your break is noted until {date}. You will not be matched or reminded "
                   "until then. Type `resume` to come back earlier.",
                   date=long_date(t, until)))]


async def resume(ctx: Context) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    try:
        taken = enrollments.resume(enrollment, ctx.now, ctx.today(enrollment.timezone))
    except IllegalTransition:
        return [Text(t("You are not on a break, so there is nothing to resume."))]
    await _tandems_go_on(ctx.repos, ctx.program, ctx.program_id, enrollment, taken)
    return [Text(t("Welcome back! Your break has ended."))]


async def _tandems_go_on(repos: Repositories, program: Program, program_id: int,
                         enrollment: Enrollment, taken: cadence.Break) -> None:
    """A break ended (typed `resume` or on its day): each of the person's tandems is due
    later by the days it was paused. Overlapping breaks of several members count once: a
    member still on a break counts the shared days when theirs ends."""
    for tandem in await repos.tandems.current_for(program_id, enrollment.person_id):
        others = [m.person_id for m in tandem_states.current(tandem)
                  if m.person_id != enrollment.person_id]
        away = [cadence.Break(e.paused_from, e.paused_until)
                for e in (await repos.enrollments.for_people(program_id, others)).values()
                if e.status == EnrollmentState.PAUSED]
        cadence.break_ended(tandem, taken, last_met(tandem, program), away)
        # The tandem's version moves even when the due day stays: two members back at once
        # collide, and the second counts its days knowing the first is back.
        flag_modified(tandem, "due_on")


async def leave(ctx: Context) -> list[Reply]:
    """`leave` asks first: a card says what leaving does; nothing changes until "Yes"."""
    t = ctx.t
    enrollment = await _enrollment(ctx)
    if enrollment is None:
        return _not_enrolled(ctx)
    consequences = [t("your sign-up answers are deleted (topics, languages, department, "
                      "manager, level);")]
    for tandem in await ctx.repos.tandems.current_for(ctx.program_id, enrollment.person_id):
        members = await members_of(ctx.repos, tandem)
        name = partners_text(members, enrollment.person_id)
        if _goes_on_without(tandem, enrollment.person_id):
            consequences.append(t("your circle with **{partners}** goes on without you; they "
                                  "are told that you left;", partners=name))
        elif is_circle(tandem):
            consequences.append(t("your circle with **{partners}** ends, because it needs "
                                  "both a mentor and a mentee; they are told kindly that you "
                                  "left and go back to the waiting list;", partners=name))
        else:
            consequences.append(t("your tandem with **{partner}** ends; {partner} is told "
                                  "kindly that you left and goes back to the waiting list;",
                                  partner=name))
    consequences += [t("you get no more matches, reminders or messages from Tandem;"),
                     t("you can `join` again at any time.")]
    # The value names the enrollment as read: a card shown before a re-join, a pause or an
    # approval is out of date, because what it promised may no longer be true.
    value = f"{enrollment.id}:{enrollment.version}"
    return [Card(
        t("Leave {program}?", program=ctx.program.name),
        (t("If you leave:") + "\n" + "\n".join(f"- {x}" for x in consequences),
         t("Only need a break? `pause 2027-03-31` keeps your place until that day.")),
        (Button("leave.confirm", t("Yes, leave"), value, "danger"),
         Button("leave.cancel", t("No, stay"), value)),
    )]


async def on_button(ctx: Context, action: str, value: str) -> list[Reply]:
    t = ctx.t
    enrollment = await _enrollment(ctx)
    raw_id, _, raw_version = value.partition(":")
    if enrollment is None:
        person = await ctx.repos.people.by_key(ctx.actor.key)
        row = (await ctx.repos.enrollments.for_person(ctx.program_id, person.id)
               if person else None)
        if row is not None and str(row.id) == raw_id:  # a second click, or an old card
            return [Text(t("You have already left **{program}**. Nothing changed. Type `join` "
                           "if you want to come back.", program=ctx.program.name))]
        return _not_enrolled(ctx)
    if action == "leave.cancel":  # the card is spent either way: it says what was decided
        return as_update([Text(t("Good to have you: nothing changed, you are still taking "
                                 "part."))])
    if action != "leave.confirm":
        return [Text(t("This button is no longer in use. Type `help` to see what you can do."))]
    if (raw_id, raw_version) != (str(enrollment.id), str(enrollment.version)):
        return [Text(t("This confirmation is out of date: something changed since it was "
                       "shown. Nothing changed now; type `leave` again to see what leaving "
                       "means today."))]
    await withdraw(ctx, enrollment)
    return as_update([Text(t("You have left **{program}**. You will get no more matches or "
                             "reminders, and your sign-up answers were deleted. Thank you for "
                             "taking part! Type `join` if you want to come back.",
                             program=ctx.program.name))])


async def withdraw(ctx: Context, enrollment: Enrollment, key: str | None = None) -> None:
    """`key`: the leaver's person key when someone else acts for them (a coordinator's
    `erase`); else the person acting."""
    key = key or ctx.actor.key
    # Leaving removes the person from everything future at once: no matching, no reminders,
    # no queued messages, no half-finished forms, and the reply promises that their sign-up
    # answers are deleted. What stays: the enrollment row as "withdrawn" with its role and
    # dates (the coordinators' counts of who took part and left), the person's platform
    # identity, and their tandems' ids, dates and end reason "left" (the program's history).
    enrollments.withdraw(enrollment, ctx.now)
    enrollment.topics, enrollment.languages, enrollment.never_match = [], [], []
    enrollment.wants = None
    enrollment.department = enrollment.manager = enrollment.level = None
    enrollment.timezone = ctx.program.timezone  # required column; theirs was an answer
    await ctx.repos.states.clear(key)
    await ctx.repos.outbox.drop_for(key)
    await _end_tandems_of_leaver(ctx, enrollment.person_id)
    # Copies of their answers: goals and shared topics of their tandems that ended (now or
    # before) with them in it, and their topics and languages in stored match proposals. A
    # circle that goes on without them keeps its goals: the others' shared agreement.
    for tandem in await ctx.repos.tandems.all_for(ctx.program_id, enrollment.person_id):
        left = any(m.person_id == enrollment.person_id and m.left_at is not None
                   for m in tandem.members)
        if tandem.status == TandemState.DISSOLVED and not left:
            tandem.goals, tandem.shared_topics = [], []
    await ctx.repos.matches.forget_person(ctx.program_id, key)


def _goes_on_without(tandem: Tandem, person_id: int) -> bool:
    """A circle keeps going while it has a mentor and a mentee besides the leaver."""
    rest = {m.role for m in tandem_states.current(tandem) if m.person_id != person_id}
    return {"mentor", "mentee"} <= rest


async def _end_tandems_of_leaver(ctx: Context, person_id: int) -> None:
    """The others are told kindly (and back on the waiting list if the tandem ends);
    coordinators learn of it."""
    for tandem in await ctx.repos.tandems.current_for(ctx.program_id, person_id):
        members = await members_of(ctx.repos, tandem)
        others = members.others(person_id)
        if tandem_states.leave(tandem, person_id, ctx.now):
            await _tell_circle(ctx, tandem, others)
            continue
        await tandem_states.end(ctx.repos, tandem, tandems.LEFT, ctx.now, ctx.actor.key)
        for partner in others:
            tp = translator_of(partner, ctx.program)
            body = Text(tp("A member of your circle has left **{program}**. Without both a "
                           "mentor and a mentee the circle cannot go on, so it has ended. "
                           "Thank you for your time together. You are back on the waiting "
                           "list and will be considered in the next round.",
                           program=ctx.program.name)
                        if is_circle(tandem) else
                        tp("Your tandem partner has left **{program}**, so your tandem has "
                           "ended. Thank you for your time together. You are back on the "
                           "waiting list and will be considered for a new tandem in the next "
                           "round.", program=ctx.program.name))
            key = (f"partner-left:{tandem.id}" if len(others) == 1
                   else f"partner-left:{tandem.id}>{partner.key}")
            await ctx.repos.outbox.enqueue(key, partner.key, message_to_dict(body), ctx.now,
                                           not_before=notice_time(ctx.now, partner, ctx.program))
        for coordinator in sorted(ctx.program.coordinators):
            reader = await ctx.repos.people.by_key(coordinator)
            tc = translator_of(reader, ctx.program)
            note = Text(tc("Tandem #{id} ended because a participant left the program. The "
                           "partner is back on the waiting list.", id=tandem.id)
                        if len(others) == 1 else
                        tc("Tandem #{id} ended because a participant left the program and "
                           "the circle no longer has both a mentor and a mentee. The others "
                           "are back on the waiting list.", id=tandem.id))
            await ctx.repos.outbox.enqueue(f"partner-left:{tandem.id}:{coordinator}",
                                           coordinator, message_to_dict(note), ctx.now,
                                           not_before=notice_time(ctx.now, reader, ctx.program))


async def _tell_circle(ctx: Context, tandem: Tandem, others: list[Person]) -> None:
    """Someone left a circle that goes on: the rest hear it (no name: they left the program,
    which is their own business), and so do the coordinators."""
    for person in others:
        tp = translator_of(person, ctx.program)
        body = Text(tp("A member of your circle has left **{program}**. Your circle goes on "
                       "with {people}.", program=ctx.program.name,
                       people=names(others)))
        await ctx.repos.outbox.enqueue(f"member-left:{tandem.id}:{tandem.members_key}>"
                                       f"{person.key}", person.key, message_to_dict(body),
                                       ctx.now,
                                       not_before=notice_time(ctx.now, person, ctx.program))
    for coordinator in sorted(ctx.program.coordinators):
        reader = await ctx.repos.people.by_key(coordinator)
        tc = translator_of(reader, ctx.program)
        note = Text(tc("A participant of circle #{id} left the program; the circle goes on "
                       "with {people}.", id=tandem.id, people=names(others)))
        await ctx.repos.outbox.enqueue(f"member-left:{tandem.id}:{tandem.members_key}:"
                                       f"{coordinator}", coordinator, message_to_dict(note),
                                       ctx.now,
                                       not_before=notice_time(ctx.now, reader, ctx.program))


async def end_breaks(run: DueRun) -> None:
    """Due work: ends breaks whose date has come and queues a "welcome back" for each, once.

    Any number of replicas may tick at once: each break ends in its own unit of work with a
    versioned update, and only the tick whose update committed queues the message; the
    others find the row changed and leave it (so does a tick racing the person's `resume`).
    """
    async with run.store.unit() as repos:
        # Widest possible "today" (UTC+14), then check each person in their own zone.
        horizon = run.now.astimezone(ZoneInfo("Pacific/Kiritimati")).date()
        due = [e.id for e in await repos.enrollments.pauses_ending(run.program_id, horizon)]
    for enrollment_id in due:
        try:
            await _end_break(run, enrollment_id)
        except StaleDataError:
            log.info("pause changed meanwhile", extra={"enrollment_id": enrollment_id})


async def _end_break(run: DueRun, enrollment_id: int) -> None:
    program, report, now = run.program, run.report, run.now
    async with run.store.unit() as repos:
        enrollment = await repos.enrollments.by_id(enrollment_id)
        if (enrollment is None or enrollment.status != EnrollmentState.PAUSED
                or not enrollment.paused_until):
            return  # ended by someone else meanwhile
        if enrollment.paused_until > now.astimezone(ZoneInfo(enrollment.timezone)).date():
            return
        person = await repos.people.by_id(enrollment.person_id)
        if person is None:
            return
        until = enrollment.paused_until
        key = f"pause-ended:{enrollment.id}:{until.isoformat()}"
        if run.dry_run:
            report.resumed.append(person.key)
            if not await repos.outbox.known([key]):
                report.would_queue.append((key, person.key))
            return
        # The same transition as `resume`; the break lasted to its day, however late the tick.
        taken = enrollments.resume(enrollment, now, until)
        await _tandems_go_on(repos, program, run.program_id, enrollment, taken)
        await repos.session.flush()  # raises StaleDataError if another tick or `resume` won
        t = translator_of(person, program)
        body = Text(t("Welcome back! Your break in **{program}** ended on {date}. "
                      "Type `status` to see where things stand.",
                      program=program.name, date=long_date(t, until)))
        queued = await repos.outbox.enqueue(
            key, person.key, message_to_dict(body), now,
            not_before=next_working_moment(now, working_time_of(person, program)))
    # Committed: this tick ended the break.
    report.resumed.append(person.key)
    if queued:
        report.queued.append(key)


ANSWERS = Flow(
    commands=(
        Command("status", ("status",), ("status", "stand"), lambda ctx, args, prefix: status(ctx), (
            HelpLine("status", lambda t: t("see where you stand"), 20),
            HelpLine("status", lambda t: t("the program's counts: signed up, waiting, in "
                                           "kick-off, active"), 40, coordinator=True))),
        Command("pause", ("pause",), ("pause", "pausieren"),
                lambda ctx, args, prefix: pause(ctx, args),
                (HelpLine("pause 2027-03-31", lambda t: t("take a break until a date"), 30),)),
        Command("resume", ("resume", "continue"), ("fortsetzen", "weiter"),
                lambda ctx, args, prefix: resume(ctx),
                (HelpLine("resume", lambda t: t("end your break early"), 40),)),
        Command("leave", ("leave", "quit"), ("abmelden", "austreten"),
                lambda ctx, args, prefix: leave(ctx),
                (HelpLine("leave", lambda t: t("stop taking part (removes you from everything "
                                               "future)"), 50),)),
    ),
    buttons=(("leave.", on_button),),
    due=(end_breaks,),
)
