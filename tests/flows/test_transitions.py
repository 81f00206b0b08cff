"""Transition modules: illegal moves are refused; ending and resuming are one rule each."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from conversations.aggregates import IllegalTransition
from conversations.aggregates import enrollment as enrollments
from conversations.aggregates import match_run as match_runs
from conversations.aggregates import tandem as tandems
from conversations.aggregates.enrollment import EnrollmentState
from conversations.aggregates.tandem import TandemState
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import ButtonClicked, CommandInvoked, FormSubmitted
from conversations.replies import Card
from storage.models import Enrollment, MatchRun, ProposedPair, RejectedPair, Tandem
from storage.repositories import MatchRepository
from tests.flows.test_leave import ok, who

NOW = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)
SIGNUP = {"role": "mentee", "topics": ["social", "tools"], "department": "Vertrieb",
          "manager": "", "languages": ["de", "en"], "timezone": "Europe/Vienna",
          "level": "lead", "never_match": [], "consent": ["yes"]}
MENTOR = {**SIGNUP, "role": "mentor", "level": "junior", "department": "Marketing",
          "timezone": "Europe/Berlin"}


def test_enum_values_are_the_stored_strings() -> None:
    # No data migration: the columns keep holding exactly these strings.
    assert [str(s) for s in EnrollmentState] == ["active", "paused", "withdrawn"]
    assert [str(s) for s in TandemState] == ["kickoff", "active", "dissolved"]
    assert [str(s) for s in match_runs.RunState] == ["open", "closed", "superseded"]
    assert [str(s) for s in match_runs.PairState] == ["proposed", "approved", "rejected"]


def test_illegal_enrollment_moves_are_refused_and_change_nothing() -> None:
    active = Enrollment(status="active", paused_until=None)
    with pytest.raises(IllegalTransition):
        enrollments.resume(active, NOW, NOW.date())
    with pytest.raises(IllegalTransition):
        enrollments.rejoin(active, NOW)
    assert (active.status, active.paused_until) == ("active", None)
    gone = Enrollment(status="withdrawn", paused_until=None)
    for move in (lambda: enrollments.pause(gone, date(2027, 3, 1), NOW, NOW.date()),
                 lambda: enrollments.withdraw(gone, NOW)):
        with pytest.raises(IllegalTransition):
            move()
    assert (gone.status, gone.paused_until) == ("withdrawn", None)
    enrollments.rejoin(gone, NOW)
    assert (gone.status, gone.withdrawn_at, gone.consented_at) == ("active", None, NOW)


def test_illegal_tandem_moves_are_refused() -> None:
    ended = Tandem(status="dissolved", change_requested_at=None)
    for move in (lambda: tandems.activate(ended, NOW),
                 lambda: tandems.request_change(ended, "mentor", NOW),
                 lambda: tandems.agree_rules(ended, 1, NOW)):
        with pytest.raises(IllegalTransition):
            move()
    assert ended.status == "dissolved" and ended.change_requested_at is None
    active = Tandem(status="active", activated_at=NOW)
    with pytest.raises(IllegalTransition):
        tandems.activate(active, datetime(2027, 2, 1, tzinfo=UTC))
    assert active.activated_at == NOW
    with pytest.raises(IllegalTransition):
        tandems.close_change(active)
    tandems.request_change(active, "mentee", NOW)
    assert (active.change_requested_at, active.change_requested_by) == (NOW, "mentee")
    tandems.close_change(active)
    assert (active.change_requested_at, active.change_requested_by) == (None, None)


async def test_illegal_match_run_moves_are_refused(core: TandemCore) -> None:
    closed = MatchRun(status="closed")
    with pytest.raises(IllegalTransition):
        match_runs.supersede(closed)
    with pytest.raises(IllegalTransition):
        match_runs.close(MatchRun(status="superseded"))
    assert closed.status == "closed"
    decided = ProposedPair(status="rejected")
    async with core.store.session() as s:
        with pytest.raises(IllegalTransition):
            await match_runs.approve(MatchRepository(s), decided)
    assert decided.status == "rejected"


async def _tandem(core: TandemCore) -> int:
    await ok(core, FormSubmitted(who("salesvp"), "signup", SIGNUP))
    await ok(core, FormSubmitted(who("ben"), "signup", MENTOR))
    [card] = await ok(core, CommandInvoked(who("hr"), "match"))
    assert isinstance(card, Card), card
    run = next(b.value for b in card.buttons if b.action_id == "match.approve_all")
    await ok(core, ButtonClicked(who("hr"), "match.approve_all", run))
    async with core.store.session() as s:
        tid = await s.scalar(select(Tandem.id))
    assert tid is not None
    return tid


async def _rejected(core: TandemCore) -> list[tuple[str, str, str]]:
    async with core.store.session() as s:
        rows = await s.execute(select(RejectedPair.mentor_key, RejectedPair.mentee_key,
                                      RejectedPair.rejected_by))
        return [(a, b, by) for a, b, by in rows.all()]


async def test_a_coordinators_dissolve_records_the_pair(core: TandemCore) -> None:
    tid = await _tandem(core)
    await ok(core, ButtonClicked(who("hr"), "tandems.dissolve", f"{tid}:no_fit"))
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None
        assert (tandem.status, tandem.end_reason) == ("dissolved", "no_fit")
    assert await _rejected(core) == [("console:ben", "console:salesvp", "console:hr")]


async def test_a_leavers_tandem_ends_by_the_same_rule(core: TandemCore) -> None:
    tid = await _tandem(core)
    [confirm] = await ok(core, CommandInvoked(who("salesvp"), "leave"))
    assert isinstance(confirm, Card)
    await ok(core, ButtonClicked(who("salesvp"), "leave.confirm", confirm.buttons[0].value))
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tid)
        assert tandem is not None and (tandem.status, tandem.end_reason) == ("dissolved", "left")
    assert await _rejected(core) == [("console:ben", "console:salesvp", "console:salesvp")]
    # Coming back does not hand them the partner whose tandem ended when they left.
    await ok(core, FormSubmitted(who("salesvp"), "signup", SIGNUP))
    await ok(core, CommandInvoked(who("hr"), "match"))
    async with core.store.session() as s:
        proposed = (await s.scalars(select(ProposedPair).where(
            ProposedPair.status == "proposed"))).all()
    assert proposed == []


async def test_resume_by_tick_and_by_command_end_a_break_alike(core: TandemCore,
                                                               clock: FakeClock) -> None:
    for name in ("erika", "frank"):
        await ok(core, FormSubmitted(who(name), "signup", {**SIGNUP,
                                                           "timezone": "Europe/Berlin"}))
        await ok(core, CommandInvoked(who(name), "pause 2027-02-01"))
    clock.set(datetime(2027, 2, 1, 8, 0, tzinfo=UTC))
    await ok(core, CommandInvoked(who("frank"), "resume"))
    assert core.program_id is not None
    report = await run_due_work(core.store, core.program, core.program_id, clock)
    assert report.resumed == ["console:erika"]
    async with core.store.session() as s:
        rows = (await s.scalars(select(Enrollment).order_by(Enrollment.id))).all()
        after = [(e.status, e.paused_until, e.updated_at.replace(tzinfo=UTC)) for e in rows]
    assert after == [("active", None, clock.now())] * 2
