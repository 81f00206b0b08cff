"""Retention and due work: a sent message's row is what makes due work send once (its dedupe
key), so the purge keeps it while the program runs, however short `[privacy]
retention_days` is, and deletes it once the program's end plus retention_days has passed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.scheduler import forget_old, retention_cutoffs
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.program import Program
from storage.models import OutboxMessage
from tests.flows.test_matching_kickoff import Cohort, button, example_cohort


@pytest.fixture
def program(program: Program) -> Program:
    return replace(program, retention_days=1)


async def nudges(core: TandemCore) -> list[tuple[str, datetime | None]]:
    async with core.store.session() as s:
        rows = await s.execute(select(OutboxMessage.dedupe_key, OutboxMessage.sent_at)
                               .where(OutboxMessage.dedupe_key.like("kickoff%"))
                               .order_by(OutboxMessage.id))
        return [(key, at) for key, at in rows]


async def test_a_stalled_kickoff_is_nudged_once_however_short_the_retention(
        core: TandemCore, clock: FakeClock, program: Program) -> None:
    cohort: Cohort = await example_cohort(core, clock)
    [card] = await cohort.send("hr", "match")
    await cohort.click("hr", "match.approve_all", button(card, "match.approve_all"))
    clock.advance(timedelta(days=12, minutes=1))  # a Monday: the nudges go out
    await cohort.tick()
    await cohort.tick()
    assert cohort.received("cto").count("and is not active yet") == 1
    sent = await nudges(core)
    assert sent and all(at is not None for _, at in sent)
    assert core.program_id is not None
    # 42 days later (a Monday), the program still runs: the purge keeps the sent rows, the
    # tick sends no nudge a second time.
    clock.advance(timedelta(days=42))
    assert clock.now().date() < program.end
    await forget_old(core.store, clock.now(), program, core.program_id)
    assert [k for k, _ in await nudges(core)] == [k for k, _ in sent]
    for _ in range(2):
        await cohort.tick()
        await forget_old(core.store, clock.now(), program, core.program_id)
    assert cohort.received("cto").count("and is not active yet") == 1
    # Once the program's end plus retention_days has passed, the sent rows go (the
    # coordinators' escalations on other platforms were never sent here: they wait).
    after = datetime.combine(program.end + timedelta(days=2), datetime.min.time(), UTC)
    gone = await forget_old(core.store, after, program, core.program_id)
    assert gone.sent_messages >= len(sent)
    assert [k for k, at in await nudges(core) if at is not None] == []


def test_the_sent_cutoff_waits_for_the_end_plus_retention(program: Program) -> None:
    running = datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert retention_cutoffs(program, running)["sent_before"] is None
    late = datetime.combine(program.end + timedelta(days=3), datetime.min.time(), UTC)
    assert retention_cutoffs(program, late)["sent_before"] == late - timedelta(days=1)
