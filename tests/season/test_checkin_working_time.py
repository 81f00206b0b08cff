"""Check-ins wait for the program's holidays and working days, not only the hours: they
used their own working time, which knew neither."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.program import Program
from storage.db import Store
from tests.flows.checkin_setup import active_tandem, outbox, tick

DUE = date(2027, 3, 29)  # Easter Monday, a holiday in this program


async def test_a_check_in_due_on_a_holiday_waits_for_the_next_working_day(
        store: Store, program: Program) -> None:
    clock = FakeClock(datetime(2027, 3, 15, 8, tzinfo=UTC))
    core = TandemCore(store, replace(program, holidays=frozenset({DUE})), clock)
    await core.start()
    assert core.program_id is not None
    await active_tandem(store, core.program_id, clock.now(), ["ada", "erika"],
                        ["mentor", "mentee"], activated=DUE - timedelta(days=14))
    clock.set(datetime(2027, 3, 29, 6, tzinfo=UTC))
    await tick(core, clock)
    sent = await outbox(store, "checkin")
    assert len(sent) == 2
    for s in sent:
        assert s.not_before is not None
        local = s.not_before.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
        assert local == datetime(2027, 3, 30, 9, 0)  # Tuesday morning, not the holiday


async def test_a_check_in_waits_for_the_programs_working_days(
        store: Store, program: Program) -> None:
    clock = FakeClock(datetime(2027, 3, 15, 8, tzinfo=UTC))
    core = TandemCore(store, replace(program, working_days=(2, 3, 4, 5)), clock)  # not Mon
    await core.start()
    assert core.program_id is not None
    await active_tandem(store, core.program_id, clock.now(), ["ada", "erika"],
                        ["mentor", "mentee"], activated=date(2027, 3, 8))
    clock.set(datetime(2027, 3, 22, 6, tzinfo=UTC))  # the due day, a Monday
    await tick(core, clock)
    sent = await outbox(store, "checkin")
    assert len(sent) == 2
    assert all(s.not_before is not None and s.not_before.astimezone(
        ZoneInfo("Europe/Berlin")).replace(tzinfo=None) == datetime(2027, 3, 23, 9, 0)
        for s in sent)
