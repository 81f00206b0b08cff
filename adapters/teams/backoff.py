"""Retrying connector calls that Teams throttled (429) or could not take (503).

The connector client raises `ErrorResponseException` and never retries. Microsoft's limits are
per bot and conversation (7 sends/s, 60 per 30 s), so a short, jittered wait usually clears it.
In a live turn the reply waits (`run`); the outbox must not sleep long inside its tick, so it
passes `max_wait`: a longer wait is handed back as `RetryLater` and scheduled instead.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from botbuilder.schema import ErrorResponseException

from conversations.outbox import RetryLater

log = logging.getLogger("tandem.teams")
RETRYABLE = frozenset({429, 503})
T = TypeVar("T")


def connector_status(exc: BaseException) -> int | None:
    """The HTTP status of a failed connector call, if it was one."""
    if not isinstance(exc, ErrorResponseException):
        return None
    response = exc.response
    for name in ("status_code", "status"):
        value = getattr(response, name, None)
        if isinstance(value, int):
            return value
    return None


def retry_after(exc: BaseException) -> float | None:
    """The connector's Retry-After in seconds, if it sent one."""
    headers = getattr(getattr(exc, "response", None), "headers", None) or {}
    try:
        return max(0.0, float(headers.get("Retry-After", "")))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Backoff:
    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, exc: BaseException) -> float:
        # Spread clients so they do not retry in step: ±50 % around our own exponential
        # delay, but a Retry-After is a floor (waiting less meets the next 429): 0 to +50 %.
        asked = retry_after(exc)
        if asked:
            return min(asked * (1.0 + 0.5 * self.jitter()), self.max_delay * 1.5)
        return min(self.base_delay * 2 ** (attempt - 1), self.max_delay) * (0.5 + self.jitter())

    async def run(self, operation: Callable[[], Awaitable[T]],
                  max_wait: float | None = None) -> T:
        """Run `operation`, retrying 429/503 after a jittered wait. With `max_wait`, a
        wait longer than that, or a throttle outlasting the attempts, raises `RetryLater`
        (with the connector's Retry-After) instead of sleeping it out."""
        for attempt in range(1, self.attempts + 1):
            try:
                return await operation()
            except ErrorResponseException as exc:
                status = connector_status(exc)
                if status not in RETRYABLE:
                    raise
                wait = self.delay(attempt, exc)
                if max_wait is not None and (attempt >= self.attempts or wait > max_wait):
                    raise RetryLater(retry_after(exc), f"teams:http_{status}") from exc
                if attempt >= self.attempts:
                    raise
                log.warning("teams connector busy, retrying",
                            extra={"platform": "teams", "status": status, "attempt": attempt,
                                   "wait_s": round(wait, 2)})
                await self.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")
