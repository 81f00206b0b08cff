"""`forget me` in a circle that goes on without the person: the others hear that a member
left (never who asked for erasure, never a reason), the circle stays active for them, and no
row of any table holds the leaver's name or key afterwards."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conversations.core import TandemCore
from conversations.program import Program
from conversations.replies import Card
from tests.flows.test_gdpr import everything
from tests.flows.test_group_circle import approved, cohort, got, said  # noqa: F401
from tests.flows.test_matching_kickoff import Cohort, button


@pytest.fixture
def program(program: Program) -> Program:
    return replace(program, format="group")


async def test_a_mentor_forgotten_in_a_circle_that_goes_on(cohort: Cohort,  # noqa: F811
                                                          core: TandemCore) -> None:
    tid = await approved(cohort)
    cohort.inbox.clear()  # the introductions named everyone
    [confirm] = await cohort.send("ben", "forget me")
    assert isinstance(confirm, Card)
    await cohort.click("ben", "gdpr.forget", button(confirm, "gdpr.forget"))
    for name in ("ana", "cem", "ceo"):
        assert "A member of your circle has left" in got(cohort, name)
        assert "Ben" not in got(cohort, name)
    assert "A participant has left" in got(cohort, "hr")
    assert f"#{tid} Ana, Cem (mentors) ↔ Ceo (mentee)" in await said(cohort, "hr", "tandems")
    for table, row in await everything(core):
        assert "ben" not in row.replace("bench", ""), (table, row)
