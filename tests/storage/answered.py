"""Questionnaires answered straight in the database, for the evaluation's tests: the engine
has its own tests; these start where a person finished."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from storage.db import Store
from storage.models import TandemMember
from storage.questionnaires import Ask, Given
from tests.flows.checkin_setup import active_tandem


async def tandems(store: Store, program_id: int, now: datetime, n: int, first: int = 0
                  ) -> list[int]:
    """`n` active 1:1 tandems of new console people (mentor m<i>, mentee e<i>)."""
    return [await active_tandem(store, program_id, now, [f"m{i}", f"e{i}"],
                                ["mentor", "mentee"]) for i in range(first, first + n)]


async def answer(store: Store, program_id: int, tandem_id: int, kind: str, period: date,
                 now: datetime, answers: dict[str, int | str], *, role: str = "mentee",
                 subject: str | None = None, completed: bool = True) -> int:
    """The member of `role` in the tandem answers `kind` about `period`: scores as ints,
    choices as strings, free text as strings under a text question's id
    (learned/taught/worked/change/skills/program). Returns the response id."""
    texts = {"learned", "taught", "worked", "change", "skills", "program"}
    async with store.unit() as repos:
        member = await repos.session.scalar(select(TandemMember).where(
            TandemMember.tandem_id == tandem_id, TandemMember.role == role))
        assert member is not None
        [response] = await repos.responses.ask_many([Ask(
            program_id, tandem_id, member.person_id, kind,
            subject or f"{kind}:{period.isoformat()}", role, period)], now)
        for question, value in answers.items():
            if question in texts:
                given = Given(question, text=str(value))
            elif isinstance(value, int):
                given = Given(question, number=value)
            else:
                given = Given(question, choice=value)
            await repos.responses.put(response, given, now)
        if completed:
            response.completed_at = now
        return response.id
