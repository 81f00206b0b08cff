"""`evaluation` (German `auswertung`): coordinators only, the questionnaires' totals by month
in the coordinator's language, the k-threshold applied (2 tandems hidden, 3 shown)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import Actor, CommandInvoked
from conversations.program import Program
from conversations.replies import Card
from storage.db import Store
from tests.flows.checkin_setup import text_of
from tests.storage.answered import answer, tandems
from tests.transcripts.format import normalise

NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
HIDDEN = "not enough tandems to show this without identifying anyone"


@pytest.fixture
async def evaluated(store: Store, program: Program) -> TandemCore:
    core = TandemCore(store, replace(program, min_group=3), FakeClock(NOW))
    await core.start()
    return core


async def ask(core: TandemCore, who: str = "hr", lang: str = "en",
              line: str = "evaluation") -> str:
    actor = Actor("console", who, display_name=who.title(), locale=lang)
    return normalise(text_of((await core.handle(CommandInvoked(actor, line))).replies))


async def retros(core: TandemCore, ids: list[int], day: date, rating: int = 4) -> None:
    assert core.program_id is not None
    for tid in ids:
        await answer(core.store, core.program_id, tid, "retro", day, NOW,
                     {"learned": "private words", "rating": rating},
                     subject=f"session:{day.isoformat()}")


async def test_only_coordinators(evaluated: TandemCore) -> None:
    assert "only the program's coordinators" in await ask(evaluated, "mia")
    assert "Nothing to evaluate yet" in await ask(evaluated)


async def test_two_tandems_are_hidden_three_are_shown(evaluated: TandemCore) -> None:
    core = evaluated
    assert core.program_id is not None
    ids = await tandems(core.store, core.program_id, NOW, 3)
    await retros(core, ids[:2], date(2027, 2, 9), rating=5)
    two = await ask(core)
    assert f"February 2027: {HIDDEN}" in two
    assert "Whole program" in two and "5: 2" not in two and "tandems asked" not in two
    await retros(core, ids[2:], date(2027, 2, 10), rating=3)
    three = await ask(core)
    assert HIDDEN not in three
    assert "February 2027 — 3 tandems asked" in three
    assert "Retros answered: 3 of 3 (100%)" in three
    assert "How the sessions were (retros, 1–5): 1: 0 · 2: 0 · 3: 1 · 4: 0 · 5: 2 " \
           "(average 4.3)" in three
    assert "private words" not in three


async def test_a_hidden_month_is_left_out_of_the_whole_program(evaluated: TandemCore) -> None:
    core = evaluated
    assert core.program_id is not None
    ids = await tandems(core.store, core.program_id, NOW, 3)
    await retros(core, ids, date(2027, 1, 26), rating=4)
    await retros(core, ids[:1], date(2027, 2, 9), rating=1)  # one tandem in February
    shown = await ask(core)
    assert f"February 2027: {HIDDEN}" in shown
    whole = shown.split("January 2027")[0]
    # Whole program minus January would be February's one rating: the whole leaves it out.
    assert "1: 0 · 2: 0 · 3: 0 · 4: 3 · 5: 0" in whole
    assert "3 of 3 (100%), without February 2027" in whole


async def test_in_german(evaluated: TandemCore) -> None:
    core = evaluated
    assert core.program_id is not None
    ids = await tandems(core.store, core.program_id, NOW, 3)
    await retros(core, ids[:2], date(2027, 3, 9), rating=5)
    await retros(core, ids[2:], date(2027, 3, 10), rating=4)
    await retros(core, ids[:1], date(2027, 1, 10), rating=4)
    shown = await ask(core, lang="de", line="auswertung")
    assert "Auswertung" in shown and "März 2027" in shown and "Januar 2027" in shown
    assert "(Durchschnitt 4,7)" in shown and "100 %" in shown
    assert "nicht genug Tandems" in shown


async def test_one_card_no_table(evaluated: TandemCore) -> None:
    core = evaluated
    assert core.program_id is not None
    ids = await tandems(core.store, core.program_id, NOW, 3)
    await retros(core, ids, date(2027, 1, 26))
    actor = Actor("console", "hr", display_name="Hr", locale="en")
    [card] = (await core.handle(CommandInvoked(actor, "evaluation"))).replies
    assert isinstance(card, Card) and not card.buttons
    assert all("|" not in s for s in card.sections)  # no markdown table: Teams breaks it


async def test_help_names_it_for_coordinators_only(evaluated: TandemCore) -> None:
    assert "evaluation" in await ask(evaluated, line="help")
    assert "evaluation" not in await ask(evaluated, "mia", line="help")
