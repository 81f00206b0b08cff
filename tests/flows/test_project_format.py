"""The project format end to end in the console: sign-up → match → approve → kick-off with a
deliverable and a target date → active; `status` and `tandems` show the deliverable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.events import ButtonClicked
from conversations.program import Program
from conversations.replies import Card, Form, FormAccepted, FormErrors, Text, without_markers
from storage.db import Store
from storage.models import Tandem
from tests.flows.test_matching_kickoff import Cohort


@pytest.fixture
async def project_core(store: Store, program: Program, clock: FakeClock) -> TandemCore:
    core = TandemCore(store, replace(program, format="project"), clock)
    await core.start()
    return core


async def _approved(core: TandemCore, clock: FakeClock) -> tuple[Cohort, int]:
    c = Cohort(core, clock)
    await c.signup("salesvp", "mentee", "lead", "Vertrieb", ["social", "tools"], None)
    await c.signup("ben", "mentor", "junior", "Marketing", ["social", "ai"], None)
    [card] = await c.send("hr", "match")
    assert isinstance(card, Card)
    run = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await c.click("hr", "match.approve_all", run)
    async with core.store.session() as s:
        tandem = await s.scalar(select(Tandem))
        assert tandem is not None and tandem.format == core.program.format
        return c, tandem.id


def _text(replies: list[object]) -> str:
    return without_markers("\n".join(r.markdown for r in replies if isinstance(r, Text)))


async def test_a_project_tandem_is_active_only_with_its_deliverable_and_target_date(
        project_core: TandemCore, clock: FakeClock) -> None:
    c, tid = await _approved(project_core, clock)
    intro = c.received("ben")
    assert "shared deliverable and its target date" in intro
    assert "July 15, 2027" in intro  # the program's end: start 15 January + 6 months
    [kickoff_card] = [b for b in c.inbox["ben"] if isinstance(b, Card)]
    assert "kickoff.project" in [b.action_id for b in kickoff_card.buttons]
    # Rules, goals and cadence alone are not enough.
    await c.click("ben", "kickoff.rules", str(tid))
    await c.click("salesvp", "kickoff.rules", str(tid))
    await c.submit("salesvp", f"goals:{tid}", {"goal1": "Use an AI tool for reports"})
    await c.submit("ben", f"cadence:{tid}", {"days": "14", "minutes": "45", "mode": "video"})
    replies = await c.click("salesvp", "kickoff.cadence_ok", str(tid))
    assert "one of you records the deliverable and its target date" in _text(replies)
    assert "now active" not in _text(replies)
    [form] = await c.click("ben", "kickoff.project", str(tid))
    assert isinstance(form, Form) and form.form_id == f"project:{tid}"
    replies = await c.submit("ben", f"project:{tid}", {
        "deliverable": "An evaluation of <b>one</b> AI tool for Sales reporting",
        "target": "2027-05-31"})
    assert isinstance(replies[0], FormAccepted)
    assert "Everything is agreed: your tandem is now active." in _text(replies)
    assert "ben recorded your tandem's deliverable" in c.received("salesvp").lower()
    assert "An evaluation of <b>one</b> AI tool for Sales reporting (by May 31, 2027)" \
        in c.received("salesvp")  # as typed, never markup
    status = await c.text("salesvp", "status")
    assert "Deliverable: An evaluation of <b>one</b> AI tool" in status
    assert "May 31, 2027" in await c.text("hr", "tandems")
    async with project_core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status == "active"
        assert tandem.target_date == date(2027, 5, 31)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"deliverable": "  ", "target": "2027-05-31"}, "deliverable", "in one sentence"),
    ({"deliverable": "x" * 301, "target": "2027-05-31"}, "deliverable", "under 300"),
    ({"deliverable": "A report", "target": "soon"}, "target", "a date like 2027-07-15"),
    ({"deliverable": "A report", "target": "2027-01-20"}, "target", "after today"),
    ({"deliverable": "A report", "target": "2027-08-01"}, "target", "ends on July 15, 2027"),
    ({"deliverable": "A report", "target": "2027-02-30"}, "target", "a date like"),
])
async def test_a_bad_deliverable_or_date_is_explained_next_to_its_field_and_stores_nothing(
        project_core: TandemCore, clock: FakeClock, values: dict[str, str], field: str,
        message: str) -> None:
    c, tid = await _approved(project_core, clock)
    [reply] = await c.submit("ben", f"project:{tid}", values)
    assert isinstance(reply, FormErrors) and message in reply.errors[field], reply
    async with project_core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and (tandem.deliverable, tandem.target_date) == (None, None)


async def test_the_german_form_asks_for_a_german_date(project_core: TandemCore,
                                                      clock: FakeClock) -> None:
    c, tid = await _approved(project_core, clock)
    [form] = await c.send("ben", ButtonClicked(c.actor("ben", "de"), "kickoff.project",
                                               str(tid)))
    assert isinstance(form, Form)
    assert "15.07.2027" in form.fields[1].label


async def test_a_one_to_one_tandem_has_no_deliverable_step(core: TandemCore,
                                                           clock: FakeClock) -> None:
    c, tid = await _approved(core, clock)
    [kickoff_card] = [b for b in c.inbox["ben"] if isinstance(b, Card)]
    assert "kickoff.project" not in [b.action_id for b in kickoff_card.buttons]
    [reply] = await c.click("ben", "kickoff.project", str(tid))
    assert isinstance(reply, Text) and "not part of" in reply.markdown
