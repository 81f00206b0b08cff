"""What the bot sends on its own may wait: a message is not claimed before its time, and the
tick's bulk queue skips keys already queued, in one statement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Store
from storage.repositories import Queued

NOW = datetime(2027, 3, 1, 6, 0, tzinfo=UTC)


async def test_a_message_waits_for_its_time_and_bulk_queueing_skips_known_keys(
        any_store: Store) -> None:
    morning = NOW + timedelta(hours=2)
    async with any_store.unit() as repos:
        assert await repos.outbox.enqueue("nudge:1:slack:U1", "slack:U1", {"t": 1}, NOW,
                                          not_before=morning)
        added = await repos.outbox.enqueue_many([
            Queued("nudge:1:slack:U1", "slack:U1", {"t": 1}, morning),  # already queued
            Queued("nudge:2:slack:U2", "slack:U2", {"t": 2}, morning),
            Queued("nudge:3:teams:T3", "teams:T3", {"t": 3}),
        ], NOW)
        assert added == 2
        assert await repos.outbox.enqueue_many([], NOW) == 0
    async with any_store.unit() as repos:
        early = await repos.outbox.claim_next("slack", NOW, timedelta(minutes=1))
        assert early is None  # both Slack messages wait for the morning
        teams = await repos.outbox.claim_next("teams", NOW, timedelta(minutes=1))
        assert teams is not None and teams.dedupe_key == "nudge:3:teams:T3"
    async with any_store.unit() as repos:
        first = await repos.outbox.claim_next("slack", morning, timedelta(minutes=1))
        assert first is not None and first.dedupe_key == "nudge:1:slack:U1"


async def test_a_night_of_waiting_messages_goes_out_in_the_morning_in_order(
        any_store: Store) -> None:
    """Waiting messages are not claimable (the claim reads only ready rows); when their time
    comes the claim makes them ready first, so each goes out once, oldest first."""
    morning = NOW + timedelta(hours=3)
    async with any_store.unit() as repos:
        assert await repos.outbox.enqueue_many([
            Queued(f"nudge:{i}:slack:U{i}", f"slack:U{i}", {"t": i}, morning)
            for i in range(200)], NOW) == 200
        assert await repos.outbox.enqueue("reply:1", "slack:U9", {"t": "now"}, NOW)
    claimed: list[str] = []
    for when in (NOW, morning - timedelta(seconds=1), morning):
        after = 0
        while True:
            async with any_store.unit() as repos:
                message = await repos.outbox.claim_next("slack", when, timedelta(minutes=1),
                                                        after=after)
                if message is None:
                    break
                await repos.outbox.mark_sent(message.id, when)
            after = message.id
            claimed.append(message.dedupe_key)
        if when < morning:
            assert claimed == ["reply:1"]
    assert claimed == ["reply:1", *(f"nudge:{i}:slack:U{i}" for i in range(200))]
    async with any_store.unit() as repos:
        assert await repos.outbox.ready_now("slack", morning) == 0
