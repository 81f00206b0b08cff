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


def _paused(began: date | None, back_on: date | None) -> cadence.Break:
    return cadence.Break(began, back_on)


def test_a_break_moves_the_due_day_by_the_days_it_lasted_however_it_ended() -> None:
    t = _tandem()
    cadence.start(t, date(2027, 2, 1))  # due 15 February
    moved = cadence.break_ended(t, _paused(date(2027, 2, 10), date(2027, 3, 10)),
                                date(2027, 2, 1), [])
    assert (moved, t.due_on) == (28, date(2027, 3, 15))
    # Back early: only the days actually away count.
    t = _tandem()
    cadence.start(t, date(2027, 2, 1))
    assert cadence.break_ended(t, _paused(date(2027, 2, 10), date(2027, 2, 13)),
                               date(2027, 2, 1), []) == 3
    assert t.due_on == date(2027, 2, 18)
    # Paused and back the same day: nothing moves.
    assert cadence.break_ended(t, _paused(date(2027, 2, 13), date(2027, 2, 13)),
                               date(2027, 2, 1), []) == 0
    # A break taken before the due day counted from a session held later is not counted
    # twice: only its days after that session.
    assert cadence.days_paused(_paused(date(2027, 2, 1), date(2027, 2, 20)),
                               date(2027, 2, 15), []) == 5


def test_overlapping_breaks_of_several_members_count_once() -> None:
    since = date(2027, 2, 1)
    a = _paused(date(2027, 2, 1), date(2027, 2, 11))  # ten days
    b = _paused(date(2027, 2, 6), date(2027, 2, 16))  # ten days, five of them shared
    # A is back first while B is still away: A counts only its days before B left, and B
    # then counts all its own: fifteen days in all, the days anyone was away.
    first = cadence.days_paused(a, since, [_paused(b.began, None)])
    second = cadence.days_paused(b, since, [])
    assert (first, second) == (5, 10)
    # A break inside another: the inner one moves nothing, the outer one all its days.
    inner = _paused(date(2027, 2, 3), date(2027, 2, 5))
    assert cadence.days_paused(inner, since, [_paused(a.began, None)]) == 0
    # And what `status` shows while both are away is where the due day will be.
    t = _tandem()
    cadence.start(t, since)  # due 15 February
    assert cadence.projected(t, since, [a, b]) == date(2027, 3, 2)


def test_a_break_whose_first_day_was_never_recorded_moves_the_due_day_past_it() -> None:
    t = _tandem()
    cadence.start(t, date(2027, 2, 1))  # due 15 February
    assert cadence.break_ended(t, _paused(None, date(2027, 3, 1)), date(2027, 2, 1), []) == 15
    assert t.due_on == date(2027, 3, 2)
    assert cadence.break_ended(t, _paused(None, date(2027, 2, 20)), date(2027, 2, 1), []) == 0
