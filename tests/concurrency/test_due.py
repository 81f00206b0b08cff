"""Two replicas running the due work at the same instant (`tandem tick` on two hosts)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.due import DueReport, run_due_work
from conversations.events import CommandInvoked
from storage.models import Enrollment, OutboxMessage
from tests.concurrency.conftest import Replicas, actor, approved_pair, at_once, sign_up


async def test_each_break_ends_once_and_each_nudge_is_queued_once(
    replicas: Replicas, clock: FakeClock
) -> None:
    core = replicas.a
    await approved_pair(core)
    await sign_up(core, "erika", "mentee", "lead", "Personal", ["culture"])
    assert (await core.handle(CommandInvoked(actor("erika"), "pause 2027-02-05"))).outcome == "ok"
    # 21 days on: Erika's break is over, the tandem is past both kick-off deadlines.
    clock.advance(timedelta(days=21))
    assert core.program_id is not None
    reports: list[DueReport] = await at_once(
        replicas.stores,
        run_due_work(replicas.a.store, core.program, core.program_id, clock),
        run_due_work(replicas.b.store, core.program, core.program_id, clock))
    assert sorted(k for r in reports for k in r.resumed) == ["console:erika"]
    queued = [k for r in reports for k in r.queued]
    assert len(queued) == len(set(queued))
    kinds = sorted(k.split(":")[0] for k in queued)
    coordinators = len(core.program.coordinators)
    assert kinds == sorted(["pause-ended"] + ["kickoff-nudge"] * 2
                           + ["kickoff-escalation"] * coordinators)
    async with core.store.session() as s:
        keys = (await s.scalars(select(OutboxMessage.dedupe_key)
                                .where(OutboxMessage.kind != "intro"))).all()
        assert sorted(keys) == sorted(queued)
        erika = await s.scalar(select(Enrollment).where(Enrollment.status == "active",
                                                        Enrollment.paused_until.is_(None))
                               .order_by(Enrollment.id.desc()))
        assert erika is not None and erika.version == 3  # sign-up, pause, one end of it
    # And later ticks, on either replica, add nothing.
    again = await asyncio.gather(
        run_due_work(replicas.a.store, core.program, core.program_id, clock),
        run_due_work(replicas.b.store, core.program, core.program_id, clock))
    assert [k for r in again for k in r.queued] == []
