"""The coordinators' evaluation: the numbers it counts, the k-threshold on every figure, the
whole program as the sum of the months shown (no hidden month can be worked out from it),
and a fixed number of statements however much there is to count."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.program import Program
from conversations.questionnaire.model import GOAL_CHOICES, SCALE
from storage.db import Store
from storage.evaluation import (
    GOAL_VALUES,
    HIDDEN,
    SCALE_VALUES,
    Cell,
    Evaluation,
    Group,
    Raw,
    suppress,
)
from tests.storage.answered import answer, tandems

JAN, FEB, MAR = date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)


def _raw(months: dict[date, int], cells: dict[tuple[date, tuple[str, str]], tuple[dict[str, int],
                                                                                  int]],
         program: int) -> Raw:
    return Raw(months, program, {k: Cell(Counter(c), n) for k, (c, n) in cells.items()})


def test_values_are_the_questionnaires_own() -> None:
    assert SCALE_VALUES == tuple(str(n) for n in range(SCALE[0], SCALE[1] + 1))
    assert GOAL_VALUES == GOAL_CHOICES


def test_a_month_of_fewer_tandems_shows_nothing_and_is_left_out_of_the_whole() -> None:
    rating = ("retro", "rating")
    raw = _raw({JAN: 3, FEB: 2, MAR: 4},
               {(JAN, rating): ({"4": 3, "5": 2}, 3), (FEB, rating): ({"1": 2}, 2),
                (MAR, rating): ({"5": 4, "3": 1}, 4)}, program=5)
    found = suppress(raw, 3)
    months = dict(found.months)
    assert months[FEB] == Group(None)  # no figure, not even the number of tandems
    assert months[JAN].figures[rating] == Counter({"4": 3, "5": 2})
    # The whole program adds up the months shown: February's two 1s appear nowhere.
    assert found.program.figures[rating] == Counter({"4": 3, "5": 6, "3": 1})
    assert found.program.tandems == 5
    assert found.left_out[rating] == (FEB,)


def test_a_figure_of_fewer_tandems_is_hidden_inside_a_month_that_is_shown() -> None:
    rating, freely = ("retro", "rating"), ("retro", "freely")
    raw = _raw({JAN: 4, FEB: 4},
               {(JAN, rating): ({"4": 4}, 4), (JAN, freely): ({"2": 2}, 2),
                (FEB, rating): ({"5": 4}, 4), (FEB, freely): ({"5": 3}, 3)}, program=4)
    found = suppress(raw, 3)
    months = dict(found.months)
    assert months[JAN].tandems == 4 and months[JAN].figures[freely] is HIDDEN
    assert months[FEB].figures[freely] == Counter({"5": 3})
    # Program minus February would be January's hidden "speak freely": it is not in it.
    assert found.program.figures[freely] == Counter({"5": 3})
    assert found.left_out[freely] == (JAN,)
    assert rating not in found.left_out


def test_every_month_hidden_hides_the_whole_program_figure_too() -> None:
    freely = ("retro", "freely")
    raw = _raw({JAN: 4, FEB: 4}, {(JAN, freely): ({"2": 2}, 2), (FEB, freely): ({"5": 2}, 2)},
               program=4)
    found = suppress(raw, 3)
    assert found.program.figures[freely] is HIDDEN
    assert freely not in found.left_out


def test_a_program_of_fewer_tandems_shows_nothing() -> None:
    rate = ("retro", "rate")
    found = suppress(_raw({JAN: 2}, {(JAN, rate): ({"asked": 4, "completed": 3}, 2)}, 2), 3)
    assert found == Evaluation(3, ((JAN, Group(None)),), Group(None))


def test_no_month_value_survives_in_any_combination_of_what_is_shown() -> None:
    """Differencing: for every figure, the program's figure equals the sum of the months'
    figures that are shown, so nothing is left over that describes the hidden ones."""
    rate = ("retro", "rate")
    raw = _raw({JAN: 3, FEB: 1, MAR: 3},
               {(JAN, rate): ({"asked": 6, "completed": 5}, 3),
                (FEB, rate): ({"asked": 2, "completed": 0}, 1),
                (MAR, rate): ({"asked": 6, "completed": 6}, 3)}, program=4)
    found = suppress(raw, 3)
    shown = sum((g.figures[rate] for _, g in found.months if g.tandems is not None
                 and isinstance(g.figures.get(rate), Counter)), Counter())
    assert found.program.figures[rate] == shown == Counter({"asked": 12, "completed": 11})


@pytest.fixture
async def counted(any_store: Store, program: Program) -> tuple[Store, int]:
    clock = FakeClock(NOW)
    core = TandemCore(any_store, program, clock)
    await core.start()
    assert core.program_id is not None
    return any_store, core.program_id


async def test_the_queries_count_by_month_kind_and_value(counted: tuple[Store, int]) -> None:
    store, pid = counted
    ids = await tandems(store, pid, NOW, 4)
    for n, tid in enumerate(ids[:3]):  # January: three tandems' mentees and mentors
        await answer(store, pid, tid, "retro", date(2027, 1, 26), NOW,
                     {"learned": "secret", "rating": 4 + n % 2}, subject="session:1")
        await answer(store, pid, tid, "retro", date(2027, 1, 26), NOW,
                     {"taught": "secret", "rating": 5, "freely": 2}, role="mentor",
                     subject="session:1")
    await answer(store, pid, ids[0], "retro", date(2027, 1, 28), NOW, {"rating": 1},
                 subject="session:2", completed=False)  # asked, not answered: rate only
    await answer(store, pid, ids[1], "retro", date(2027, 1, 29), NOW, {"rating": 3},
                 subject="session:3", completed=True)
    for tid in ids:  # March: the final evaluation of all four
        await answer(store, pid, tid, "final", date(2027, 3, 15), NOW,
                     {"rating": 4, "goals:0": "met", "goals:1": "partly", "continue": "yes",
                      "skills": "secret"})
    await answer(store, pid, ids[0], "final", date(2027, 3, 15), NOW,
                 {"rating": 2, "goals:0": "not_yet", "continue": "no"}, role="mentor")
    async with store.unit() as repos:
        found = await repos.evaluation.evaluation(pid, 3)
    months = dict(found.months)
    assert list(months) == [JAN, MAR]
    jan, mar = months[JAN], months[MAR]
    assert jan.tandems == 3 and mar.tandems == 4
    assert jan.figures[("retro", "rate")] == Counter({"asked": 8, "completed": 7})
    assert jan.figures[("retro", "rating")] == Counter({"4": 2, "5": 4, "3": 1})
    assert jan.figures[("retro", "freely")] == Counter({"2": 3})
    assert mar.figures[("final", "goals")] == Counter({"met": 4, "partly": 4, "not_yet": 1})
    assert mar.figures[("final", "continue")] == Counter({"yes": 4, "no": 1})
    assert mar.figures[("final", "rating")] == Counter({"4": 4, "2": 1})
    assert found.program.tandems == 4
    assert found.program.figures[("retro", "rating")] == jan.figures[("retro", "rating")]
    assert not found.left_out


async def test_two_tandems_are_hidden_three_are_shown(counted: tuple[Store, int]) -> None:
    store, pid = counted
    ids = await tandems(store, pid, NOW, 3)
    for tid in ids[:2]:
        await answer(store, pid, tid, "mid", date(2027, 2, 10), NOW, {"rating": 5})
    async with store.unit() as repos:
        two = await repos.evaluation.evaluation(pid, 3)
    assert two.months == ((FEB, Group(None)),) and two.program == Group(None)
    await answer(store, pid, ids[2], "mid", date(2027, 2, 11), NOW, {"rating": 3})
    async with store.unit() as repos:
        three = await repos.evaluation.evaluation(pid, 3)
    assert dict(three.months)[FEB].figures[("mid", "rating")] == Counter({"5": 2, "3": 1})


async def test_a_fixed_number_of_statements(counted: tuple[Store, int]) -> None:
    store, pid = counted
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    async def evaluate() -> int:
        statements.clear()
        event.listen(store.engine.sync_engine, "before_cursor_execute", count)
        try:
            async with store.unit() as repos:
                await repos.evaluation.evaluation(pid, 3)
        finally:
            event.remove(store.engine.sync_engine, "before_cursor_execute", count)
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    few = await evaluate()
    ids = await tandems(store, pid, NOW, 6)
    for month in (1, 2, 3, 4):
        for tid in ids:
            await answer(store, pid, tid, "retro", date(2027, month, 10), NOW,
                         {"rating": 4, "freely": 3}, role="mentor",
                         subject=f"session:{month}")
    assert few == await evaluate() == 4
