"""An enrollment's life: active ⇄ paused, → withdrawn, withdrawn → active (rejoin)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from conversations.aggregates import IllegalTransition
from conversations.aggregates.cadence import Break
from storage.models import Enrollment


class EnrollmentState(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    WITHDRAWN = "withdrawn"


def state(enrollment: Enrollment) -> EnrollmentState:
    return EnrollmentState(enrollment.status)


def _refuse(enrollment: Enrollment, action: str) -> IllegalTransition:
    return IllegalTransition("enrollment", enrollment.status, action)


def pause(enrollment: Enrollment, until: date, now: datetime, today: date) -> None:
    """A break from `today` (the person's own day) until a day; a paused person may move the
    day, and the break still began when it began."""
    if enrollment.status == EnrollmentState.WITHDRAWN:
        raise _refuse(enrollment, "pause")
    if enrollment.status != EnrollmentState.PAUSED:
        enrollment.paused_from = today
    enrollment.status, enrollment.paused_until = EnrollmentState.PAUSED, until
    enrollment.updated_at = now


def resume(enrollment: Enrollment, now: datetime, today: date) -> Break:
    """End a break, early (`resume`, on the person's `today`) or on its day (the due-tick):
    returns the break as it was taken, to its planned end at the latest."""
    if enrollment.status != EnrollmentState.PAUSED:
        raise _refuse(enrollment, "resume")
    until = enrollment.paused_until
    taken = Break(enrollment.paused_from, min(today, until) if until else today)
    enrollment.status, enrollment.paused_until = EnrollmentState.ACTIVE, None
    enrollment.paused_from = None
    enrollment.updated_at = now
    return taken


def withdraw(enrollment: Enrollment, now: datetime) -> None:
    if enrollment.status == EnrollmentState.WITHDRAWN:
        raise _refuse(enrollment, "withdraw")
    enrollment.status = EnrollmentState.WITHDRAWN
    enrollment.withdrawn_at = enrollment.updated_at = now
    enrollment.paused_until = enrollment.paused_from = None


def rejoin(enrollment: Enrollment, now: datetime) -> None:
    """Sign up again after leaving, or for the first time (a new row has no status yet)."""
    if enrollment.status is not None and enrollment.status != EnrollmentState.WITHDRAWN:
        raise _refuse(enrollment, "rejoin")
    enrollment.status = EnrollmentState.ACTIVE
    enrollment.paused_until = enrollment.paused_from = enrollment.withdrawn_at = None
    enrollment.consented_at = enrollment.updated_at = now
