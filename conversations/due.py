"""Work that becomes due with time, run by `tandem tick` and the scheduler in virtual time.

Each flow declares its own due work next to its commands (`Flow(due=...)`); this module only
runs them in the registry's order, so it never learns what any flow does.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from conversations.clock import Clock
from conversations.program import Program
from storage.db import Store


@dataclass
class DueReport:
    resumed: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)
    nudged: list[int] = field(default_factory=list)  # tandem ids
    escalated: list[int] = field(default_factory=list)
    # A dry run: the messages it would queue, as (dedupe key, recipient); none already queued.
    would_queue: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DueRun:
    """What one tick gives each flow's due work: where to read and write, and what it did."""

    store: Store
    program: Program
    program_id: int
    clock: Clock
    report: DueReport
    dry_run: bool = False

    @property
    def now(self) -> datetime:
        return self.clock.now()


async def run_due_work(store: Store, program: Program, program_id: int, clock: Clock,
                       dry_run: bool = False) -> DueReport:
    """Runs every flow's declared due work once. Each opens its own units of work and is
    safe to run on any number of replicas at once (dedupe keys, versioned rows)."""
    from conversations.commands import table  # the flows import this module

    run = DueRun(store, program, program_id, clock, DueReport(), dry_run)
    with _collector_paused():
        for work in table().due:
            await work(run)
    return run.report


_pausing = 0  # due work running in this process (its event loop may run two at once)
_resume = False  # whether the collector was on when the first of them began


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A tick makes tens of thousands of short-lived rows, strings and dicts and frees them by
    reference counting; the cyclic collector would meanwhile scan the whole heap again and
    again (a fifth of a 10,000-tandem tick, bench/nudge_sweep.py). It runs again after."""
    global _pausing, _resume
    if _pausing == 0:
        _resume = gc.isenabled()
        gc.disable()
    _pausing += 1
    try:
        yield
    finally:
        _pausing -= 1
        if _pausing == 0 and _resume:
            gc.enable()
