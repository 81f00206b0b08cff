"""Working-hours overlap across time zones, computed per distinct (zone, hours) profile."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray

from .model import working_day_hours

DAY_MINUTES = 24 * 60


def utc_offset_minutes(timezone: str, reference_utc: datetime) -> int:
    """Offset of `timezone` from UTC at the given instant (DST-aware, no wall clock)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {timezone!r}") from error
    offset = reference_utc.astimezone(zone).utcoffset()
    assert offset is not None  # ZoneInfo always yields an offset for aware datetimes
    return int(offset.total_seconds() // 60)


def profile_intervals(
    profiles: Sequence[tuple[str, tuple[int, int]]], reference_utc: datetime
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(timezone, (start, end)) profiles -> working-day start in UTC minutes and length."""
    offsets: dict[str, int] = {}
    starts = np.empty(len(profiles), dtype=np.int64)
    lengths = np.empty(len(profiles), dtype=np.int64)
    for index, (timezone, (start, end)) in enumerate(profiles):
        if timezone not in offsets:
            offsets[timezone] = utc_offset_minutes(timezone, reference_utc)
        starts[index] = (start * 60 - offsets[timezone]) % DAY_MINUTES
        lengths[index] = working_day_hours(start, end) * 60
    return starts, lengths


def overlap_minutes(
    start_a: NDArray[np.int64],
    length_a: NDArray[np.int64],
    start_b: NDArray[np.int64],
    length_b: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Daily overlap (minutes) of every interval in a with every interval in b.

    Intervals live on a 24-hour circle; a starts in [0, 1440) and spans at most a day, so
    shifting b by -1, 0 and +1 days covers every way the two can meet, and those shifted
    copies of b never overlap each other, so the three overlaps simply add up.
    """
    a0 = start_a[:, None]
    a1 = a0 + length_a[:, None]
    total = np.zeros((len(start_a), len(start_b)), dtype=np.int64)
    for shift in (-DAY_MINUTES, 0, DAY_MINUTES):
        b0 = (start_b + shift)[None, :]
        b1 = b0 + length_b[None, :]
        total += np.clip(np.minimum(a1, b1) - np.maximum(a0, b0), 0, None)
    return total
