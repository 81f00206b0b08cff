"""The real clock, used only at the composition root."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)  # the one wall-clock read in the program
