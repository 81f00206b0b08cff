"""The next working moment: properties across zones with daylight saving and holidays, and
both DST changes of 2027 spelled out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.working_time import (
    WorkingTime,
    is_working_moment,
    next_working_moment,
    parse_days,
)

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney")
SETTINGS = settings(max_examples=300, deadline=None)
QUARTER = timedelta(minutes=15)


@st.composite
def working_times(draw: st.DrawFn) -> WorkingTime:
    start = draw(st.integers(0, 23))
    end = draw(st.integers(start + 1, 24))
    days = tuple(sorted(draw(st.sets(st.integers(1, 7), min_size=1))))
    holidays = draw(st.sets(st.dates(date(2026, 12, 20), date(2028, 1, 10)), max_size=12))
    return WorkingTime(draw(st.sampled_from(ZONES)), (start, end), days, frozenset(holidays))


# Around the 2027 DST changes of all four zones (March, April, October, November) and beyond.
instants = st.datetimes(datetime(2027, 1, 1), datetime(2027, 12, 31),
                        timezones=st.just(UTC))
near_changes = st.sampled_from([
    datetime(2027, 3, 14, 7, tzinfo=UTC), datetime(2027, 3, 28, 1, tzinfo=UTC),
    datetime(2027, 4, 3, 16, tzinfo=UTC), datetime(2027, 10, 2, 16, tzinfo=UTC),
    datetime(2027, 10, 31, 1, tzinfo=UTC), datetime(2027, 11, 7, 6, tzinfo=UTC),
]).flatmap(lambda t: st.integers(-48 * 60, 48 * 60).map(lambda m: t + timedelta(minutes=m)))


def no_working_moment_between(start: datetime, end: datetime, when: WorkingTime) -> bool:
    """Working time changes only at a local hour boundary or a DST change; in these zones
    both fall on a UTC quarter hour, so `start` and each quarter hour before `end` suffice."""
    if is_working_moment(start, when) and start < end:
        return False
    step = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
    step += QUARTER
    while step < end:
        if is_working_moment(step, when):
            return False
        step += QUARTER
    return True


@SETTINGS
@given(st.one_of(instants, near_changes), working_times())
def test_the_next_working_moment_is_the_first_one_from_now(now: datetime,
                                                           when: WorkingTime) -> None:
    result = next_working_moment(now, when)
    assert result.tzinfo is not None and result.utcoffset() == timedelta(0)
    assert result >= now
    assert is_working_moment(result, when)
    local = result.astimezone(ZoneInfo(when.timezone))
    assert local.isoweekday() in when.days and local.date() not in when.holidays
    assert when.hours[0] <= local.hour < when.hours[1]
    assert no_working_moment_between(now, result, when)
    assert next_working_moment(result, when) == result  # idempotent


@SETTINGS
@given(st.one_of(instants, near_changes), working_times())
def test_inside_working_time_it_is_now(now: datetime, when: WorkingTime) -> None:
    assert (next_working_moment(now, when) == now) == is_working_moment(now, when)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: str, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone), fold=fold).astimezone(UTC)


BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"


@pytest.mark.parametrize(("zone", "now", "hours", "expected"), [
    # Spring forward, Berlin, Sun 28 Mar 2027: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    # A working day starting at 2 (which does not exist) opens at the jump.
    (BERLIN, utc(2027, 3, 27, 23), (2, 6), utc(2027, 3, 28, 1)),
    (BERLIN, utc(2027, 3, 28, 0, 30), (2, 6), utc(2027, 3, 28, 1)),
    (BERLIN, utc(2027, 3, 27, 20), (9, 17), local(BERLIN, 2027, 3, 28, 9)),
    (BERLIN, utc(2027, 3, 28, 7), (9, 17), utc(2027, 3, 28, 7)),  # 09:00 CEST
    # Fall back, Berlin, Sun 31 Oct 2027: 03:00 CEST goes back to 02:00 CET (01:00 UTC).
    # An ambiguous start takes its first occurrence, 02:00 CEST = 00:00 UTC.
    (BERLIN, utc(2027, 10, 30, 22), (2, 6), utc(2027, 10, 31, 0)),
    # Within the repeated hour both occurrences are working time: now is the answer.
    (BERLIN, utc(2027, 10, 31, 1, 30), (2, 3), utc(2027, 10, 31, 1, 30)),
    # Ending at 2: the first 02:00 ends the day, the repeated hour is not working time.
    (BERLIN, utc(2027, 10, 31, 1, 30), (0, 2), local(BERLIN, 2027, 11, 1, 0)),
    (BERLIN, utc(2027, 10, 30, 20), (9, 17), utc(2027, 10, 31, 8)),  # 09:00 CET
    # New York, Sun 14 Mar 2027: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    (NEW_YORK, utc(2027, 3, 14, 5), (2, 4), utc(2027, 3, 14, 7)),
    (NEW_YORK, utc(2027, 3, 13, 23), (9, 17), utc(2027, 3, 14, 13)),  # 09:00 EDT
    # New York, Sun 7 Nov 2027: 02:00 EDT goes back to 01:00 EST; 01:00 is ambiguous.
    (NEW_YORK, utc(2027, 11, 7, 4), (1, 5), utc(2027, 11, 7, 5)),  # 01:00 EDT, the first
    (NEW_YORK, utc(2027, 11, 7, 6, 30), (1, 2), utc(2027, 11, 7, 6, 30)),  # 01:30 EST
])
def test_both_dst_changes_of_2027(zone: str, now: datetime, hours: tuple[int, int],
                                  expected: datetime) -> None:
    when = WorkingTime(zone, hours, days=tuple(range(1, 8)))
    assert next_working_moment(now, when) == expected


def test_a_friday_night_waits_for_monday_and_a_holiday_for_the_day_after() -> None:
    when = WorkingTime(BERLIN, (9, 17), holidays={date(2027, 4, 5)})  # a holiday Monday
    friday_night = local(BERLIN, 2027, 4, 2, 22)
    assert next_working_moment(friday_night, when) == local(BERLIN, 2027, 4, 6, 9)
    kolkata = WorkingTime("Asia/Kolkata", (10, 18))  # UTC+05:30: a half-hour zone
    assert next_working_moment(utc(2027, 4, 6, 3), kolkata) == utc(2027, 4, 6, 4, 30)
    sydney = WorkingTime("Australia/Sydney", (8, 16), days=(1, 2, 3, 4))
    # Thu 16:00 AEDT is past the end; Friday is no working day: next Monday 08:00 AEST.
    assert next_working_moment(local("Australia/Sydney", 2027, 4, 1, 16), sydney) == \
        local("Australia/Sydney", 2027, 4, 5, 8)


def test_bad_working_time_is_refused() -> None:
    for hours in ((9, 9), (17, 9), (-1, 5), (0, 25)):
        with pytest.raises(ValueError):
            WorkingTime(BERLIN, hours)
    with pytest.raises(ValueError):
        WorkingTime(BERLIN, days=())


def test_day_names() -> None:
    assert parse_days("mon-thu") == (1, 2, 3, 4)
    assert parse_days("Mon,wed, fri") == (1, 3, 5)
    assert parse_days("sun") == (7,)
    for bad in ("thu-mon", "monday", "", "mon-", "x"):
        assert parse_days(bad) is None
