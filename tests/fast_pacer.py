"""A pacer on a clock that runs ahead, for the Slack and Teams harnesses: their sends are
spaced by the real pacing code, but never held back in real time. Pacing itself is tested in
virtual time (tests/outbox/test_storm_and_pacing.py)."""

from __future__ import annotations

from conversations.pacing import Pacer

STEP = 3.0  # seconds of pacing time per reading: longer than any per-message spacing


def fast_pacer() -> Pacer:
    elapsed = [0.0]

    def now() -> float:
        elapsed[0] += STEP
        return elapsed[0]

    async def sleep(seconds: float) -> None:
        elapsed[0] += seconds

    return Pacer(now=now, sleep=sleep)
