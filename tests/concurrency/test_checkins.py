"""Two replicas ticking the same instant on the real PostgreSQL: each check-in and each
quiet-tandem message is queued once, and recorded once."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from conversations.clock import FakeClock
from conversations.due import DueReport, run_due_work
from storage.models import CheckIn, OutboxMessage
from tests.concurrency.conftest import Replicas, at_once
from tests.flows.checkin_setup import active_tandem, day_at

DUE = date(2027, 2, 3)


async def test_two_ticks_at_once_queue_each_check_in_once(replicas: Replicas,
                                                          clock: FakeClock) -> None:
    core = replicas.a
    assert core.program_id is not None
    for i in range(20):
        await active_tandem(core.store, core.program_id, clock.now(), [f"m{i}", f"e{i}"],
                            ["mentor", "mentee"])
    day_at(clock, DUE + timedelta(days=14))  # a check-in each, and each tandem is quiet
    reports: list[DueReport] = await at_once(
        replicas.stores,
        run_due_work(replicas.a.store, core.program, core.program_id, clock),
        run_due_work(replicas.b.store, core.program, core.program_id, clock))
    queued = [k for r in reports for k in r.queued]
    assert len(queued) == len(set(queued))
    assert len([k for k in queued if k.startswith("checkin:")]) == 40
    assert len([k for k in queued if k.startswith("quiet:")]) == 20 * len(
        core.program.coordinators)
    assert await replicas.outbox_count("checkin") == 40
    async with core.store.session() as s:
        assert await s.scalar(select(func.count()).select_from(CheckIn)) == 40
        keys = (await s.scalars(select(OutboxMessage.dedupe_key))).all()
        assert sorted(keys) == sorted(queued)
