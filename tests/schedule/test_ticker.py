"""`tandem serve`'s ticker: APScheduler runs the same tick as `tandem tick`, on an interval,
never two at once. Short intervals, no long sleeps."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import Runtime, build_runtime
from bot.config import ConfigError, load_settings
from bot.scheduler import TICK_JOB, run_forever, tick, ticker
from conversations.clock import FakeClock
from storage.models import OutboxMessage
from tests.flows.conftest import MENTEE, Transcript
from tests.outbox.test_platforms import settings_for


@pytest.fixture
async def runtime(sqlite_url: str, clock: FakeClock) -> AsyncIterator[Runtime]:
    built = await build_runtime(settings_for(sqlite_url), clock=clock, teams=False)
    try:
        yield built
    finally:
        await built.close()


async def test_ticks_come_on_the_interval_and_never_overlap(
        runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.get_running_loop()
    runs: list[tuple[float, float]] = []
    running = 0
    three = asyncio.Event()

    async def slow_tick(_: Runtime) -> None:  # longer than the interval
        nonlocal running
        running += 1
        assert running == 1, "two ticks at once"
        start = loop.time()
        await asyncio.sleep(0.12)
        runs.append((start, loop.time()))
        running -= 1
        if len(runs) >= 3:
            three.set()

    scheduler = ticker(runtime, interval=0.05, job=slow_tick)
    job = scheduler.get_job(TICK_JOB)
    assert job is not None and job.coalesce and job.max_instances == 1
    assert job.misfire_grace_time is not None and job.misfire_grace_time >= 1
    with caplog.at_level(logging.WARNING, logger="apscheduler"):
        scheduler.start()
        async with asyncio.timeout(5):
            await three.wait()
        scheduler.shutdown(wait=False)
    assert all(later[0] >= earlier[1] for earlier, later in itertools.pairwise(runs))
    # The runs that fell due while one was running were skipped, not stacked up.
    assert any("maximum number of running instances" in r.getMessage() for r in caplog.records)


async def test_a_failing_tick_is_logged_and_the_next_one_runs(
        runtime: Runtime, caplog: pytest.LogCaptureFixture) -> None:
    calls = 0
    again = asyncio.Event()

    async def flaky(_: Runtime) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database away")
        again.set()

    scheduler = ticker(runtime, interval=0.03, job=flaky)
    scheduler.start()
    async with asyncio.timeout(5):
        await again.wait()
    scheduler.shutdown(wait=False)
    assert any("tick failed" in r.getMessage() for r in caplog.records)


async def test_serve_runs_the_real_tick(runtime: Runtime, clock: FakeClock) -> None:
    """The welcome back after a break is queued by the ticker's first tick, once however
    many ticks follow, and it waits for the person's working time."""
    transcript = Transcript(runtime.core)
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("erika", "pause 2027-02-01")
    clock.set(datetime(2027, 2, 1, 5, 0, tzinfo=UTC))  # 6:00 in Berlin: before her hours
    task = asyncio.create_task(run_forever(runtime, interval=0.03))
    try:
        async with asyncio.timeout(5):
            while True:
                async with runtime.store.session() as s:
                    rows = list(await s.scalars(select(OutboxMessage).where(
                        OutboxMessage.kind == "pause-ended")))
                if rows:
                    break
                await asyncio.sleep(0.02)
        await asyncio.sleep(0.15)  # a few more ticks
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    async with runtime.store.session() as s:
        rows = list(await s.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "pause-ended")))
    assert len(rows) == 1 and rows[0].sent_at is None
    assert rows[0].next_attempt_at is not None
    assert rows[0].next_attempt_at.astimezone(UTC) == datetime(2027, 2, 1, 8, 0, tzinfo=UTC)


def test_the_interval_is_configurable() -> None:
    base = {"TANDEM_CONFIG": "tandem.toml"}
    assert load_settings(env=base, dotenv=False).tick_seconds == 60.0
    assert load_settings(env=base | {"TANDEM_TICK_SECONDS": "15"},
                         dotenv=False).tick_seconds == 15.0
    for bad in ("0", "fast", "7200"):
        with pytest.raises(ConfigError):
            load_settings(env=base | {"TANDEM_TICK_SECONDS": bad}, dotenv=False)


async def test_a_dry_run_at_night_lists_due_work_as_later(runtime: Runtime,
                                                          clock: FakeClock) -> None:
    """What the due work would queue at night is listed as waiting for later, not as sent
    now; in the person's working time, as sent."""
    transcript = Transcript(runtime.core)
    await transcript.say("erika", "join", MENTEE, lang="en")
    await transcript.say("erika", "pause 2027-02-01")

    class Quiet:
        groups = False

        async def send(self, person_key: str, reference: object, body: object) -> None:
            raise AssertionError("a dry run sends nothing")

    runtime.senders["console"] = Quiet()  # type: ignore[assignment]
    clock.set(datetime(2027, 2, 1, 5, 0, tzinfo=UTC))  # 6:00 in Berlin
    night = (await tick(runtime, dry_run=True)).dry_run
    assert night is not None and night.queue == [("pause-ended", ("console:erika",))]
    assert night.later == night.queue and night.send == []
    clock.set(datetime(2027, 2, 1, 8, 0, tzinfo=UTC))  # 9:00 in Berlin
    morning = (await tick(runtime, dry_run=True)).dry_run
    assert morning is not None and morning.send == morning.queue and morning.later == []
