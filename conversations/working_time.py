"""When the bot may speak to someone on its own: inside their working hours and days.

Replies to a person's own action are immediate; what the bot sends unasked (check-ins,
reminders, escalations, nudges, welcome-backs) waits for the recipient's next working moment
in their own time zone.

An instant is working time when, on the recipient's wall clock, its date is a working day
that is no holiday and its hour is in [start, end). On any one day the wall clock only moves
forward or repeats an hour, so each day's working instants form one interval: from the first
instant whose wall time is at or after `start:00` to the first at or after `end:00`. That
rule also settles daylight saving: a start that does not exist (spring forward) is the jump
itself, an ambiguous one (fall back) its first occurrence.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:  # the program module imports this one
    from conversations.program import Program
    from storage.models import Person

WEEKDAYS = (1, 2, 3, 4, 5)  # ISO weekdays, Monday to Friday
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index + 1 = ISO weekday


@dataclass(frozen=True)
class WorkingTime:
    timezone: str
    hours: tuple[int, int] = (9, 17)  # [start, end) in local hours
    days: tuple[int, ...] = WEEKDAYS
    holidays: Collection[date] = ()

    def __post_init__(self) -> None:
        start, end = self.hours
        if not 0 <= start < end <= 24:
            raise ValueError(f"working hours must satisfy 0 <= start < end <= 24: {self.hours}")
        if not self.days or not set(self.days) <= set(range(1, 8)):
            raise ValueError(f"working days must be ISO weekdays 1..7: {self.days}")


def working_time_of(person: Person | None, program: Program) -> WorkingTime:
    """A person's working time: their zone, hours and days where they set them, else the
    program's; the program's holidays. A stored value that no longer makes sense (a zone
    the tz database dropped) falls back to the program's rather than failing a tick."""
    zone = program.timezone
    if person is not None and person.timezone:
        try:
            ZoneInfo(person.timezone)
            zone = person.timezone
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    hours = program.working_hours
    days = program.working_days
    if person is not None:
        if person.hours_start is not None and person.hours_end is not None:
            hours = (person.hours_start, person.hours_end)
        if person.work_days:
            days = tuple(sorted(set(person.work_days)))
    try:
        return WorkingTime(zone, hours, days, program.holidays)
    except ValueError:
        return WorkingTime(zone, program.working_hours, program.working_days, program.holidays)


def is_working_moment(moment: datetime, when: WorkingTime) -> bool:
    local = moment.astimezone(ZoneInfo(when.timezone))
    return (local.isoweekday() in when.days and local.date() not in when.holidays
            and when.hours[0] <= local.hour < when.hours[1])


def next_working_moment(now: datetime, when: WorkingTime) -> datetime:
    """The first instant at or after `now` (aware) inside `when`, as UTC.

    Ends: each day that is not working time is skipped, so the search ends after at most
    one week plus one day per holiday."""
    zone = ZoneInfo(when.timezone)
    now = now.astimezone(UTC)
    day = now.astimezone(zone).date() - timedelta(days=1)  # a day may start before `now`
    for _ in range(len(when.holidays) + 9):
        if day.isoweekday() in when.days and day not in when.holidays:
            opens = _first_at_or_after(datetime.combine(day, time(when.hours[0])), zone)
            closes = _first_at_or_after(datetime.combine(day, time()) +
                                        timedelta(hours=when.hours[1]), zone)
            candidate = max(now, opens)
            # A day the zone skipped entirely (Samoa, 2011) opens on another date: not this day.
            if candidate < closes and candidate.astimezone(zone).date() == day:
                return candidate
        day += timedelta(days=1)
    raise AssertionError("unreachable: a working day is at most a week plus the holidays away")


def _first_at_or_after(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) whose wall time in `zone` is at or after the naive `wall`."""
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first  # exists; fold=0 is an ambiguous time's first occurrence
    # In a gap: fold 0 and 1 read it with the offsets either side, so the jump lies
    # between them. Transitions fall on whole seconds: bisect to the second.
    low, high = sorted(int(x.timestamp()) for x in
                       (first, wall.replace(tzinfo=zone, fold=1).astimezone(UTC)))
    while high - low > 1:  # wall(low) < wall <= wall(high)
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def parse_days(text: str) -> tuple[int, ...] | None:
    """ISO weekdays from "mon-thu", "mon,wed,fri" or "sat"; None if not understood."""
    days: list[int] = []
    for part in text.lower().split(","):
        first, dash, last = part.strip().partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            return None
        lo = DAY_NAMES.index(first) + 1
        hi = DAY_NAMES.index(last) + 1 if dash else lo
        if hi < lo:
            return None
        days.extend(range(lo, hi + 1))
    return tuple(sorted(set(days)))


def notice_time(now: datetime, person: Person | None, program: Program) -> datetime:
    """When a notice to someone other than the person acting may go (a partner's "X logged
    your session", a coordinator's "help requested"): it answers nothing they did, so it
    waits for their next working moment like everything the bot sends unasked."""
    return next_working_moment(now, working_time_of(person, program))
