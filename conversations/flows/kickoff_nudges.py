"""The kick-off's due work: nudge both after N days without an active tandem; tell the
coordinators after 2N (`[kickoff] deadline_days`). Each message waits for its recipient's
next working moment: a tick at night queues it, the morning's tick sends it."""

from __future__ import annotations

from datetime import timedelta

from conversations.commands import Flow
from conversations.due import DueRun
from conversations.flows.circle_wording import is_circle, sides_with_roles
from conversations.flows.kickoff import kickoff_buttons, missing
from conversations.flows.members import members_of, partners_text, sides_text
from conversations.flows.quiet import program_today
from conversations.flows.wording import translator_of
from conversations.replies import Card, Text, message_to_dict
from conversations.working_time import next_working_moment, working_time_of


async def kickoff_deadlines(run: DueRun) -> None:
    """Dedupe keys name the tandem and the deadline, so any number of ticks sends each once."""
    program, report, dry_run, now = run.program, run.report, run.dry_run, run.now
    if program_today(program, now) > program.end:
        return  # after the program's end no kick-off nudges (nor any other prompt)
    days = timedelta(days=program.kickoff_deadline_days)
    async with run.store.unit() as repos:
        for tandem in await repos.tandems.in_kickoff_since(run.program_id, now - days):
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


ANSWERS = Flow(due=(kickoff_deadlines,))
