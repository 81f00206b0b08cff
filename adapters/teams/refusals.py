"""One short log line per refused request, and never more than a few per minute.

Refused requests come from people and programs that do not belong, so the log says why and how
big (never the body: it may hold what someone typed, or be megabytes of junk). A flood is
summed up: after `burst` lines in an `interval`, further refusals are only counted, and one line
per interval reports the counts by reason.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RefusalLog:
    logger: logging.Logger
    platform: str
    burst: int = 20
    interval: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _window_start: float = field(default=-1e18, init=False)
    _lines: int = field(default=0, init=False)
    _counted: Counter[str] = field(default_factory=Counter, init=False)
    _flush_timer: asyncio.TimerHandle | None = field(default=None, init=False)

    def refused(self, reason: str, *, status: int, size: int | None = None,
                **ids: str | int | None) -> None:
        """Log (or count) one refusal. `ids` must be ids or outcomes, never content."""
        now = self.clock()
        if now - self._window_start >= self.interval:
            self.flush()
            self._window_start, self._lines = now, 0
        if self._lines < self.burst:
            self._lines += 1
            self.logger.warning(f"{self.platform} request refused", extra={
                "platform": self.platform, "outcome": "refused", "reason": reason,
                "status": status, "size": size,
                **{k: v for k, v in ids.items() if v is not None}})
            return
        if not self._counted:
            self._schedule_flush(self._window_start + self.interval - now)
        self._counted[reason] += 1

    def flush(self) -> None:
        """Write the summary of what was only counted (at the end of an interval)."""
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        if not self._counted:
            return
        counts, self._counted = dict(self._counted), Counter()
        self.logger.warning(f"{self.platform} requests refused, not logged one by one", extra={
            "platform": self.platform, "outcome": "refused", "count": sum(counts.values()),
            "reasons": counts, "interval_s": self.interval})

    def _schedule_flush(self, delay: float) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (a script): the next refusal after the interval flushes
            return
        self._flush_timer = loop.call_later(max(0.0, delay), self.flush)
