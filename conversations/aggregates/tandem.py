"""A tandem's life: kickoff → active → dissolved (or kickoff → dissolved).

A tandem is a set of members with roles (a mentor and a mentee; a circle of mentors and
mentees; two peers). The kick-off agreement (each member's ground rules and cadence) and an
open change request are parts of its state too; only this module sets their timestamps.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from conversations.aggregates import IllegalTransition
from storage.models import Tandem, TandemMember
from storage.repositories import Repositories


class TandemState(StrEnum):
    KICKOFF = "kickoff"
    ACTIVE = "active"
    DISSOLVED = "dissolved"


def state(tandem: Tandem) -> TandemState:
    return TandemState(tandem.status)


def _refuse(tandem: Tandem, action: str) -> IllegalTransition:
    return IllegalTransition("tandem", tandem.status, action)


ROLES = ("mentor", "mentee", "peer")


def new(*, program_id: int, format: str, members: list[tuple[int, str]], now: datetime,
        approved_by: str, shared_topics: list[str], cadence_days: int, session_minutes: int
        ) -> Tandem:
    """A tandem in its kick-off: `members` are (person id, role), in the proposal's order."""
    for _person, role in members:
        _check_role(role)
    tandem = Tandem(program_id=program_id, format=format, status=TandemState.KICKOFF,
                    members_key=_key([p for p, _r in members]), shared_topics=shared_topics,
                    approved_by=approved_by, approved_at=now, goals=[],
                    cadence_days=cadence_days, session_minutes=session_minutes)
    tandem.members = [TandemMember(person_id=p, role=r) for p, r in members]
    return tandem


def _key(person_ids: list[int]) -> str:
    return ",".join(str(i) for i in sorted(person_ids))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")


def current(tandem: Tandem, role: str | None = None) -> list[TandemMember]:
    """The members still in it (a circle goes on when someone leaves), by role if given."""
    return [m for m in tandem.members
            if m.left_at is None and (role is None or m.role == role)]


def person_ids(tandem: Tandem, role: str | None = None) -> list[int]:
    return [m.person_id for m in current(tandem, role)]


def member(tandem: Tandem, person_id: int) -> TandemMember | None:
    return next((m for m in current(tandem) if m.person_id == person_id), None)


def others(tandem: Tandem, person_id: int) -> list[int]:
    """Everyone else in the tandem: the partner, or the rest of the circle."""
    return [i for i in person_ids(tandem) if i != person_id]


def learners(tandem: Tandem) -> list[TandemMember]:
    """Who sets the learning goals: the mentees, or in a peer tandem both."""
    return current(tandem, "mentee") or current(tandem, "peer")


def _touch(tandem: Tandem, now: datetime) -> None:
    # A member row changed: the tandem's version moves too, so two members agreeing at once
    # collide and the second sees the first's agreement.
    tandem.members_changed(now)


def agree_rules(tandem: Tandem, person_id: int, now: datetime) -> None:
    """The first agreement counts; agreeing again changes nothing."""
    if tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "agree to the ground rules")
    me = member(tandem, person_id)
    if me is None:
        raise _refuse(tandem, "take an agreement from a non-member")
    if me.rules_at is None:
        me.rules_at = now
        _touch(tandem, now)


def agree_cadence(tandem: Tandem, person_id: int, now: datetime) -> None:
    if tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "agree to the cadence")
    me = member(tandem, person_id)
    if me is None:
        raise _refuse(tandem, "take an agreement from a non-member")
    me.cadence_at = now
    _touch(tandem, now)


def cadence_changed(tandem: Tandem, now: datetime) -> None:
    """The others have not seen the new cadence: earlier agreements no longer count."""
    for m in current(tandem):
        m.cadence_at = None
    _touch(tandem, now)


def all_agreed_cadence(tandem: Tandem) -> bool:
    return all(m.cadence_at is not None for m in current(tandem))


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
    tandem.due_on = None  # nothing more is due (cadence.stop)
    tandem.change_requested_at = tandem.change_requested_by = None
    people = await repos.people.by_ids([m.person_id for m in tandem.members])
    for a, b in pairs(tandem):
        first, second = people.get(a), people.get(b)
        if first is not None and second is not None:
            keys = (first.key, second.key)
            if all(m.role == "peer" for m in tandem.members):
                keys = (min(keys), max(keys))  # peers have no direction: one spelling
            await repos.matches.reject(tandem.program_id, *keys, by, now)


def pairs(tandem: Tandem) -> list[tuple[int, int]]:
    """The pairs a tandem stands for, as (mentor, mentee) person ids; peers in id order.

    Everyone who was ever in it counts: whoever left a circle was in these pairs too."""
    mentors = [m.person_id for m in tandem.members if m.role == "mentor"]
    mentees = [m.person_id for m in tandem.members if m.role == "mentee"]
    peers = sorted(m.person_id for m in tandem.members if m.role == "peer")
    return ([(a, b) for a in mentors for b in mentees]
            + [(a, b) for i, a in enumerate(peers) for b in peers[i + 1:]])


def leave(tandem: Tandem, person_id: int, now: datetime) -> bool:
    """A member leaves. True: the tandem goes on without them (a circle that still has a
    mentor and a mentee); False: it cannot, and the caller ends it."""
    me = member(tandem, person_id)
    if me is None or tandem.status == TandemState.DISSOLVED:
        raise _refuse(tandem, "let a non-member leave")
    rest = [m for m in current(tandem) if m.person_id != person_id]
    if not ({"mentor", "mentee"} <= {m.role for m in rest}):
        return False
    me.left_at = now
    tandem.members_key = _key([m.person_id for m in rest])
    if tandem.change_requested_by and not current(tandem, tandem.change_requested_by):
        tandem.change_requested_at = tandem.change_requested_by = None
    _touch(tandem, now)
    return True
