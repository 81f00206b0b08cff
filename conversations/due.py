"""Work that becomes due with time, run by `tandem tick` and the scheduler in virtual time.

What this queues the bot sends on its own, so each message waits for its recipient's next
working moment (`not_before`): a tick at night queues it, the morning's tick sends it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm.exc import StaleDataError

from conversations.aggregates import enrollment as enrollments
from conversations.aggregates.enrollment import EnrollmentState
from conversations.clock import Clock
from conversations.flows.circle_wording import is_circle, sides_with_roles
from conversations.flows.kickoff import kickoff_buttons, missing
from conversations.flows.members import members_of, partners_text, sides_text
from conversations.flows.undelivered import outbox_alerts
from conversations.flows.wording import long_date, translator_of
from conversations.program import Program
from conversations.replies import Card, Text, message_to_dict
from conversations.working_time import next_working_moment, working_time_of
from storage.db import Store

log = logging.getLogger("tandem.due")


@dataclass
class DueReport:
    resumed: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)
    nudged: list[int] = field(default_factory=list)  # tandem ids
    escalated: list[int] = field(default_factory=list)
    # A dry run: the messages it would queue, as (dedupe key, recipient); none already queued.
    would_queue: list[tuple[str, str]] = field(default_factory=list)


async def run_due_work(store: Store, program: Program, program_id: int, clock: Clock,
                       dry_run: bool = False) -> DueReport:
    """Ends breaks whose date has come and queues a "welcome back" for each, once.

    Any number of replicas may tick at once: each break ends in its own unit of work with a
    versioned update, and only the tick whose update committed queues the message; the
    others find the row changed and leave it (so does a tick racing the person's `resume`).
    """
    report = DueReport()
    now = clock.now()
    async with store.unit() as repos:
        # Widest possible "today" (UTC+14), then check each person in their own zone.
        horizon = now.astimezone(ZoneInfo("Pacific/Kiritimati")).date()
        due = [e.id for e in await repos.enrollments.pauses_ending(program_id, horizon)]
    for enrollment_id in due:
        try:
            await _end_pause(store, program, enrollment_id, now, report, dry_run)
        except StaleDataError:
            log.info("pause changed meanwhile", extra={"enrollment_id": enrollment_id})
    await _kickoff_deadlines(store, program, program_id, clock, report, dry_run)
    if not dry_run:
        report.queued += await outbox_alerts(store, program, clock)
    return report


async def _end_pause(store: Store, program: Program, enrollment_id: int, now: datetime,
                     report: DueReport, dry_run: bool) -> None:
    async with store.unit() as repos:
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
        if dry_run:
            report.resumed.append(person.key)
            if not await repos.outbox.known([key]):
                report.would_queue.append((key, person.key))
            return
        enrollments.resume(enrollment, now)  # the same transition as `resume`
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


async def _kickoff_deadlines(store: Store, program: Program, program_id: int, clock: Clock,
                             report: DueReport, dry_run: bool) -> None:
    """Nudge both after N days without an active tandem; tell the coordinators after 2N.

    Dedupe keys name the tandem and the deadline, so any number of ticks sends each once.
    """
    now = clock.now()
    days = timedelta(days=program.kickoff_deadline_days)
    async with store.unit() as repos:
        for tandem in await repos.tandems.in_kickoff_since(program_id, now - days):
            members = await members_of(repos, tandem)
            report.nudged.append(tandem.id)
            # The days that actually passed: a tick that runs late (a missed cron, the first
            # tick of a demo weeks on) must not say "10 days" of a tandem approved 60 days ago.
            elapsed = max((now - tandem.approved_at).days, program.kickoff_deadline_days)
            for person in members.current():
                t = translator_of(person, program)
                todo = missing(members, t, person.id)
                circle = is_circle(tandem)
                others = (sides_with_roles(t, members.others(person.id), members) if circle
                          else partners_text(members, person.id))
                title = t("Your circle's kick-off") if circle else t("Your tandem's kick-off")
                body = Card(title, (
                    (t("Your circle with **{people}** started {days} days ago and is not "
                       "active yet. A short kick-off together is all it takes. Still missing:",
                       people=others, days=elapsed) if circle else
                     t("Your tandem with **{partner}** started {days} days ago and is not "
                       "active yet. A short kick-off is all it takes. Still missing:",
                       partner=others, days=elapsed))
                    + "\n" + "\n".join(f"- {x}" for x in todo),), kickoff_buttons(t, tandem))
                key = f"kickoff-nudge:{tandem.id}:{person.key}"
                if dry_run:
                    if not await repos.outbox.known([key]):
                        report.would_queue.append((key, person.key))
                elif await repos.outbox.enqueue(
                        key, person.key, message_to_dict(body), now,
                        not_before=next_working_moment(now, working_time_of(person, program))):
                    report.queued.append(key)
            if tandem.approved_at > now - 2 * days:
                continue
            report.escalated.append(tandem.id)
            for coordinator in sorted(program.coordinators):
                known = await repos.people.by_key(coordinator)
                tc = translator_of(known, program)
                todo = missing(members, tc)
                note = Text(tc("Tandem #{id} ({mentor} ↔ {mentee}) is still not active {days} "
                               "days after approval. Missing:", id=tandem.id,
                               **sides_text(members),
                               days=max(elapsed, 2 * program.kickoff_deadline_days))
                            + "\n" + "\n".join(f"- {x}" for x in todo) + "\n\n"
                            + tc("You may want to talk to them, or `dissolve {id}`.",
                                 id=tandem.id))
                key = f"kickoff-escalation:{tandem.id}:{coordinator}"
                if dry_run:
                    if not await repos.outbox.known([key]):
                        report.would_queue.append((key, coordinator))
                elif await repos.outbox.enqueue(
                        key, coordinator, message_to_dict(note), now,
                        not_before=next_working_moment(now, working_time_of(known, program))):
                    report.queued.append(key)
