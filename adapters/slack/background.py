"""Work that runs after the ack: a bounded queue drained by a few worker tasks.

Why a queue and not a task per request: `put_nowait` is the cheapest thing the ack path can do
(no task object, no scheduling); the worker count caps how many jobs run at once, and so the
database sessions, the concurrent Slack calls and — since jobs share the event loop with the
acks — how much job CPU an ack can find queued ahead of it; the bound turns a flood into an
explicit "busy" answer instead of unbounded memory and ever-later replies. Workers hold the
references, so nothing is garbage-collected mid-flight.

Sizes (measured with `tandem serve` against a local fake, /tandem status, 2 cores): 4 workers
gave a 1.6–1.9 ms p50 ack at one client where 8 gave 2.8–3.8 ms, for the same reply
throughput; in production a job mostly waits on Slack, so 4 still overlap that latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackApiError

from adapters.slack.errors import error_fields

log = logging.getLogger("tandem.slack")

Job = Callable[[], Awaitable[None]]


class BackgroundWork:
    def __init__(self, *, workers: int = 4, max_pending: int = 1024) -> None:
        self._queue: asyncio.Queue[tuple[str, Job]] = asyncio.Queue(maxsize=max_pending)
        self._size = workers
        self._workers: list[asyncio.Task[None]] = []
        self._closed = False
        self._refused = 0  # since the queue was last accepting: logged as a count, not a flood

    def submit(self, name: str, job: Job) -> bool:
        """Queue a job; False when full or closed (the caller answers "busy")."""
        if self._closed:
            return False
        if not self._workers:  # started here: the constructor may run outside the loop
            self._workers = [asyncio.create_task(self._work(), name=f"slack-worker-{i}")
                             for i in range(self._size)]
        try:
            self._queue.put_nowait((name, job))
        except asyncio.QueueFull:
            self._refused += 1
            if self._refused == 1 or self._refused % 100 == 0:
                log.warning("slack work queue full",
                            extra={"platform": "slack", "job": name, "refused": self._refused})
            return False
        if self._refused:
            log.info("slack work queue accepting again",
                     extra={"platform": "slack", "refused": self._refused})
            self._refused = 0
        return True

    async def _work(self) -> None:
        while True:
            name, job = await self._queue.get()
            try:
                await job()
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
                # Slack refused or was unreachable: expected now and then, not a bug.
                log.warning("slack job failed",
                            extra={"platform": "slack", "job": name, **error_fields(exc)})
            except Exception:  # a bug: keep the trace, keep the worker
                log.exception("slack job crashed", extra={"platform": "slack", "job": name})
            finally:
                self._queue.task_done()

    async def wait_idle(self) -> None:
        """Until every queued job has finished (tests, and a graceful shutdown)."""
        await self._queue.join()

    async def close(self, grace: float = 5.0) -> None:
        """Stop taking work, let queued jobs finish for up to `grace` seconds, cancel the rest."""
        self._closed = True
        if self._workers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), grace)
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
