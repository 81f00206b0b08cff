"""A tandem's people, resolved once: flows ask for members by role, never for "the mentor".

A pair, a circle (mentors and mentees) and two peers are all a tandem; what a flow says about
them is written once here so every format reads the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from conversations.aggregates import tandem as tandems
from conversations.flows.wording import person_name
from conversations.i18n import Translator
from storage.models import Person, Tandem
from storage.repositories import Repositories

T = TypeVar("T")


@dataclass(frozen=True)
class Members:
    tandem: Tandem
    people: dict[int, Person]  # everyone who was ever in it, by person id

    def current(self, role: str | None = None) -> list[Person]:
        return [self.people[i] for i in tandems.person_ids(self.tandem, role)
                if i in self.people]

    def others(self, person_id: int) -> list[Person]:
        return [p for p in self.current() if p.id != person_id]

    def role_of(self, person_id: int) -> str | None:
        member = tandems.member(self.tandem, person_id)
        return member.role if member else None

    def keys(self) -> list[str]:
        return [p.key for p in self.current()]

    def is_pair(self) -> bool:
        return len(self.current()) == 2

    def sides(self) -> tuple[list[Person], list[Person]]:
        """The two sides of "A ↔ B": mentors and mentees; peers one on each side."""
        return sides_of([(m.role, self.people[m.person_id]) for m in tandems.current(self.tandem)
                         if m.person_id in self.people])


def sides_of(members: list[tuple[str, T]]) -> tuple[list[T], list[T]]:
    """`Members.sides` of (role, member) pairs in the tandem's order."""
    mentors = [p for role, p in members if role == "mentor"]
    mentees = [p for role, p in members if role == "mentee"]
    if mentors or mentees:
        return mentors, mentees
    peers = [p for role, p in members if role == "peer"]
    return peers[:1], peers[1:]


async def members_of(repos: Repositories, tandem: Tandem) -> Members:
    people = await repos.people.by_ids([m.person_id for m in tandem.members])
    return Members(tandem, people)


def names(people: list[Person]) -> str:
    return ", ".join(person_name(p, p.key) for p in people)


def sides_text(members: Members) -> dict[str, str]:
    """`mentor=` and `mentee=` for the wordings "{mentor} ↔ {mentee}": each side's names."""
    left, right = members.sides()
    return {"mentor": names(left), "mentee": names(right)}


def partners_text(members: Members, person_id: int) -> str:
    return names(members.others(person_id))


def one_of(t: Translator, people: list[Person]) -> str:
    """"Erika", or "Erika or Jonas" / "one of Erika, Jonas and Mia" in the reader's words."""
    named = [person_name(p, p.key) for p in people]
    if len(named) == 1:
        return named[0]
    if len(named) == 2:
        return t("{a} or {b}", a=named[0], b=named[1])
    return t("one of {names}", names=", ".join(named))
