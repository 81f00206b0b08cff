"""When a tandem counts as quiet, who is on a break, and `tandems quiet` for coordinators."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from conversations.aggregates.enrollment import EnrollmentState
from conversations.context import Context
from conversations.flows.members import Members, sides_text
from conversations.flows.wording import long_date
from conversations.program import Program
from conversations.replies import Reply, Text
from storage.models import Enrollment, Tandem


def program_today(program: Program, now: datetime) -> date:
    """Today in the program's zone (the due days are counted there)."""
    return now.astimezone(ZoneInfo(program.timezone)).date()


def quiet_from(tandem: Tandem, program: Program) -> date | None:
    """The day a tandem without a session since `due_on` counts as quiet: after
    `escalate_after_missed` missed cadences (the first one is missed on the due day)."""
    if tandem.due_on is None:
        return None
    return quiet_day(tandem.due_on, tandem.cadence_days, program)


def quiet_day(due_on: date, cadence_days: int, program: Program) -> date:
    """`quiet_from` of a tandem due on `due_on` every `cadence_days` (the tick's rows)."""
    missed = max(program.escalate_after_missed - 1, 0)
    return due_on + timedelta(days=missed * cadence_days)


def is_quiet(tandem: Tandem, today: date, program: Program) -> bool:
    start = quiet_from(tandem, program)
    return start is not None and today >= start


def last_met(tandem: Tandem, program: Program) -> date:
    """The last session, else the day the kick-off completed."""
    return met_last(tandem.last_session_on, tandem.activated_at or tandem.approved_at, program)


def met_last(last_session_on: date | None, started: datetime, program: Program) -> date:
    """`last_met` of a tandem that started (activated, else approved) at `started`."""
    if last_session_on is not None:
        return last_session_on
    return started.astimezone(ZoneInfo(program.timezone)).date()


def paused_until(members: Members, enrollments: dict[int, Enrollment]) -> date | None:
    """The latest end of a current member's break, or None when nobody is on one."""
    ends = [e.paused_until for p in members.current()
            if (e := enrollments.get(p.id)) is not None
            and e.status == EnrollmentState.PAUSED and e.paused_until is not None]
    return max(ends, default=None)


async def quiet_list(ctx: Context) -> list[Reply]:
    """`tandems quiet`: active tandems past the escalation point, not on a break."""
    t, program = ctx.t, ctx.program
    lines = await quiet_lines(ctx)
    if not lines:
        return [Text(t("No quiet tandems: every active tandem logged a session within "
                       "{n} cadences, or is on a break.", n=program.escalate_after_missed))]
    return [Text(t("**Quiet tandems ({n})**: no session for {missed} cadences or more.",
                   n=len(lines), missed=program.escalate_after_missed) + "\n"
                 + "\n".join(lines) + "\n\n"
                 + t("To end one: `dissolve <number>`."))]


async def quiet_lines(ctx: Context) -> list[str]:
    """One list item per quiet tandem (`tandems quiet`, a coordinator's home)."""
    t, program = ctx.t, ctx.program
    today = program_today(program, ctx.now)
    due = await ctx.repos.due.due_by(ctx.program_id, today)
    lines = []
    for tandem in due.tandems:
        members = Members(tandem, due.people)
        if not is_quiet(tandem, today, program) or paused_until(members, due.paused):
            continue
        since = last_met(tandem, program)
        lines.append(f"- #{tandem.id} " + t("{mentor} ↔ {mentee}", **sides_text(members))
                     + ": " + t("{days} days since the last session (a session was due on "
                                "{date})", days=(today - since).days,
                                date=long_date(t, tandem.due_on or today)))
    return lines
