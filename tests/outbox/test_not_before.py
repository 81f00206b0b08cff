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
