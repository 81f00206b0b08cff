"""When a tandem's next session is due: the tandem's own cadence, not program-wide rounds.

A session is due `cadence_days` after the last logged session (or, before the first one,
after the kick-off completed); a planned date moves it to the day after that date. Only this
module sets `last_session_on`, `planned_on` and `due_on`.
"""

from __future__ import annotations

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


def session_held(tandem: Tandem, held_on: date, planned_on: date | None = None) -> None:
    """A session was logged (or corrected): the next one is due from the latest session."""
    if tandem.last_session_on is None or held_on >= tandem.last_session_on:
        tandem.last_session_on = held_on
    if planned_on is not None:
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
    """A pause moves the due day by its length: no check-in, no escalation while paused."""
    if tandem.due_on is not None:
        tandem.due_on = shifted(tandem.due_on, days)


def shifted(due_on: date, days: int) -> date:
    """The due day a pause of `days` moves `due_on` to (the tick moves many at once)."""
    return due_on + timedelta(days=days) if days > 0 else due_on


def stop(tandem: Tandem) -> None:
    """Ended, or past the program's end: nothing more is due."""
    tandem.due_on = None
