"""When the bot may speak to someone on its own: inside their working hours and days.

Replies to a person's own action are immediate; what the bot sends unasked (check-ins,
reminders, escalations, nudges, welcome-backs) waits for the recipient's next working moment
in their own time zone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

WEEKDAYS = (1, 2, 3, 4, 5)  # ISO weekdays, Monday to Friday


@dataclass(frozen=True)
class WorkingTime:
    timezone: str
    hours: tuple[int, int] = (9, 17)  # [start, end) in local hours
    days: tuple[int, ...] = WEEKDAYS
    holidays: Collection[date] = ()


def next_working_moment(now: datetime, when: WorkingTime) -> datetime:
    """The first instant at or after `now` (aware, UTC) inside `when`, as UTC.

    Placeholder: at once. The working-time change replaces it (DST, holidays, days)."""
    return now
