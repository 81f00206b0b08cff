"""Breaks ending at once on the real PostgreSQL: the due day moves by the days the tandem
was paused exactly once, whoever ends the break (the tick on one replica, a typed `resume` on
another), and two members back at the same moment count their overlapping days once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work
from conversations.events import CommandInvoked
from storage.models import Enrollment, Tandem
from tests.concurrency.conftest import Replicas, actor, at_once, text
from tests.flows.checkin_setup import active_tandem, day_at

DUE = date(2027, 2, 3)  # a cadence after the kick-off on 20 January


async def _pause(core: TandemCore, name: str, until: str) -> None:
    outcome = await core.handle(CommandInvoked(actor(name), f"pause {until}"))
    assert outcome.outcome == "ok" and "break" in text(outcome.replies)


async def _due_on(core: TandemCore, tandem_id: int) -> date | None:
    async with core.store.session() as s:
        tandem = await s.get(Tandem, tandem_id)
        assert tandem is not None
        return tandem.due_on


async def test_the_tick_and_a_typed_resume_end_a_break_once(replicas: Replicas,
                                                            clock: FakeClock) -> None:
    core = replicas.a
    assert core.program_id is not None
    pair = await active_tandem(core.store, core.program_id, clock.now(), ["ada", "erika"],
                               ["mentor", "mentee"])
    day_at(clock, date(2027, 1, 25))
    await _pause(core, "erika", "2027-02-10")
    day_at(clock, date(2027, 2, 10))  # the break's last day: the tick ends it, so does she
    report, outcome = await at_once(
        replicas.stores,
        run_due_work(replicas.a.store, core.program, core.program_id, clock),
        replicas.b.handle(CommandInvoked(actor("erika"), "resume")))
    assert outcome.outcome == "ok"
    said = text(outcome.replies)
    assert ("Welcome back" in said) != (report.resumed == ["console:erika"]), (said, report)
    assert await _due_on(core, pair) == DUE + timedelta(days=16)  # 25 January to 10 February
    async with core.store.session() as s:
        both = (await s.scalars(select(Enrollment))).all()
        assert [(e.status, e.paused_from) for e in both] == [("active", None)] * 2


async def test_two_members_back_at_once_count_the_days_anyone_was_away(
        replicas: Replicas, clock: FakeClock) -> None:
    core = replicas.a
    assert core.program_id is not None
    circle = await active_tandem(core.store, core.program_id, clock.now(),
                                 ["ada", "erika", "sam"], ["mentor", "mentee", "mentee"],
                                 format="group")
    day_at(clock, date(2027, 1, 25))
    await _pause(core, "erika", "2027-03-01")
    day_at(clock, date(2027, 1, 30))
    await _pause(core, "sam", "2027-03-01")
    day_at(clock, date(2027, 2, 8))
    outcomes = await at_once(replicas.stores,
                             replicas.a.handle(CommandInvoked(actor("erika"), "resume")),
                             replicas.b.handle(CommandInvoked(actor("sam"), "resume")))
    assert all("Welcome back" in text(o.replies) for o in outcomes)
    # 25 January to 8 February: 14 days on a break, whichever of them came back first.
    assert await _due_on(core, circle) == DUE + timedelta(days=14)
