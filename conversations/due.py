"""Work that becomes due with time, run by `tandem tick` and the scheduler in virtual time."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from conversations.clock import Clock
from conversations.flows.wording import long_date
from conversations.i18n import Translator, pick_language
from conversations.program import Program
from conversations.replies import Text, message_to_dict
from storage.db import Store


@dataclass
class DueReport:
    resumed: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)


async def run_due_work(store: Store, program: Program, program_id: int, clock: Clock,
                       dry_run: bool = False) -> DueReport:
    """Ends breaks whose date has come and queues a "welcome back" for each, once."""
    report = DueReport()
    now = clock.now()
    async with store.unit() as repos:
        # Widest possible "today" (UTC+14), then check each person in their own zone.
        horizon = now.astimezone(ZoneInfo("Pacific/Kiritimati")).date()
        for enrollment in await repos.enrollments.pauses_ending(program_id, horizon):
            local_today = now.astimezone(ZoneInfo(enrollment.timezone)).date()
            if enrollment.paused_until is None or enrollment.paused_until > local_today:
                continue
            person = await repos.people.by_id(enrollment.person_id)
            if person is None:
                continue
            report.resumed.append(person.key)
            if dry_run:
                continue
            t = Translator(pick_language(person.locale, program.language))
            key = f"pause-ended:{enrollment.id}:{enrollment.paused_until.isoformat()}"
            body = Text(t("Welcome back! Your break in **{program}** ended on {date}. "
                          "Type `status` to see where things stand.",
                          program=program.name, date=long_date(t, enrollment.paused_until)))
            if await repos.outbox.enqueue(key, person.key, message_to_dict(body), now):
                report.queued.append(key)
            enrollment.status, enrollment.paused_until, enrollment.updated_at = "active", None, now
    return report
