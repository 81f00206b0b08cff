"""The coordinators' monthly report: did the tandems meet, and the questionnaires' totals —
counts, never words, and nothing of fewer than `[privacy] min_group` tandems.

A sibling of storage/evaluation.py, under the same rules and the same tests
(tests/storage/test_evaluation_privacy.py): its statements read only the columns named here
(ids, states, days, counts), never a column anyone typed into (a session's topic, a tandem's
goals or deliverable, an answer's text), and every figure goes through `suppress` with the
report's own figures added:

- ("sessions", "met"): per month, the sessions **due** and the sessions **logged**. *Due* is
  every cadence period of a tandem that ended in that month: a tandem activated on day A with
  a cadence of C days is due on A + C, A + 2C, … (in the program's zone), up to today and
  while it was not ended (the day it was dissolved and later count no longer). Breaks do not
  change what was due: a tandem on a break was due all the same (its partners can say so in
  the retro). *Logged* is every session held that month (`sessions.held_on`), of any tandem
  of the program. The figure counts the distinct tandems due or logged that month.
- ("checkin", "rate"): the "did you meet?" check-ins asked that month (by their due day) and
  those answered: "not yet" or "we need help" pressed, or closed by a session logged while
  they were open ("met", whoever of the tandem logged it). A check-in left open (the tandem
  ended, a break, no answer) is asked and not answered.

A report up to a month (`until`, the monthly report of a month just ended) reads nothing of
later days: neither its months nor its whole program count a later session, check-in,
response or due day, so a tandem first seen later is in none of its figures.

A month's group is the largest of the distinct tandems any of its figures counts (a lower
bound of the tandems it describes, so never more lenient than each figure's own count).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.evaluation import (
    FIGURES,
    RATE,
    Cell,
    Evaluation,
    EvaluationRepository,
    Figure,
    Raw,
    first_day,
    month_of,
    suppress,
)
from storage.models import CheckIn, Enrollment, SessionRow, Tandem, TandemMember

SESSIONS: Figure = ("sessions", "met")
CHECKINS: Figure = ("checkin", "rate")
# The report's figures, in the order shown: the evaluation's, after its own two.
REPORT_FIGURES: dict[Figure, tuple[str, ...]] = {
    SESSIONS: ("due", "logged"),
    CHECKINS: RATE,
    **FIGURES,
}


@dataclass(frozen=True)
class TandemFacts:
    """What the report's states need of a tandem: no member, no goal, no typed word."""
    id: int
    status: str  # kickoff | active | dissolved
    due_on: date | None
    cadence_days: int
    paused: bool  # a current member is on a break


@dataclass(frozen=True)
class Report:
    figures: Evaluation  # by month up to `until`, and the whole program; k-threshold applied
    tandems: tuple[TandemFacts, ...]


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    """The first day of the month after the one `month` is in."""
    return (month.replace(day=1) + timedelta(days=31)).replace(day=1)


def due_days(activated: date, cadence_days: int, until: date) -> list[date]:
    """The days a tandem activated on `activated` was due, up to and including `until`."""
    if cadence_days <= 0:
        return []
    days, day = [], activated + timedelta(days=cadence_days)
    while day <= until:
        days.append(day)
        day += timedelta(days=cadence_days)
    return days


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


class ReportRepository:
    """The only way the report reads the program: `report` returns numbers of groups of at
    least `min_group` tandems (and the tandems' states, as `status` counts them)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def report(self, program_id: int, min_group: int, zone: str, today: date,
                     until: date | None = None) -> Report:
        """Months up to the one of `until` (default: today's), the whole program adding up
        only the months shown."""
        raw = await self.raw(program_id, ZoneInfo(zone), today, month_start(until or today))
        return Report(suppress(raw, min_group, REPORT_FIGURES),
                      await self.tandem_facts(program_id))

    async def raw(self, program_id: int, zone: ZoneInfo, today: date, last: date) -> Raw:
        """Before the threshold, the months up to `last` (a month's first day) and the whole
        program of those months only: a tandem first seen later is in none of its counts."""
        after = next_month(last)
        evaluated = await EvaluationRepository(self.session).raw(program_id, before=after)
        cells = dict(evaluated.cells)
        tandems: dict[date, set[int]] = {}
        # 1. what was due: each activated tandem's cadence days, while it lasted
        rows = await self.session.execute(
            select(Tandem.id, Tandem.activated_at, Tandem.dissolved_at, Tandem.cadence_days)
            .where(Tandem.program_id == program_id, Tandem.activated_at.is_not(None)))
        due: dict[date, Counter[int]] = {}
        until = min(today, after - timedelta(days=1))
        for tandem_id, activated, dissolved, cadence in rows.all():
            assert activated is not None  # the query asks only for activated tandems
            end = until
            if dissolved is not None:
                end = min(end, _local_day(dissolved, zone) - timedelta(days=1))
            for day in due_days(_local_day(activated, zone), int(cadence), end):
                due.setdefault(month_start(day), Counter())[tandem_id] += 1
        # 2. what was logged, per month and tandem
        m = month_of(self.session, SessionRow.held_on)
        logged: dict[date, Counter[int]] = {}
        held = (select(m, SessionRow.tandem_id, func.count())
                .join(Tandem, Tandem.id == SessionRow.tandem_id)
                .where(Tandem.program_id == program_id, SessionRow.held_on <= today,
                       SessionRow.held_on < after)
                .group_by(m, SessionRow.tandem_id))
        for month, tandem_id, n in (await self.session.execute(held)).all():
            logged.setdefault(first_day(month), Counter())[tandem_id] += int(n)
        for month in set(due) | set(logged):
            ids = set(due.get(month, ())) | set(logged.get(month, ()))
            tandems[month] = ids
            cells[(month, SESSIONS)] = Cell(Counter({
                "due": sum(due.get(month, Counter()).values()),
                "logged": sum(logged.get(month, Counter()).values())}), len(ids))
        # 3. the "did you meet?" check-ins: asked and answered, per month of their due day.
        # Answered: a button pressed ("not yet", help) or closed by a session logged ("met";
        # `closed_at` too, for rows closed before the answer was recorded with it).
        c = month_of(self.session, CheckIn.period)
        said = func.count(case((CheckIn.answer.is_not(None) | CheckIn.closed_at.is_not(None), 1)))
        asked = (select(c, func.count(), said, func.count(distinct(CheckIn.tandem_id)))
                 .join(Tandem, Tandem.id == CheckIn.tandem_id)
                 .where(Tandem.program_id == program_id, CheckIn.kind == "checkin",
                        CheckIn.period < after)
                 .group_by(c))
        checked: dict[date, int] = {}
        for month, n, answered, spread in (await self.session.execute(asked)).all():
            day = first_day(month)
            cells[(day, CHECKINS)] = Cell(
                Counter({"asked": int(n), "completed": int(answered)}), int(spread))
            checked[day] = int(spread)
        months = set(evaluated.tandems) | set(tandems) | set(checked)
        groups = {month: max(evaluated.tandems.get(month, 0), len(tandems.get(month, ())),
                             checked.get(month, 0)) for month in months}
        everyone = set().union(*tandems.values()) if tandems else set()
        program_tandems = max(evaluated.program_tandems, len(everyone),
                              max(checked.values(), default=0))
        return Raw(groups, program_tandems, cells)

    async def tandem_facts(self, program_id: int) -> tuple[TandemFacts, ...]:
        """Every tandem's state and cadence, and whether a current member is on a break."""
        paused = set(await self.session.scalars(
            select(TandemMember.tandem_id).distinct()
            .join(Tandem, Tandem.id == TandemMember.tandem_id)
            .join(Enrollment, (Enrollment.person_id == TandemMember.person_id)
                  & (Enrollment.program_id == Tandem.program_id))
            .where(Tandem.program_id == program_id, Tandem.status == "active",
                   TandemMember.left_at.is_(None), Enrollment.status == "paused")))
        rows = await self.session.execute(
            select(Tandem.id, Tandem.status, Tandem.due_on, Tandem.cadence_days)
            .where(Tandem.program_id == program_id).order_by(Tandem.id))
        return tuple(TandemFacts(int(i), str(s), d, int(c), i in paused)
                     for i, s, d, c in rows.all())
