"""Pacing a burst of messages below a platform's documented limits, instead of meeting 429s.

Each platform's sender declares its limits (`Pace`: messages per second and burst, for the
whole platform and for one conversation); the outbox asks a `Pacer` before every send how
long to wait. Token buckets refill continuously, so a burst goes out at once up to `burst` and
then at `rate`. Time is injected (`now`, `sleep`): tests run in virtual time.

The pacer is per process. Replicas each pace themselves, so limits are set with margin; what
still meets a 429 is rescheduled by the outbox with the platform's Retry-After.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: float  # how many may go at once after a quiet spell (at least 1)


@dataclass(frozen=True)
class Pace:
    """A platform's limits for our sends: across the platform (a workspace, a tenant) and
    per conversation (a DM, a group DM, a channel)."""

    platform: Rate
    conversation: Rate


class TokenBucket:
    def __init__(self, rate: Rate, now: float) -> None:
        self.rate = rate
        self.tokens = rate.burst
        self.at = now

    def _refill(self, now: float) -> None:
        self.tokens = min(self.rate.burst,
                          self.tokens + max(0.0, now - self.at) * self.rate.per_second)
        self.at = max(self.at, now)

    def wait(self, now: float) -> float:
        """Seconds until one token is there (0: now)."""
        self._refill(now)
        return max(0.0, (1.0 - self.tokens) / self.rate.per_second)

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1.0

    def full(self, now: float) -> bool:
        self._refill(now)
        return self.tokens >= self.rate.burst


# Buckets of conversations that went quiet are dropped when there are more than this.
PRUNE_ABOVE = 10_000


class Pacer:
    def __init__(self, now: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.now = now
        self.sleep = sleep
        self._platforms: dict[tuple[str, str], TokenBucket] = {}  # (platform, "")
        self._conversations: dict[tuple[str, str], TokenBucket] = {}

    def _bucket(self, table: dict[tuple[str, str], TokenBucket], key: tuple[str, str],
                rate: Rate) -> TokenBucket:
        bucket = table.get(key)
        if bucket is None or bucket.rate != rate:
            bucket = table[key] = TokenBucket(rate, self.now())
        return bucket

    def platform_wait(self, platform: str, pace: Pace) -> float:
        return self._bucket(self._platforms, (platform, ""), pace.platform).wait(self.now())

    def conversation_wait(self, platform: str, conversation: str, pace: Pace) -> float:
        return self._bucket(self._conversations, (platform, conversation),
                            pace.conversation).wait(self.now())

    def take(self, platform: str, conversation: str, pace: Pace) -> None:
        """One send goes out now: it counts against both buckets."""
        now = self.now()
        self._bucket(self._platforms, (platform, ""), pace.platform).take(now)
        self._bucket(self._conversations, (platform, conversation), pace.conversation).take(now)
        if len(self._conversations) > PRUNE_ABOVE:
            self._conversations = {k: b for k, b in self._conversations.items()
                                   if not b.full(now)}
