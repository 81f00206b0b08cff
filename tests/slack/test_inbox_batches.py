"""The drainer claims items in batches and marks finished ones done together, and an item that
waited in its batch past the safe part of its lease starts only if it is still its own."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event, select

from conversations.clock import FakeClock
from conversations.inbox import InboxDrainer
from storage.db import Store
from storage.inbox import NewItem
from storage.models import InboxItem


async def add_items(store: Store, clock: FakeClock, count: int) -> None:
    async with store.unit() as repos:
        for n in range(count):
            await repos.inbox.add(NewItem("slack", f"k{n}", "command", {"n": n}), clock.now())


async def rows(store: Store) -> list[InboxItem]:
    async with store.unit() as repos:
        return list(await repos.session.scalars(select(InboxItem).order_by(InboxItem.id)))


@contextmanager
def inbox_updates(store: Store) -> Iterator[list[str]]:
    """The UPDATE statements on the inbox while inside."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE INBOX"):
            seen.append(statement)

    event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", record)


async def test_ten_items_take_one_claim_and_finished_items_share_their_done_mark(
        any_store: Store, clock: FakeClock) -> None:
    await add_items(any_store, clock, 10)
    started: list[int] = []
    release, five_started = asyncio.Event(), asyncio.Event()

    async def work(item: InboxItem, last: bool) -> None:
        started.append(item.body["n"] if item.body else -1)
        if len(started) == 5:
            five_started.set()
        await release.wait()

    drainer = InboxDrainer(any_store, clock, {"slack": work}, concurrency=5)
    with inbox_updates(any_store) as updates:
        drainer.start()
        async with asyncio.timeout(5):
            await five_started.wait()
            release.set()
            await drainer.wait_idle()
        await drainer.close()
    assert sorted(started) == list(range(10))  # each once
    sets = [s.split(" WHERE ")[0] for s in updates]  # what each statement changes
    claims = [s for s in sets if "attempts=" in s]
    marks = [s for s in sets if "done_at=" in s]
    # Before: a claim per freed slot (6) and a done mark per item (10).
    assert len(claims) <= 2, claims  # the batch, and on SQLite the empty one at the end
    assert 1 <= len(marks) <= 3, marks
    assert all(row.done_at is not None and row.body is None for row in await rows(any_store))


async def test_an_item_whose_lease_ran_out_in_the_batch_is_left_to_whoever_claimed_it(
        any_store: Store, clock: FakeClock) -> None:
    await add_items(any_store, clock, 3)
    worked: list[int] = []
    taken: list[int] = []

    async def work(item: InboxItem, last: bool) -> None:
        worked.append(item.body["n"] if item.body else -1)
        clock.advance(timedelta(seconds=40))  # slow, but within its time (45 s of 60)
        if len(worked) == 2:  # the third waited 80 s: its lease ran out, another takes it
            for _ in range(500):  # the first's done mark is on its way
                if (await rows(any_store))[0].done_at is not None:
                    break
                await asyncio.sleep(0.01)
            async with any_store.unit() as repos:
                claimed = await repos.inbox.claim(clock.now(), timedelta(seconds=60),
                                                  frozenset({"slack"}), 5)
            taken.extend(i.body["n"] for i in claimed if i.body)

    drainer = InboxDrainer(any_store, clock, {"slack": work}, concurrency=1,
                           lease=timedelta(seconds=60))
    drainer.start()
    async with asyncio.timeout(5):
        await drainer.wait_idle()
    await drainer.close()
    # The second started with 20 s of its lease left and renewed it (nobody else could have
    # claimed it); the third's was gone and another drainer holds it: not run here.
    assert (worked, taken) == ([0, 1], [2])
    first, second, third = await rows(any_store)
    assert first.done_at is not None and second.done_at is not None
    assert third.done_at is None and third.attempts == 2
    assert third.lease_until == clock.now() + timedelta(seconds=60)


async def test_items_finished_when_the_drainer_closes_are_marked_done_before_it_returns(
        any_store: Store, clock: FakeClock) -> None:
    await add_items(any_store, clock, 3)
    release, three_started = asyncio.Event(), asyncio.Event()
    started: list[int] = []

    async def work(item: InboxItem, last: bool) -> None:
        started.append(item.id)
        if len(started) == 3:
            three_started.set()
        await release.wait()

    drainer = InboxDrainer(any_store, clock, {"slack": work}, concurrency=3)
    drainer.start()
    async with asyncio.timeout(5):
        await three_started.wait()
        closing = asyncio.create_task(drainer.close(grace=5))
        await asyncio.sleep(0.05)
        release.set()  # they finish during the grace period: their marks are still written
        await closing
    assert all(row.done_at is not None and row.body is None for row in await rows(any_store))
