"""Slack's work after the ack in worker processes at idle CPU priority, drained from the inbox.

Why a process: the ack is one insert, but the work after it (users.info, the core's unit of
work, the replies) costs CPU — SQLAlchemy and the driver — and on one event loop every slice of
it is time an ack waits. Measured with bench/ack_latency.py (2 cores, /tandem status): draining
on the server's loop took the one-client p50 from about 3 ms to 6 ms on SQLite and 12 ms on
PostgreSQL. A process that yields the CPU lets acks come first; the work runs in what is left.

How: `tandem serve` starts N workers (`--slack-workers`, default 1; 0 drains in the server).
Each builds the same runtime as the server and runs the same inbox drainer
(conversations/inbox.py) with `SlackAdapter.run_item`; the jobs come from the database, not
from the pipe, so a worker (or server) killed mid-work loses nothing: its claims come back to
the next drainer when their lease ends. The pipe only carries the settings (first line) and
wake-ups (a byte after each insert), so the happy path does not wait for the next sweep. A
worker that dies is started again after a pause that grows while it keeps dying; `/healthz`
shows running workers and restarts. When its stdin closes (the server stopped, even by
SIGKILL) a worker lets running items finish for a few seconds and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from bot.config import Secret, Settings

log = logging.getLogger("tandem.slack.workers")

NICENESS = 10  # what ps and top show; on Linux SCHED_IDLE does the real work
RESTART_PAUSE = (0.5, 30.0)  # first pause before a restart, and the most it grows to
STABLE_AFTER = 10.0  # seconds alive after which a death is not "keeps dying"
WAKE = b"."
# A claim waits until the server has had no insert for this long (at most MAX_DEFER in a row,
# conversations/inbox.py): SCHED_IDLE yields the CPU, but not SQLite's write lock nor the
# PostgreSQL backend's CPU, which a claim and its core run would take from a burst of acks.
QUIET = 0.015


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """Settings as JSON for the hello line (a pipe, not argv or the environment)."""
    out: dict[str, Any] = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        out[f.name] = value.reveal() if isinstance(value, Secret) else (
            value if value is None or isinstance(value, int | float) else str(value))
    return out


def settings_from_dict(data: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue  # keeps the default
        raw = data[f.name]
        if f.type in ("Secret", Secret):
            values[f.name] = Secret(raw or "")
        elif f.type in ("Path", Path):
            values[f.name] = Path(raw or "")
        else:
            values[f.name] = raw
    return Settings(**values)


# -- the server's side ---------------------------------------------------------------------


@dataclass
class WorkerProcess:
    index: int
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0


class SlackWorkerPool:
    """Starts, wakes and restarts the worker processes."""

    def __init__(self, settings: Settings, *, processes: int = 1, log_level: str | None = None,
                 command: tuple[str, ...] = (sys.executable, "-m", "bot.slack_worker")) -> None:
        self._hello = json.dumps({
            "settings": settings_to_dict(settings),
            "log_level": log_level or logging.getLevelName(logging.getLogger().level),
        }).encode() + b"\n"
        self._command = command
        self.workers = [WorkerProcess(i) for i in range(processes)]
        self._watchers: list[asyncio.Task[None]] = []
        self._closing = False
        self.restarts = 0

    async def start(self) -> None:
        for worker in self.workers:
            await self._spawn(worker)
            self._watchers.append(asyncio.create_task(self._watch(worker),
                                                      name=f"slack-worker-watch-{worker.index}"))

    def wake(self) -> None:
        """Something was inserted: every live worker claims now, not at its next sweep. A
        wake-up is idempotent, so none is written while a worker has unread ones queued."""
        for worker in self.workers:
            process = worker.process
            if process is None or process.returncode is not None or process.stdin is None:
                continue
            transport = process.stdin.transport
            if transport.is_closing() or transport.get_write_buffer_size():
                continue
            process.stdin.write(WAKE)

    def health(self) -> dict[str, int]:
        return {"running": len(self.pids()), "wanted": len(self.workers),
                "restarts": self.restarts}

    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers
                if w.process is not None and w.process.returncode is None]

    async def close(self, grace: float = 5.0) -> None:
        """Close the workers' stdin (they finish what they hold and exit); kill stragglers."""
        self._closing = True
        for task in self._watchers:
            task.cancel()
        await asyncio.gather(*self._watchers, return_exceptions=True)
        for worker in self.workers:
            process = worker.process
            if process is None:
                continue
            if process.stdin is not None:
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), grace + 2)
            except TimeoutError:
                process.kill()
                await process.wait()

    async def _spawn(self, worker: WorkerProcess) -> None:
        process = await asyncio.create_subprocess_exec(*self._command,
                                                       stdin=asyncio.subprocess.PIPE)
        assert process.stdin is not None
        process.stdin.write(self._hello)
        worker.process, worker.started_at = process, time.monotonic()
        log.info("slack worker started", extra={"platform": "slack", "worker": worker.index,
                                                "pid": process.pid})

    async def _watch(self, worker: WorkerProcess) -> None:
        pause = RESTART_PAUSE[0]
        while True:
            assert worker.process is not None
            code = await worker.process.wait()
            if self._closing:
                return
            lived = time.monotonic() - worker.started_at
            # Nothing is lost with it: what it had claimed comes back when the lease ends.
            log.error("slack worker died; starting it again", extra={
                "platform": "slack", "worker": worker.index, "pid": worker.process.pid,
                "returncode": code, "lived_s": round(lived, 1)})
            pause = RESTART_PAUSE[0] if lived > STABLE_AFTER else min(pause * 2,
                                                                      RESTART_PAUSE[1])
            await asyncio.sleep(pause)
            if self._closing:
                return
            try:
                await self._spawn(worker)
                self.restarts += 1
            except OSError:
                log.exception("slack worker could not be started",
                              extra={"platform": "slack", "worker": worker.index})
                worker.started_at = time.monotonic()


# -- the worker's side ---------------------------------------------------------------------


class _WorkerLogFields(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.process_role = "slack-worker"
        return True


def lower_priority() -> str:
    """Make this process yield the CPU to the server: nice 10 and, where Linux has it,
    SCHED_IDLE (threads started later, such as aiosqlite's, inherit both).

    nice 10 alone was measured and was not enough: at 50 clients the server got 70–87 % of a
    core instead of ~95 % and its throughput fell to 0.4–0.9x the floor. A SCHED_IDLE task is
    preempted at once by any normal one and runs only on CPU nobody else wants. If the server
    waits for a lock the worker holds (SQLite's writer lock), the server sleeps, the CPU is
    free and the worker runs, so the inversion resolves itself."""
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    policy = getattr(os, "SCHED_IDLE", None)
    if policy is None:
        return f"nice {NICENESS}"
    try:
        os.sched_setscheduler(0, policy, os.sched_param(0))
    except OSError:
        return f"nice {NICENESS}"
    return "idle"


async def _stdin() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def serve_inbox() -> int:
    from bot.app import build_runtime
    from bot.logs import setup_logging

    reader = await _stdin()
    hello = json.loads(await reader.readline() or b"{}")
    if "settings" not in hello:
        return 2  # started by hand, or the server went away before saying hello
    setup_logging(hello.get("log_level") or "INFO")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_WorkerLogFields())
    priority = lower_priority()  # first: threads started later (aiosqlite's) inherit it
    runtime = await build_runtime(settings_from_dict(hello["settings"]), migrate=False,
                                  teams=True)
    slack = runtime.slack
    if slack is None:
        log.error("slack worker started without Slack settings", extra={"platform": "slack"})
        return 2
    last_insert = 0.0
    slack.drainer.defer = lambda: QUIET - (time.monotonic() - last_insert)
    slack.start()
    log.info("slack worker ready", extra={"platform": "slack", "priority": priority})
    try:
        while await reader.read(4096):  # any number of wake-ups is one
            last_insert = time.monotonic()
            slack.drainer.wake()
    finally:
        await runtime.close()  # lets running items finish, for a few seconds at most
    return 0


def main() -> int:
    return asyncio.run(serve_inbox())


if __name__ == "__main__":
    sys.exit(main())
