"""A tandem's life: kickoff → active → dissolved (or kickoff → dissolved).

The kick-off agreement (each side's ground rules and cadence) and an open change request
are parts of its state too; only this module sets their timestamps.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from conversations.aggregates import IllegalTransition
from storage.models import Tandem
from storage.repositories import Repositories


class TandemState(StrEnum):
    KICKOFF = "kickoff"
    ACTIVE = "active"
    DISSOLVED = "dissolved"


def state(tandem: Tandem) -> TandemState:
    return TandemState(tandem.status)


def _refuse(tandem: Tandem, action: str) -> IllegalTransition:
    return IllegalTransition("tandem", tandem.status, action)


def _check_role(role: str) -> None:
    if role not in ("mentor", "mentee"):
        raise ValueError(f"unknown role {role!r}")


def agree_rules(tandem: Tandem, role: str, now: datetime) -> None:
    """The first agreement counts; agreeing again changes nothing."""
    _check_role(role)
    if tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "agree to the ground rules")
    if role == "mentor":
        tandem.rules_mentor_at = tandem.rules_mentor_at or now
    else:
        tandem.rules_mentee_at = tandem.rules_mentee_at or now


def agree_cadence(tandem: Tandem, role: str, now: datetime) -> None:
    _check_role(role)
    if tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "agree to the cadence")
    if role == "mentor":
        tandem.cadence_mentor_at = now
    else:
        tandem.cadence_mentee_at = now


def cadence_changed(tandem: Tandem) -> None:
    """The partner has not seen the new cadence: earlier agreements no longer count."""
    tandem.cadence_mentor_at = tandem.cadence_mentee_at = None


def activate(tandem: Tandem, now: datetime) -> None:
    if tandem.status != TandemState.KICKOFF:
        raise _refuse(tandem, "become active")
    tandem.status, tandem.activated_at = TandemState.ACTIVE, now


def request_change(tandem: Tandem, role: str, now: datetime) -> None:
    _check_role(role)
    if tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "take a change request")
    tandem.change_requested_at, tandem.change_requested_by = now, role


def close_change(tandem: Tandem) -> None:
    if tandem.change_requested_at is None:
        raise _refuse(tandem, "close a change request it does not have")
    tandem.change_requested_at = tandem.change_requested_by = None


async def end(repos: Repositories, tandem: Tandem, reason: str, now: datetime, by: str) -> None:
    """End a tandem, whoever ends it and why (a coordinator's `dissolve`, a member leaving).

    The one rule: the pair is recorded as rejected, so matching never proposes these two
    together again. Coordinators expect an ended tandem to stay ended: the dissolve reply says
    both go back to the waiting list "to re-match them", meaning with someone new, and a leaver
    who rejoins should not be handed back the partner whose tandem ended when they left.
    """
    if tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "end")
    tandem.status, tandem.dissolved_at, tandem.end_reason = TandemState.DISSOLVED, now, reason
    tandem.change_requested_at = tandem.change_requested_by = None
    people = await repos.people.by_ids([tandem.mentor_id, tandem.mentee_id])
    mentor, mentee = people.get(tandem.mentor_id), people.get(tandem.mentee_id)
    if mentor is not None and mentee is not None:
        await repos.matches.reject(tandem.program_id, mentor.key, mentee.key, by, now)
