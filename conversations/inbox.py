"""Draining the inbox: the work each acknowledged request left, done once by whoever is alive.

Each process runs one drainer. It is woken right after an insert (no polling on the happy path)
and sweeps every few seconds for what dead processes left: items whose lease ran out, and
items whose retry time came. An item is claimed on its own lease and must finish within it
(a timeout cancels it first), so a slow item is never taken by a second drainer. A failure is
retried with backoff; after `max_attempts` the item is parked as failed, its body deleted, and
logged. Done items lose their body at once and their row after the platform's retry window.

The work for an item is the adapter's (`Work`); it gets the item and whether this is the last
attempt, and raises to be tried again later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from conversations.clock import Clock
from storage.db import Store
from storage.models import InboxItem

log = logging.getLogger("tandem.inbox")

Work = Callable[[InboxItem, bool], Awaitable[None]]

LEASE = timedelta(seconds=60)
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
        self._wake = asyncio.Event()
        self._running: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()  # set after a claim found nothing and nothing runs
        self._loop_task: asyncio.Task[None] | None = None
        self._pruned_at: datetime | None = None
        # Seconds to put the next claim off by, so a burst of acks gets the database and the
        # CPU first (a worker process sets it); never more than MAX_DEFER in a row.
        self.defer: Callable[[], float] | None = None
        self._slice_started = float("-inf")

    def wake(self) -> None:
        """Something was inserted (or a slot freed): claim now rather than at the sweep."""
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
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.sweep_seconds):
                    await self._wake.wait()

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
        now = self.clock.now()
        async with self.store.unit() as repos:
            items = await repos.inbox.claim(now, self.lease, frozenset(self.work), free)
        for item in items:
            task = asyncio.create_task(self._one(item), name=f"inbox-{item.id}")
            self._running.add(task)
            task.add_done_callback(self._finished)
        if len(items) == free:
            self._wake.set()  # there may be more: claim again when a slot frees
        elif not self._running:
            self._idle.set()

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self._wake.set()

    async def _one(self, item: InboxItem) -> None:
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
            await self._settle(item.id)

    async def _settle(self, item_id: int, *, park: str | None = None,
                      retry_at: datetime | None = None) -> None:
        try:
            async with self.store.unit() as repos:
                if park is not None:
                    await repos.inbox.park(item_id, self.clock.now(), park)
                elif retry_at is not None:
                    await repos.inbox.retry_at(item_id, retry_at)
                else:
                    await repos.inbox.done(item_id, self.clock.now())
        except Exception as exc:  # its lease runs out and the item comes back
            log.warning("inbox item not marked", extra={"inbox_id": item_id,
                                                        "error": type(exc).__name__})

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
        if self._running:
            _, stuck = await asyncio.wait(set(self._running), timeout=grace)
            for task in stuck:
                task.cancel()
            await asyncio.gather(*stuck, return_exceptions=True)


async def prune(store: Store, now: datetime, keep: timedelta = KEEP_DONE) -> int:
    """Delete finished inbox rows older than `keep` (a scheduler tick may call this too)."""
    async with store.unit() as repos:
        return await repos.inbox.prune(now - keep)
