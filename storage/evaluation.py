"""The coordinators' view of the questionnaires: counts, never words.

By month (`responses.period`) and for the whole program: how many tandems were asked, the
response rate of each kind, the distribution of the satisfaction scores, of the mentors'
"could you speak freely", of the goals marked met / partly / not yet and of "do you want to
go on". Four set-based statements, however many tandems and months.

Confidentiality is a property of this module, not of the wording:
- its queries read `responses` and `answers` only, neither of which has a column of typed
  text; free text lives in a table of its own, which this module neither imports nor names
  (tests/storage/test_evaluation_privacy.py checks the source and every statement it runs);
- nothing leaves it that describes fewer than `min_group` tandems (`[privacy] min_group`):
  `suppress` replaces such a figure with `HIDDEN` before anyone sees a number.

Differencing: a hidden month must not be computable as "the whole program minus the months
shown". So the whole program's figures are the sum of the month figures that are shown, and
say which months they leave out; a hidden month's answers appear in no number at all (until
its month reaches `min_group` tandems). Hiding "complementary" months instead would leak
over time: a month shown today and hidden as a complement tomorrow gives the hidden one
away. What no rule here can hide is time itself: figures are live, and two evaluations taken
apart differ by the answers given in between.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, String, case, cast, distinct, func, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.dialects import dialect_of
from storage.models import Answer, Response

# (questionnaire kind, figure): ("retro", "rate"), ("retro", "rating"), ("final", "goals")…
Figure = tuple[str, str]
SCALE_VALUES = ("1", "2", "3", "4", "5")
GOAL_VALUES = ("met", "partly", "not_yet")
YES_NO = ("yes", "no")
# Every figure a coordinator may see, in the order shown, with the values it counts.
# "rate" counts responses asked and completed (finished, or ended with "stop").
RATE = ("asked", "completed")
FIGURES: dict[Figure, tuple[str, ...]] = {
    ("retro", "rate"): RATE,
    ("retro", "rating"): SCALE_VALUES,
    ("retro", "freely"): SCALE_VALUES,
    ("fit", "rate"): RATE,
    ("mid", "rate"): RATE,
    ("mid", "rating"): SCALE_VALUES,
    ("mid", "goals"): GOAL_VALUES,
    ("final", "rate"): RATE,
    ("final", "rating"): SCALE_VALUES,
    ("final", "goals"): GOAL_VALUES,
    ("final", "continue"): YES_NO,
}
SCALES = ("rating", "freely")  # answers.number
CHOICES = ("continue",)  # answers.choice; and every "goals:<n>"
GOALS_PREFIX = "goals:"


@dataclass(frozen=True)
class Hidden:
    """Fewer than `min_group` tandems: no number at all."""


HIDDEN = Hidden()


@dataclass(frozen=True)
class Group:
    """One month, or the whole program. `tandems` is None when the group is hidden (then it
    has no figures); a figure absent from `figures` had nothing to count."""
    tandems: int | None
    figures: dict[Figure, Counter[str] | Hidden] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    min_group: int
    months: tuple[tuple[date, Group], ...]  # the first day of each month with responses
    program: Group
    # figure → the months whose hidden figure the program's figure leaves out
    left_out: dict[Figure, tuple[date, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    """Before the threshold: what one figure counts in one month, and among how many
    distinct tandems."""
    counts: Counter[str]
    tandems: int


@dataclass(frozen=True)
class Raw:
    """What the queries found, before the threshold. Stays inside this module's callers'
    reach only through `suppress`."""
    tandems: dict[date, int]  # month → distinct tandems asked (of any kind)
    program_tandems: int
    cells: dict[tuple[date, Figure], Cell]


def suppress(raw: Raw, min_group: int,
             figures_shown: dict[Figure, tuple[str, ...]] = FIGURES) -> Evaluation:
    """Apply the k-threshold: a month of fewer than `min_group` distinct tandems shows no
    figure; a figure counting fewer than `min_group` distinct tandems is `HIDDEN`; the whole
    program's figure is the sum of the months' figures that are shown. `figures_shown` is
    the table of figures that may leave (the report adds its own, storage/report.py)."""
    months: list[tuple[date, Group]] = []
    totals: dict[Figure, Counter[str]] = {}
    left_out: dict[Figure, list[date]] = {}
    for month in sorted(raw.tandems):
        if raw.tandems[month] < min_group:
            months.append((month, Group(None)))
            for figure in figures_shown:
                if (month, figure) in raw.cells:
                    left_out.setdefault(figure, []).append(month)
            continue
        figures: dict[Figure, Counter[str] | Hidden] = {}
        for figure in figures_shown:
            cell = raw.cells.get((month, figure))
            if cell is None:
                continue
            if cell.tandems < min_group:
                figures[figure] = HIDDEN
                left_out.setdefault(figure, []).append(month)
                continue
            figures[figure] = Counter(cell.counts)
            totals.setdefault(figure, Counter()).update(cell.counts)
        months.append((month, Group(raw.tandems[month], figures)))
    if raw.program_tandems < min_group:
        return Evaluation(min_group, tuple(months), Group(None) if raw.tandems else Group(0))
    program: dict[Figure, Counter[str] | Hidden] = {}
    for figure in figures_shown:
        if figure in totals:
            program[figure] = totals[figure]
        elif figure in left_out:
            program[figure] = HIDDEN  # every month of it hidden: nothing shown to add up
    return Evaluation(min_group, tuple(months), Group(raw.program_tandems, program),
                      {f: tuple(m) for f, m in left_out.items() if f in totals})


def month_of(session: AsyncSession, column: Any = Response.period) -> Any:
    """A date column's month as text, "2027-01": SQLite stores dates as ISO text (its prefix
    costs half of `strftime`), PostgreSQL formats them."""
    if dialect_of(session) == "postgresql":
        return func.to_char(column, "YYYY-MM").label("month")
    return func.substr(column, 1, 7).label("month")


def first_day(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def _figure() -> Any:
    """An answer's figure: its question, with every kick-off goal ("goals:2") as "goals"."""
    return case((Answer.question.like(f"{GOALS_PREFIX}%"), "goals"),
                else_=Answer.question).label("figure")


def _counted(query: Select[Any], mine: Any) -> Select[Any]:
    """The answers a figure counts: given (not skipped) in a finished response (of `mine`,
    the responses read), a score of a scale question or a choice of a counted choice
    question. No free-text column exists on either table read."""
    return (query.select_from(Answer).join(Response, Response.id == Answer.response_id)
            .where(mine, Response.completed_at.is_not(None),
                   Answer.skipped.is_(False),
                   or_(Answer.question.in_(SCALES) & Answer.number.is_not(None),
                       (Answer.question.in_(CHOICES)
                        | Answer.question.like(f"{GOALS_PREFIX}%"))
                       & Answer.choice.is_not(None))))


class EvaluationRepository:
    """The only way coordinators' views read questionnaires: `evaluation` returns numbers of
    groups of at least `min_group` tandems, and nothing else."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def evaluation(self, program_id: int, min_group: int) -> Evaluation:
        return suppress(await self.raw(program_id), min_group)

    async def raw(self, program_id: int, before: date | None = None) -> Raw:
        """Before the threshold: for `suppress` only (here, and in storage/report.py).
        `before`: only the responses of earlier days (a past month's report), in the months
        and in the whole program's count of tandems alike."""
        m = month_of(self.session)
        mine = Response.program_id == program_id
        if before is not None:
            mine = mine & (Response.period < before)
        tandems = distinct(Response.tandem_id)
        # 1. distinct tandems asked per month, and in the whole program (month NULL)
        groups = (select(m, func.count(tandems)).where(mine).group_by(m)
                  .union_all(select(cast(null(), String), func.count(tandems)).where(mine)))
        by_month: dict[date, int] = {}
        program_tandems = 0
        for month, n in (await self.session.execute(groups)).all():
            if month is None:
                program_tandems = int(n)
            else:
                by_month[first_day(month)] = int(n)
        cells: dict[tuple[date, Figure], Cell] = {}
        # 2. the response rate: asked, completed and distinct tandems per month and kind
        rates = (select(m, Response.kind, func.count(), func.count(Response.completed_at),
                        func.count(tandems)).where(mine).group_by(m, Response.kind))
        for month, kind, asked, completed, n in (await self.session.execute(rates)).all():
            cells[(first_day(month), (kind, "rate"))] = Cell(
                Counter({"asked": int(asked), "completed": int(completed)}), int(n))
        # 3. the answers counted, by value; 4. among how many distinct tandems
        figure = _figure()
        values = _counted(select(m, Response.kind, figure, Answer.number, Answer.choice,
                                 func.count()), mine).group_by(
            m, Response.kind, figure, Answer.number, Answer.choice)
        found: dict[tuple[date, Figure], Counter[str]] = {}
        for month, kind, name, number, choice, n in (
                await self.session.execute(values)).all():
            value = str(number) if name in SCALES else str(choice)
            found.setdefault((first_day(month), (kind, name)), Counter())[value] += int(n)
        spread = _counted(select(m, Response.kind, figure, func.count(tandems)),
                          mine).group_by(m, Response.kind, figure)
        for month, kind, name, n in (await self.session.execute(spread)).all():
            key = (first_day(month), (kind, name))
            allowed = FIGURES.get(key[1])
            if allowed is None or key[1][1] == "rate":
                continue  # a question no coordinator figure counts
            counts = Counter({v: c for v, c in found.get(key, Counter()).items()
                              if v in allowed})
            if counts:
                cells[key] = Cell(counts, int(n))
        return Raw(by_month, program_tandems, cells)
