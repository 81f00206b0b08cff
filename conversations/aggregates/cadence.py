"""When a tandem's next session is due: the tandem's own cadence, not program-wide rounds.

A session is due `cadence_days` after the last logged session (or, before the first one,
after the kick-off completed); a planned date moves it to the day after that date. A break
moves it by the days it lasted (`break_ended`). Only this module sets `last_session_on`,
`planned_on` and `due_on`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from storage.models import Tandem


def due_day(*, since: date, cadence_days: int, planned_on: date | None = None) -> date:
    """The day a session is due, counted from `since` (the last session, or the kick-off)."""
    if planned_on is not None and planned_on >= since:
        return planned_on + timedelta(days=1)
    return since + timedelta(days=cadence_days)


def start(tandem: Tandem, activated_on: date) -> None:
    """The kick-off completed on `activated_on`: the first session is due one cadence on."""
    tandem.due_on = due_day(since=activated_on, cadence_days=tandem.cadence_days,
                            planned_on=tandem.planned_on)


def session_held(tandem: Tandem, held_on: date, planned_on: date | None = None, *,
                 replan: bool = False) -> None:
    """A session was logged (or corrected): the next one is due from the latest session.
    `replan`: the form showed the current plan, so its answer replaces it (empty: no plan);
    otherwise an empty answer leaves a plan that is still ahead as it is."""
    if tandem.last_session_on is None or held_on >= tandem.last_session_on:
        tandem.last_session_on = held_on
    if planned_on is not None or replan:
        tandem.planned_on = planned_on
    elif tandem.planned_on is not None and tandem.planned_on <= tandem.last_session_on:
        tandem.planned_on = None  # that plan was this session (or one before it)
    tandem.due_on = due_day(since=tandem.last_session_on, cadence_days=tandem.cadence_days,
                            planned_on=tandem.planned_on)


def recount(tandem: Tandem, activated_on: date, sessions: list[date]) -> None:
    """After a session was removed: the due day from what is left."""
    tandem.last_session_on = max(sessions, default=None)
    tandem.due_on = due_day(since=tandem.last_session_on or activated_on,
                            cadence_days=tandem.cadence_days, planned_on=tandem.planned_on)


def shift(tandem: Tandem, days: int) -> None:
    """Move the due day `days` later (a break's length)."""
    if tandem.due_on is not None and days > 0:
        tandem.due_on += timedelta(days=days)


@dataclass(frozen=True)
class Break:
    """A member's break: from the day it began to the day they were back (None: still on it,
    or not known). A break taken before its first day was recorded has no `began`."""
    began: date | None
    back_on: date | None


def days_paused(ended: Break, since: date, others: Iterable[Break]) -> int:
    """How many days the break `ended` moves its tandem's due day: its days after `since`
    (the day the due day counts from: the last session, or the kick-off) that no other
    member's break still to be counted covers. Each of those counts its own days when it
    ends, so breaks that overlap move the due day once by the days anyone was away."""
    if ended.began is None or ended.back_on is None:
        return 0
    covered = [(b.began, b.back_on) for b in others if b.began is not None]
    first = max(ended.began, since)
    return sum(1 for n in range((ended.back_on - first).days)
               if not any(start <= (day := first + timedelta(days=n))
                          and (end is None or day < end) for start, end in covered))


def break_ended(tandem: Tandem, ended: Break, since: date, others: Iterable[Break]) -> int:
    """A member is back: the due day moves by the days the tandem was paused, whether the
    break ended on its day or early (no check-in and no escalation came meanwhile). A break
    whose first day is not known (taken before it was recorded) moves the due day only as far
    as the day after it, as it did then. Returns the days moved."""
    if ended.began is None:
        if tandem.due_on is None or ended.back_on is None or tandem.due_on > ended.back_on:
            return 0
        days = (ended.back_on - tandem.due_on).days + 1
    else:
        days = days_paused(ended, since, others)
    shift(tandem, days)
    return days


def projected(tandem: Tandem, since: date, breaks: list[Break]) -> date | None:
    """The due day once the breaks still running end on their planned day (`back_on`)."""
    due = tandem.due_on
    if due is None:
        return None
    pending = sorted(breaks, key=lambda b: b.back_on or date.max)
    for n, ended in enumerate(pending):
        if ended.began is None:
            if ended.back_on is not None and due <= ended.back_on:
                due = ended.back_on + timedelta(days=1)
            continue
        due += timedelta(days=days_paused(ended, since, pending[n + 1:]))
    return due


def stop(tandem: Tandem) -> None:
    """Ended, or past the program's end: nothing more is due."""
    tandem.due_on = None
