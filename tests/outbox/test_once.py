"""Item 8: a slow API never lets two senders hold one message; a rate limit is scheduled, not
slept; a message that keeps failing is parked, visible and retried on request, once."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from conversations.clock import FakeClock
from conversations.outbox import MAX_ATTEMPTS, DeliveryReport, deliver
from conversations.replies import Text, message_to_dict
from storage.db import Store
from storage.migrate import upgrade
from storage.models import OutboxMessage
from tests.outbox.conftest import slack_sender
from tests.slack.fake_api import FakeSlackApi
from tests.teams.harness import ANNA, TeamsBot

POST = "chat.postMessage"


async def queue(store: Store, clock: FakeClock, n: int, person: str = "slack:UEN") -> None:
    async with store.unit() as repos:
        for i in range(n):
            await repos.outbox.enqueue(f"nudge:{i}", person,
                                       message_to_dict(Text(f"message {i}")), clock.now())


async def row(store: Store, dedupe_key: str) -> OutboxMessage:
    async with store.session() as s:
        found = await s.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))
    assert found is not None
    return found


async def test_two_senders_and_a_slow_api_post_each_message_once(
        db_url: str, fake: FakeSlackApi, clock: FakeClock) -> None:
    """The probe: 40 queued, a 4 s chat.postMessage, two senders → 49 posts. Here the 4 s are
    virtual (each post advances the clock shared by both senders), so the old 2-minute batch
    lease runs out after 30 posts exactly as it did in real time."""
    first, second = Store.from_url(db_url), Store.from_url(db_url)  # two engines, two pools
    await upgrade(first.engine)
    await queue(first, clock, 40)

    async def slow_post(method: str) -> None:
        if method == POST:
            await asyncio.sleep(0.02)
            clock.advance(timedelta(seconds=4))

    fake.before_answer = slow_post

    async def ticks(store: Store) -> DeliveryReport:
        """A sender process: delivery runs again and again until nothing is left."""
        sender, done = slack_sender(fake), DeliveryReport()
        while True:
            report = await deliver(store, clock, {"slack": sender})
            done.sent += report.sent
            async with store.unit() as repos:
                if not await repos.outbox.pending():
                    return done
            await asyncio.sleep(0.005)

    try:
        a, b = await asyncio.wait_for(asyncio.gather(ticks(first), ticks(second)), 60)
    finally:
        await first.close()
        await second.close()
    posted = [c.body["text"] for c in fake.to(POST)]
    assert len(posted) == 40, f"{len(posted)} posts for 40 messages"
    assert sorted(posted) == sorted(f"message {i}" for i in range(40))
    assert len(a.sent) + len(b.sent) == 40 and a.sent and b.sent  # both really sent


async def test_retry_after_schedules_the_next_attempt_instead_of_sleeping(
        store: Store, fake: FakeSlackApi, clock: FakeClock) -> None:
    """Two 429s with Retry-After 20 made one tick take 46 s. Now each tick returns at once
    and the message goes out on the first tick after the wait, once."""
    await queue(store, clock, 2)
    fake.fail_next(POST, 429, retry_after=20)
    fake.fail_next(POST, 429, retry_after=20)
    sender = slack_sender(fake)
    started = clock.now()

    took = time.monotonic()
    report = await deliver(store, clock, {"slack": sender})
    assert time.monotonic() - took < 2.0  # not slept
    assert report.retry_later == ["nudge:0"] and report.sent == []
    assert len(fake.to(POST)) == 1  # told to wait: the rest of Slack's queue waits too
    waiting = await row(store, "nudge:0")
    assert waiting.next_attempt_at == started + timedelta(seconds=20)
    assert waiting.last_error == "slack:ratelimited" and waiting.attempts == 0
    assert waiting.failed_at is None and waiting.body is not None

    clock.advance(timedelta(seconds=10))  # too early for nudge:0; nudge:1 is due
    report = await deliver(store, clock, {"slack": sender})
    assert report.retry_later == ["nudge:1"]  # the second 429
    assert [c.body["channel"] for c in fake.to(POST)] == ["UEN", "UEN"]

    clock.advance(timedelta(seconds=11))  # 21 s: nudge:0 is due again
    took = time.monotonic()
    report = await deliver(store, clock, {"slack": sender})
    assert time.monotonic() - took < 2.0
    assert report.sent == ["nudge:0"]
    clock.advance(timedelta(seconds=20))
    assert (await deliver(store, clock, {"slack": sender})).sent == ["nudge:1"]
    assert (await deliver(store, clock, {"slack": sender})).sent == []
    assert sorted(c.body["text"] for c in fake.to(POST) if c.status == 200) == [
        "message 0", "message 1"]


async def test_a_failing_message_backs_off_then_is_parked_and_retried_once(
        store: Store, fake: FakeSlackApi, clock: FakeClock) -> None:
    await queue(store, clock, 1)
    fake.refused[POST] = 502  # a proxy's error page, every time
    sender = slack_sender(fake)
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = await deliver(store, clock, {"slack": sender}, jitter=lambda: 0.5)
        message = await row(store, "nudge:0")
        assert message.attempts == attempt
        assert message.last_error is not None and "502" in message.last_error
        if attempt < MAX_ATTEMPTS:
            assert report.retry_later == ["nudge:0"] and message.failed_at is None
            assert message.next_attempt_at is not None
            wait = message.next_attempt_at - clock.now()
            waits.append(wait)
            clock.advance(wait - timedelta(seconds=1))
            assert (await deliver(store, clock, {"slack": sender})).retry_later == []  # not yet
            clock.advance(timedelta(seconds=1))
    assert waits == [timedelta(minutes=2 ** n) for n in range(MAX_ATTEMPTS - 1)]
    assert report.gave_up == ["nudge:0"]
    parked = await row(store, "nudge:0")
    assert parked.failed_at == clock.now() and parked.failed_reason == "gave_up:slack:http_502"
    assert parked.body is not None  # kept so that a coordinator can retry it
    assert len(fake.to(POST)) == MAX_ATTEMPTS
    clock.advance(timedelta(days=1))
    assert (await deliver(store, clock, {"slack": sender})).retry_later == []  # parked: left

    del fake.refused[POST]
    async with store.unit() as repos:
        assert (await repos.outbox.counts()).failed == 1
        assert await repos.outbox.retry(parked.id, clock.now())
        assert not await repos.outbox.retry(parked.id, clock.now())  # the double click
    assert (await deliver(store, clock, {"slack": sender})).sent == ["nudge:0"]
    sent = await row(store, "nudge:0")
    assert sent.id == parked.id and sent.body is None and sent.failed_at is None
    assert [c.status for c in fake.to(POST)] == [502] * MAX_ATTEMPTS + [200]


async def test_two_retry_clicks_at_once_queue_the_message_once(pg_url: str,
                                                               clock: FakeClock) -> None:
    first, second = Store.from_url(pg_url), Store.from_url(pg_url)
    await upgrade(first.engine)
    await queue(first, clock, 1)
    async with first.unit() as repos:
        message = await repos.outbox.claim_next("slack", clock.now(), timedelta(minutes=3))
        assert message is not None
        await repos.outbox.park(message.id, clock.now(), "unreachable:account_inactive")
    barrier = asyncio.Barrier(2)

    async def click(store: Store) -> bool:
        async with store.unit() as repos:
            await repos.session.execute(select(1))  # both transactions are open …
            await barrier.wait()  # … before either compares and sets
            return await repos.outbox.retry(message.id, clock.now())

    try:
        results = await asyncio.gather(click(first), click(second))
    finally:
        await second.close()
    async with first.unit() as repos:
        pending = await repos.outbox.pending()
    await first.close()
    assert sorted(results) == [False, True]
    assert [m.dedupe_key for m in pending] == ["nudge:0"]


@pytest.mark.parametrize("status", [429, 503])
async def test_teams_throttling_is_scheduled_not_slept(teams_bot: TeamsBot, status: int) -> None:
    """The connector's 429/503 with Retry-After 20: the old backoff slept 4–12 s per retry
    inside the tick. The outbox path now hands the wait back and the tick goes on."""
    await teams_bot.say(ANNA, "help")  # stores where Anna can be reached
    runtime, clock = teams_bot.runtime, teams_bot.clock
    teams_bot.connector.failures = [status] * 3
    teams_bot.connector.retry_after = "20"
    async with runtime.store.unit() as repos:
        await repos.outbox.enqueue("nudge:anna", ANNA.key, message_to_dict(Text("later")),
                                   clock.now())
    took = time.monotonic()
    report = await deliver(runtime.store, clock, runtime.senders)
    assert time.monotonic() - took < 2.0
    assert report.retry_later == ["nudge:anna"]
    message = await row(runtime.store, "nudge:anna")
    assert message.next_attempt_at == clock.now() + timedelta(seconds=20)
    assert message.last_error == f"teams:http_{status}" and message.attempts == 0
    teams_bot.connector.failures = []
    clock.advance(timedelta(seconds=20))
    assert (await deliver(runtime.store, clock, runtime.senders)).sent == ["nudge:anna"]
    assert teams_bot.connector.sent(ANNA.conversation_id)[-1].text == "later"
