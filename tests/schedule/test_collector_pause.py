"""The tick pauses Python's cyclic garbage collector while it runs its due work (a speed-up,
bench/nudge_sweep.py) and must hand it back as it found it: a collector left off would let a
long-running `tandem serve` grow without bound."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.due import run_due_work


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("before", [True, False])
async def test_due_work_hands_the_collector_back_as_it_found_it(
        core: TandemCore, clock: FakeClock, collector_restored: None, before: bool) -> None:
    assert core.program_id is not None
    if before:
        gc.enable()
    else:
        gc.disable()  # someone else turned it off: it stays off
    await run_due_work(core.store, core.program, core.program_id, clock)
    assert gc.isenabled() is before
