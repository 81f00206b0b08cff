"""Slack's after-the-ack work in worker processes, so no job can delay an ack.

Why: the ack itself is tiny, but the job after it (users.info, the core's unit of work, the
replies) costs CPU — SQLAlchemy and asyncpg on PostgreSQL, aiosqlite's thread hand-offs on
SQLite — and on one event loop every slice of job CPU is time an ack waits. bench/ack_latency.py
on 2 cores showed it: 2.5–5 ms p50 at one client on PostgreSQL (target 3 ms) and 0.5–0.8x the
floor's throughput at 50 clients. In another process that yields the CPU, acks come first and
the jobs run in the CPU the acks leave.

How:
- `tandem serve` starts N workers (`--slack-workers`, default 1; 0 keeps the jobs on the
  server's loop, as tests and embedded use do): `python -m bot.slack_worker`, fed over its
  stdin. The first line is a hello (settings, log level), then one `SlackJob` per line — the
  payload Slack sent, as JSON. The worker writes one byte to its stdout per finished job; that
  is how the server counts jobs in flight.
- The listeners are unchanged: `SlackAdapter.dispatch` writes the job to the least busy worker
  instead of the local queue, and at `max_in_flight` (1024) unfinished jobs per worker the ack
  says "busy", as the local queue does when full.
- A worker builds the same runtime as the server (`bot.app.build_runtime`: store, core, Slack
  and Teams senders) and runs each job with the same `SlackAdapter.run_job`: the profile
  lookup, the core, the replies and the outbox deliveries the job starts all happen there.
- Before anything else it lowers its priority (`lower_priority`): nice 10 and SCHED_IDLE. nice
  10 alone was measured and was not enough (see there).
- view_submission stays in the server: its ack carries the result (field errors or close).
- A worker that dies is started again, logged with its exit code and the jobs it lost, after a
  pause that grows while it keeps dying; `/healthz` shows running workers and restarts. A
  worker whose stdin closes (the server stopped, even by SIGKILL) finishes what it holds, for a
  few seconds at most, and exits.
- Jobs in the pipe when a worker dies are lost (Slack does not resend an acked request): the
  log says how many. That is the price of acking before working, as with the local queue.
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
from functools import partial
from pathlib import Path
from typing import Any

from adapters.slack.jobs import SlackJob
from bot.config import Secret, Settings

log = logging.getLogger("tandem.slack.workers")

NICENESS = 10  # what ps and top show; on Linux SCHED_IDLE does the real work
MAX_LINE = 8 * 1024 * 1024  # a block_actions payload carries the clicked message's blocks
DONE = b"."  # one byte per finished job
RESTART_PAUSE = (0.5, 30.0)  # first pause before a restart, and the most it grows to
STABLE_AFTER = 10.0  # seconds alive after which a death is not "keeps dying"
REFUSAL_LOG_EVERY = 10.0  # seconds between "full" lines


def settings_to_dict(settings: Settings) -> dict[str, str | None]:
    """Settings as JSON for the hello line (a pipe, not argv or the environment)."""
    out: dict[str, str | None] = {}
    for f in fields(settings):
        value = getattr(settings, f.name)
        out[f.name] = value.reveal() if isinstance(value, Secret) else (
            str(value) if value is not None else None)
    return out


def settings_from_dict(data: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = data.get(f.name)
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
    """One worker: its process and how many jobs it was handed and has not finished."""

    index: int
    process: asyncio.subprocess.Process | None = None
    in_flight: int = 0
    started_at: float = 0.0
    reader: asyncio.Task[None] | None = None


class SlackWorkerPool:
    """Starts, feeds and restarts the worker processes. `submit` is `SlackAdapter.dispatch`."""

    def __init__(self, settings: Settings, *, processes: int = 1, max_in_flight: int = 1024,
                 log_level: str | None = None,
                 command: tuple[str, ...] = (sys.executable, "-m", "bot.slack_worker")) -> None:
        self._hello = json.dumps({
            "settings": settings_to_dict(settings),
            "log_level": log_level or logging.getLevelName(logging.getLogger().level),
        }).encode() + b"\n"
        self._command = command
        self.max_in_flight = max_in_flight  # per worker; beyond it the ack says "busy"
        self.workers = [WorkerProcess(i) for i in range(processes)]
        self._watchers: list[asyncio.Task[None]] = []
        self._closing = False
        self._refused = 0  # since the last "full" line
        self._refusal_logged = float("-inf")
        self._idle = asyncio.Event()
        self._idle.set()
        self.restarts = 0

    async def start(self) -> None:
        for worker in self.workers:
            await self._spawn(worker)
            self._watchers.append(asyncio.create_task(self._watch(worker),
                                                      name=f"slack-worker-watch-{worker.index}"))

    def submit(self, job: SlackJob) -> bool:
        """Hand the job to the least busy live worker; False when all are full or down."""
        live = [w for w in self.workers if w.process is not None
                and w.process.returncode is None and w.process.stdin is not None]
        worker = min(live, key=lambda w: w.in_flight, default=None)
        if worker is None or worker.in_flight >= self.max_in_flight:
            self._refused += 1
            now = time.monotonic()
            if now - self._refusal_logged >= REFUSAL_LOG_EVERY:
                # Under a flood the pool flips between full and one free slot many times a
                # second: one line per interval, with the count since the last one.
                log.warning("slack workers full", extra={
                    "platform": "slack", "job": job.kind, "refused": self._refused,
                    "live_workers": len(live)})
                self._refusal_logged, self._refused = now, 0
            return False
        assert worker.process is not None and worker.process.stdin is not None
        worker.process.stdin.write(job.to_line())  # buffered; the bound caps the buffer
        worker.in_flight += 1
        self._idle.clear()
        return True

    def _finished(self, worker: WorkerProcess, jobs: int) -> None:
        worker.in_flight = max(0, worker.in_flight - jobs)
        if not self.in_flight:
            self._idle.set()

    @property
    def in_flight(self) -> int:
        return sum(w.in_flight for w in self.workers)

    def health(self) -> dict[str, int]:
        return {"running": len(self.pids()), "wanted": len(self.workers),
                "in_flight": self.in_flight, "restarts": self.restarts}

    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers
                if w.process is not None and w.process.returncode is None]

    async def wait_idle(self) -> None:
        """Until every job handed out has finished (tests, a graceful shutdown)."""
        await self._idle.wait()

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
            if worker.reader is not None:
                await asyncio.gather(worker.reader, return_exceptions=True)

    async def _spawn(self, worker: WorkerProcess) -> None:
        process = await asyncio.create_subprocess_exec(
            *self._command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(self._hello)
        worker.process, worker.in_flight, worker.started_at = process, 0, time.monotonic()
        worker.reader = asyncio.create_task(self._count_done(worker, process.stdout))
        log.info("slack worker started", extra={"platform": "slack", "worker": worker.index,
                                                "pid": process.pid})

    async def _count_done(self, worker: WorkerProcess, stdout: asyncio.StreamReader) -> None:
        while chunk := await stdout.read(4096):
            self._finished(worker, chunk.count(DONE))

    async def _watch(self, worker: WorkerProcess) -> None:
        pause = RESTART_PAUSE[0]
        while True:
            assert worker.process is not None
            code = await worker.process.wait()
            if self._closing:
                return
            lived = time.monotonic() - worker.started_at
            log.error("slack worker died; starting it again", extra={
                "platform": "slack", "worker": worker.index, "pid": worker.process.pid,
                "returncode": code, "lost_jobs": worker.in_flight, "lived_s": round(lived, 1)})
            self._finished(worker, worker.in_flight)
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
    core instead of ~95 % and its throughput fell to 0.4–0.9x the floor (the kernel lets a
    running task finish its slice when the server wakes, as far as we can tell). A SCHED_IDLE
    task is preempted at once by any normal one and runs only on CPU nobody else wants. If
    the server ever waits for a lock the worker holds (SQLite's writer lock), the server
    sleeps, the CPU is free and the worker runs, so the inversion resolves itself unless
    other processes keep both cores busy."""
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


async def _pipes() -> tuple[asyncio.StreamReader, asyncio.WriteTransport]:
    """stdin for jobs; the original stdout for DONE bytes. fd 1 then points at stderr, so a
    stray print from any library cannot corrupt the count."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_LINE)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    done_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    transport, _ = await loop.connect_write_pipe(asyncio.Protocol, done_out)
    assert isinstance(transport, asyncio.WriteTransport)
    return reader, transport


async def serve_jobs() -> int:
    from bot.app import build_runtime
    from bot.logs import setup_logging

    reader, done_out = await _pipes()
    hello = json.loads(await reader.readline() or b"{}")
    if "settings" not in hello:
        return 2  # started by hand, or the server went away before saying hello
    setup_logging(hello.get("log_level") or "INFO")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_WorkerLogFields())
    priority = lower_priority()  # first: threads started later (aiosqlite's) inherit it
    runtime = await build_runtime(settings_from_dict(hello["settings"]), migrate=False)
    slack = runtime.slack
    if slack is None:
        log.error("slack worker started without Slack settings", extra={"platform": "slack"})
        return 2
    log.info("slack worker ready", extra={"platform": "slack", "priority": priority})

    async def run(job: SlackJob) -> None:
        try:
            await slack.run_job(job)
        finally:
            done_out.write(DONE)

    try:
        while line := await reader.readline():
            try:
                job = SlackJob.from_line(line)
            except ValueError:
                log.error("slack worker got a line that is not a job",
                          extra={"platform": "slack"})
                done_out.write(DONE)
                continue
            if not slack.work.submit(job.kind, partial(run, job)):
                done_out.write(DONE)  # logged by the queue; the server's bound should prevent it
    finally:
        # Stdin closed: finish the jobs held (a few seconds at most), then the deliveries
        # they started, then the store.
        await slack.work.close()
        await runtime.close()
    return 0


def main() -> int:
    return asyncio.run(serve_jobs())


if __name__ == "__main__":
    sys.exit(main())
