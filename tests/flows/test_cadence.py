"""A tandem's own cadence: the next session is due from its last one, or the day after a plan."""

from __future__ import annotations

from datetime import date

from conversations.aggregates import cadence
from storage.models import Tandem


def _tandem() -> Tandem:
    return Tandem(cadence_days=14, last_session_on=None, planned_on=None, due_on=None)


def test_due_one_cadence_after_the_kickoff_then_after_each_session() -> None:
    t = _tandem()
    cadence.start(t, date(2027, 2, 1))
    assert t.due_on == date(2027, 2, 15)
    cadence.session_held(t, date(2027, 2, 10))
    assert (t.last_session_on, t.due_on) == (date(2027, 2, 10), date(2027, 2, 24))
    cadence.session_held(t, date(2027, 2, 3))  # an older one logged late moves nothing
    assert (t.last_session_on, t.due_on) == (date(2027, 2, 10), date(2027, 2, 24))


def test_a_planned_date_moves_the_due_day_to_the_day_after_it() -> None:
    t = _tandem()
    cadence.start(t, date(2027, 2, 1))
    cadence.session_held(t, date(2027, 2, 10), planned_on=date(2027, 3, 3))
    assert (t.planned_on, t.due_on) == (date(2027, 3, 3), date(2027, 3, 4))
    cadence.session_held(t, date(2027, 3, 3))  # the planned session took place
    assert (t.planned_on, t.due_on) == (None, date(2027, 3, 17))


def test_removing_a_session_counts_again_and_a_pause_shifts_the_due_day() -> None:
    t = _tandem()
    cadence.session_held(t, date(2027, 2, 10))
    cadence.recount(t, date(2027, 2, 1), [])
    assert (t.last_session_on, t.due_on) == (None, date(2027, 2, 15))
    cadence.shift(t, 10)
    assert t.due_on == date(2027, 2, 25)
    cadence.stop(t)
    assert t.due_on is None
