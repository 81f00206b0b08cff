"""Draining the inbox: the work each acknowledged request left, done once by whoever is alive.

Each process runs one drainer. It is woken right after an insert (no polling on the happy path)
and sweeps every few seconds for what dead processes left: items whose lease ran out, and
items whose retry time came. Items are claimed in batches (one claim for up to CLAIM_BATCH),
each on its own lease, and an item must finish within its lease (a timeout cancels it first;
one that waited in the batch until too little of its lease was left renews it first, if it
is still its own), so a slow item is never taken by a second drainer. Successful items are
marked done together: one UPDATE for the items that finished while the previous one ran (a
crash before it means the item is done again, at least once, its effects once as ever). A
failure is retried with backoff; after `max_attempts` the item is parked as failed, its body
deleted, and logged. Done items lose their body at once and their row after the platform's
retry window.

The work for an item is the adapter's (`Work`); it gets the item and whether this is the last
attempt, and raises to be tried again later.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from conversations.clock import Clock
from storage.db import Store
from storage.models import InboxItem

log = logging.getLogger("tandem.inbox")

Work = Callable[[InboxItem, bool], Awaitable[None]]

LEASE = timedelta(seconds=60)
# A claim costs a transaction (two statements and a commit on PostgreSQL): claiming one item
# at a time cost about as much CPU as the item's own work (bench/drain_cost.py).
CLAIM_BATCH = 32
# Claims may be put off for a burst of acks (see `defer`) for MAX_DEFER seconds; then the
# drain runs for RUN_SLICE undisturbed, so under endless load it still gets a fifth.
MAX_DEFER = 1.0
RUN_SLICE = 0.25
KEEP_DONE = timedelta(hours=1)  # Slack retries for about 5 minutes; replays die after 5 too
PRUNE_EVERY = timedelta(minutes=5)


class Retry(Exception):
    """Not now: try the item again later. The message is a reason for the log, no content."""


class GiveUp(Exception):
    """Never: park the item as failed with this reason."""


def backoff(attempts: int) -> timedelta:
    """2, 4, 8, 16 … seconds after the n-th failed attempt, at most a minute."""
    return timedelta(seconds=min(60, 2 ** attempts))


class InboxDrainer:
    def __init__(self, store: Store, clock: Clock, work: dict[str, Work], *,
                 lease: timedelta = LEASE, concurrency: int = 4, max_attempts: int = 5,
                 sweep_seconds: float = 5.0) -> None:
        self.store = store
        self.clock = clock
        self.work = work  # platform → the adapter's work for its items
        self.lease = lease
        self.item_timeout = lease.total_seconds() * 0.75  # ends well inside the lease
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.sweep_seconds = min(sweep_seconds, lease.total_seconds() / 3)
        self._wake = asyncio.Event()  # something to do: claim, or start what was claimed
        self._look = True  # a claim may find something (an insert, the sweep, a full batch)
        self._claimed: deque[InboxItem] = deque()  # claimed in a batch, not started yet
        self._running: set[asyncio.Task[None]] = set()
        self._done: list[int] = []  # finished, to be marked done by the next UPDATE
        self._marking: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()  # set after a claim found nothing and nothing runs
        self._loop_task: asyncio.Task[None] | None = None
        self._pruned_at: datetime | None = None
        # Seconds to put the next claim off by, so a burst of acks gets the database and the
        # CPU first (a worker process sets it); never more than MAX_DEFER in a row.
        self.defer: Callable[[], float] | None = None
        self._slice_started = float("-inf")

    def wake(self) -> None:
        """Something was inserted: claim now rather than at the sweep."""
        self._look = True
        self._idle.clear()
        self._wake.set()

    def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._run(), name="inbox-drainer")

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            await self._yield_to_acks()
            try:
                await self._claim_and_start()
                await self._prune_now_and_then()
            except Exception as exc:  # the database is away: the next sweep tries again
                log.warning("inbox claim failed", extra={"error": type(exc).__name__})
            # asyncio.timeout, not wait_for: on 3.11, wait_for around an Event that is set as
            # the task is cancelled left close() waiting for ever (seen in tests).
            try:
                async with asyncio.timeout(self.sweep_seconds):
                    await self._wake.wait()
            except TimeoutError:
                self._look = True  # the sweep: leases that ran out, retry times that came

    async def _yield_to_acks(self) -> None:
        loop = asyncio.get_running_loop()
        if self.defer is None or loop.time() - self._slice_started < RUN_SLICE:
            return
        waited = 0.0
        while waited < MAX_DEFER:
            pause = min(self.defer(), MAX_DEFER - waited)
            if pause <= 0:
                return  # quiet
            await asyncio.sleep(pause)
            waited += pause
        self._slice_started = loop.time()

    async def _claim_and_start(self) -> None:
        free = self.concurrency - len(self._running)
        if free <= 0:
            return
        if not self._claimed and self._look:
            self._look = False
            async with self.store.unit() as repos:
                items = await repos.inbox.claim(self.clock.now(), self.lease,
                                                frozenset(self.work), CLAIM_BATCH)
            self._claimed.extend(items)
            if len(items) == CLAIM_BATCH:
                self._look = True  # there may be more: claim again when these are started
        while free > 0 and self._claimed:
            item = self._claimed.popleft()
            task = asyncio.create_task(self._one(item), name=f"inbox-{item.id}")
            self._running.add(task)
            task.add_done_callback(self._finished)
            free -= 1
        if free > 0 and self._look:
            self._wake.set()
        elif not (self._running or self._claimed or self._look or self._marks_pending()):
            self._idle.set()

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._wake.set()  # start the next claimed item (a freed slot claims only if `_look`)

    async def _still_ours(self, item: InboxItem) -> bool:
        """Whether the item may start: enough of its lease is left to finish within it, or
        its lease could be renewed (it waited in the batch; nobody else claimed it since)."""
        now = self.clock.now()
        lease_until = item.lease_until
        if lease_until is not None and now + timedelta(seconds=self.item_timeout) < lease_until:
            return True
        try:
            async with self.store.unit() as repos:
                return await repos.inbox.renew(item.id, item.attempts, now + self.lease)
        except Exception as exc:  # its lease runs out and the item comes back
            log.warning("inbox lease not renewed", extra={"inbox_id": item.id,
                                                          "error": type(exc).__name__})
            return False

    async def _one(self, item: InboxItem) -> None:
        if not await self._still_ours(item):
            return
        last = item.attempts >= self.max_attempts
        fields = {"inbox_id": item.id, "platform": item.platform, "kind": item.kind,
                  "attempt": item.attempts}
        try:
            async with asyncio.timeout(self.item_timeout):
                await self.work[item.platform](item, last)
        except GiveUp as exc:
            await self._settle(item.id, park=str(exc))
            log.error("inbox item failed", extra={**fields, "reason": str(exc)})
        except Exception as exc:
            reason = str(exc) if isinstance(exc, Retry) else type(exc).__name__
            if not isinstance(exc, Retry | TimeoutError):
                log.exception("inbox item crashed", extra=fields)  # a bug: keep the trace
            if last:
                await self._settle(item.id, park=reason)
                log.error("inbox item failed", extra={**fields, "reason": reason})
            else:
                await self._settle(item.id, retry_at=self.clock.now() + backoff(item.attempts))
                log.warning("inbox item will be retried", extra={**fields, "reason": reason})
        else:
            self._mark_done(item.id)

    async def _settle(self, item_id: int, *, park: str | None = None,
                      retry_at: datetime | None = None) -> None:
        try:
            async with self.store.unit() as repos:
                if park is not None:
                    await repos.inbox.park(item_id, self.clock.now(), park)
                elif retry_at is not None:
                    await repos.inbox.retry_at(item_id, retry_at)
        except Exception as exc:  # its lease runs out and the item comes back
            log.warning("inbox item not marked", extra={"inbox_id": item_id,
                                                        "error": type(exc).__name__})

    def _mark_done(self, item_id: int) -> None:
        """Marked by the next UPDATE: the items that finish while one runs share the next.
        The slot is free at once; the item's lease covers it until the mark commits."""
        self._done.append(item_id)
        if self._marking is None or self._marking.done():
            self._marking = asyncio.create_task(self._mark_all(), name="inbox-done")

    def _marks_pending(self) -> bool:
        return bool(self._done) or (self._marking is not None and not self._marking.done())

    async def _mark_all(self) -> None:
        while self._done:
            ids, self._done = self._done, []
            try:
                async with self.store.unit() as repos:
                    await repos.inbox.done(ids, self.clock.now())
            except Exception as exc:  # their leases run out and the items come back
                log.warning("inbox items not marked", extra={"items": len(ids),
                                                             "error": type(exc).__name__})
        self._wake.set()  # lets the loop see the marks committed (wait_idle)

    async def _prune_now_and_then(self) -> None:
        now = self.clock.now()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        removed = await prune(self.store, now)
        if removed:
            log.info("inbox pruned", extra={"removed": removed})

    async def wait_idle(self) -> None:
        """Until a claim found nothing due and no item runs (tests)."""
        self.wake()
        await self._idle.wait()

    async def close(self, grace: float = 5.0) -> None:
        """Stop claiming; let running items finish for `grace` seconds (the rest come back
        to the next process when their lease ends)."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
            self._loop_task = None
        self._claimed.clear()  # their leases run out and they come back to the next drainer
        if self._running:
            _, stuck = await asyncio.wait(set(self._running), timeout=grace)
            for task in stuck:
                task.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)
        if self._marks_pending():  # the items that finished are marked before we go
            if self._marking is None or self._marking.done():
                self._marking = asyncio.create_task(self._mark_all(), name="inbox-done")
            await asyncio.gather(self._marking, return_exceptions=True)


async def prune(store: Store, now: datetime, keep: timedelta = KEEP_DONE) -> int:
    """Delete finished inbox rows older than `keep` (a scheduler tick may call this too)."""
    async with store.unit() as repos:
        return await repos.inbox.prune(now - keep)
