"""`forget me` in a circle that goes on without the person: the others hear that a member
left (never who asked for erasure, never a reason), the circle stays active for them, and no
row of any table holds the leaver's name or key afterwards."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from conversations.core import TandemCore
from conversations.program import Program
from conversations.replies import Card
from storage.models import QuickWin, SessionRow, Tandem
from tests.flows.test_gdpr import everything, exported
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


OTHERS_TOPIC, MY_TOPIC = "Ana logged: prompts for sales", "Bens own topic line"
OTHERS_DRAFT, MY_DRAFT = "Cem's draft about spreadsheets", "Bens draft about memes"
GOALS, DELIVERABLE = ["Ship one small AI helper together"], "A demo for the board"


async def typed_by_all(cohort: Cohort, tid: int) -> None:  # noqa: F811
    """The circle's goals and deliverable, a session each logged by ana and ben, an open
    quick-win draft each by cem and ben."""
    clock, now = cohort.clock, cohort.clock.now()
    async with cohort.core.store.unit() as repos:
        people = await repos.people.by_keys([f"console:{n}" for n in ("ana", "ben", "cem")])
        tandem = await repos.session.get(Tandem, tid)
        assert tandem is not None and cohort.core.program_id is not None
        tandem.goals, tandem.deliverable = list(GOALS), DELIVERABLE
        for name, topic, day in (("ana", OTHERS_TOPIC, 1), ("ben", MY_TOPIC, 2)):
            repos.session.add(SessionRow(
                tandem_id=tid, held_on=clock.now().date() - timedelta(days=day), minutes=45,
                topic=topic, logged_by=people[f"console:{name}"].id, created_at=now,
                updated_at=now))
        for name, text in (("cem", OTHERS_DRAFT), ("ben", MY_DRAFT)):
            await repos.quick_wins.add(QuickWin(
                program_id=cohort.core.program_id, tandem_id=tid,
                author_id=people[f"console:{name}"].id, text=text, status="open", revision=1,
                created_at=now, updated_at=now, consents=[]))


async def test_erasing_one_member_keeps_what_the_circle_that_goes_on_wrote(
        cohort: Cohort, core: TandemCore) -> None:  # noqa: F811
    tid = int(await approved(cohort))
    await typed_by_all(cohort, tid)
    [confirm] = await cohort.send("ben", "forget me")
    assert isinstance(confirm, Card)
    await cohort.click("ben", "gdpr.forget", button(confirm, "gdpr.forget"))
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status != "dissolved"
        # The circle's shared agreement stays with the circle that goes on.
        assert tandem.goals == GOALS and tandem.deliverable == DELIVERABLE
        topics = set(await s.scalars(select(SessionRow.topic).where(
            SessionRow.tandem_id == tid)))
        assert topics == {OTHERS_TOPIC, None}
        wins = {w.text: w.status for w in await s.scalars(select(QuickWin))}
        assert wins == {OTHERS_DRAFT: "open", "": "withdrawn"}
    for table, row in await everything(core):
        assert "ben" not in row.replace("bench", ""), (table, row)


async def test_leaving_a_circle_that_goes_on_keeps_its_goals(cohort: Cohort) -> None:  # noqa: F811
    tid = int(await approved(cohort))
    await typed_by_all(cohort, tid)
    [card] = await cohort.send("ben", "leave")
    assert isinstance(card, Card)
    await cohort.click("ben", "leave.confirm", button(card, "leave.confirm"))
    async with cohort.core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and tandem.status != "dissolved"
        assert tandem.goals == GOALS and tandem.deliverable == DELIVERABLE


async def test_my_data_after_leaving_a_circle_holds_nothing_the_others_did_later(
        cohort: Cohort) -> None:  # noqa: F811
    tid = int(await approved(cohort))
    await typed_by_all(cohort, tid)
    [card] = await cohort.send("ben", "leave")
    await cohort.click("ben", "leave.confirm", button(card, "leave.confirm"))  # type: ignore[arg-type]
    cohort.clock.advance(timedelta(days=3))
    later_topic, later_draft = "After Ben left: agents", "Ana's later draft"
    await typed_by_all(cohort, tid)  # the others' things again, typed after he left
    async with cohort.core.store.unit() as repos:
        tandem = await repos.session.get(Tandem, tid)
        assert tandem is not None
        tandem.goals = ["A goal agreed after Ben left"]
        ana = await repos.people.by_key("console:ana")
        assert ana is not None
        await repos.session.execute(update(SessionRow).where(
            SessionRow.topic == OTHERS_TOPIC, SessionRow.held_on > cohort.clock.now().date()
            - timedelta(days=2)).values(topic=later_topic))
        await repos.session.execute(update(QuickWin).where(
            QuickWin.text == OTHERS_DRAFT).values(text=later_draft))
    data, _ = await exported(cohort, "ben")  # type: ignore[arg-type]
    text = json.dumps(data, ensure_ascii=False)
    for theirs in (later_topic, later_draft, "after Ben left", OTHERS_TOPIC, OTHERS_DRAFT):
        assert theirs not in text, theirs
    assert MY_TOPIC in text and MY_DRAFT in text  # what he typed himself
    [membership] = data["tandem_members"]
    assert membership["tandem_id"] == tid and membership["left_at"]
    assert [t["id"] for t in data["tandems"]] == [tid]
