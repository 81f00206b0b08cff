"""A log line per event, at most `per_interval` lines per interval; beyond that, a count.

Why our own: a flood of rejected or refused requests must not become a flood of log lines
(an unauthenticated client once wrote 50 MB in 1.3 s), yet the first ones of each interval are
worth seeing in full. The standard library has no rate-limited logging.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any


class RateLimitedLog:
    def __init__(self, logger: logging.Logger, message: str, *, now: Callable[[], float],
                 per_interval: int = 10, interval: float = 60.0,
                 level: int = logging.WARNING) -> None:
        self.logger = logger
        self.message = message
        self.now = now
        self.per_interval = per_interval
        self.interval = interval
        self.level = level
        self._started = float("-inf")
        self._seen = 0  # in the current interval

    def log(self, **fields: Any) -> None:
        now = self.now()
        if now - self._started >= self.interval:
            suppressed = self._seen - self.per_interval
            if suppressed > 0:
                self.logger.log(self.level, f"{self.message} (more, not logged one by one)",
                                extra={"suppressed": suppressed,
                                       "interval_s": round(now - self._started, 1)})
            self._started, self._seen = now, 0
        self._seen += 1
        if self._seen <= self.per_interval:
            self.logger.log(self.level, self.message, extra=fields)
        elif self._seen == self.per_interval + 1:
            self.logger.log(self.level, f"{self.message}: more follow, counted only",
                            extra={"per_interval": self.per_interval,
                                   "interval_s": self.interval})
