"""Questionnaire responses: who was asked what, their scores and choices, and — apart —
the free text they typed, which only its author (and a partner it was shared with) reads.

Coordinators' views never come through here: they are `storage/evaluation.py`, whose queries
cannot name `AnswerText`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from storage.dialects import PAGE, insert_ignoring_conflict
from storage.models import (
    Answer,
    AnswerText,
    Enrollment,
    Person,
    Response,
    Tandem,
    TandemMember,
)

# Ids per IN list: below the drivers' bind-parameter limits (asyncpg 32767, SQLite 32766).
CHUNK = 2000


@dataclass(frozen=True)
class Ask:
    """One questionnaire to put to one member (a row of `responses` to be)."""
    program_id: int
    tandem_id: int
    person_id: int
    kind: str  # retro | fit | mid | final
    subject: str  # "session:12" for a retro; the kind for the others
    role: str
    period: date
    session_id: int | None = None
    ordinal: int = 1


@dataclass(frozen=True)
class Given:
    """What a person answered to one question, as the flows read it back."""
    question: str
    number: int | None = None
    choice: str | None = None
    text: str | None = None  # only from `answers_of(..., with_text=True)`
    skipped: bool = False


def touch(response: Response) -> None:
    """Write the response row (and so bump its version) even when nothing on it changed:
    an answer to it is a change of it, and two answers at once must collide."""
    flag_modified(response, "asked_at")


class ResponseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ask_many(self, asks: Sequence[Ask], now: datetime) -> list[Response]:
        """Record many asks in one statement; returns the rows that are new (a second tick,
        a session logged twice, another replica: the unique key lets only one insert)."""
        if not asks:
            return []
        stmt = (insert_ignoring_conflict(self.session, Response).on_conflict_do_nothing()
                .returning(Response.id))
        params = [dict(program_id=a.program_id, tandem_id=a.tandem_id, person_id=a.person_id,
                       kind=a.kind, subject=a.subject, session_id=a.session_id, role=a.role,
                       ordinal=a.ordinal, period=a.period, asked_at=now, version=1)
                  for a in asks]
        connection = await self.session.connection()
        ids = [i for (i,) in (await connection.execute(
            stmt, params, execution_options={"insertmanyvalues_page_size": PAGE})).all()]
        if not ids:
            return []
        return list(await self.session.scalars(
            select(Response).where(Response.id.in_(ids)).order_by(Response.id)))

    async def get(self, response_id: int) -> Response | None:
        return await self.session.get(Response, response_id)

    async def open_among(self, response_ids: Sequence[int]) -> set[int]:
        """Which of these responses are still open: a query per 2,000 ids."""
        ids, found = list(response_ids), set()
        for start in range(0, len(ids), 2000):
            found |= set(await self.session.scalars(
                select(Response.id).where(Response.id.in_(ids[start:start + 2000]),
                                          Response.completed_at.is_(None))))
        return found

    async def of_subject(self, tandem_id: int, person_id: int, kind: str, subject: str
                         ) -> Response | None:
        """The person's response of this kind and subject in the tandem, if asked."""
        return await self.session.scalar(select(Response).where(
            Response.tandem_id == tandem_id, Response.person_id == person_id,
            Response.kind == kind, Response.subject == subject))

    async def count_of(self, tandem_id: int, person_id: int, kind: str) -> int:
        """How many of this kind the person was asked in this tandem (for `ordinal`)."""
        return int(await self.session.scalar(
            select(func.count()).select_from(Response).where(
                Response.tandem_id == tandem_id, Response.person_id == person_id,
                Response.kind == kind)) or 0)

    async def open_of(self, person_id: int) -> list[Response]:
        """The person's unfinished questionnaires, oldest first."""
        return list(await self.session.scalars(
            select(Response).where(Response.person_id == person_id,
                                   Response.completed_at.is_(None))
            .order_by(Response.asked_at, Response.id)))

    async def of_person(self, person_id: int, limit: int = 20) -> list[Response]:
        """The person's questionnaires, latest first (`my retros`)."""
        return list(await self.session.scalars(
            select(Response).where(Response.person_id == person_id)
            .order_by(Response.asked_at.desc(), Response.id.desc()).limit(limit)))

    async def answers_of(self, response_id: int, *, with_text: bool = False
                         ) -> dict[str, Given]:
        """The answers given so far by question id. Free text only when asked for: the
        author's own view, or a partner's view of a shared response."""
        rows = (await self.session.scalars(
            select(Answer).where(Answer.response_id == response_id))).all()
        texts: dict[str, str] = {}
        if with_text:
            texts = {q: s for q, s in (await self.session.execute(
                select(AnswerText.question, AnswerText.text)
                .where(AnswerText.response_id == response_id))).all()}
        return {a.question: Given(a.question, a.number, a.choice, texts.get(a.question),
                                  a.skipped) for a in rows}

    async def put(self, response: Response, given: Given, now: datetime) -> None:
        """Answer (or re-answer, or skip) one question. The response's version moves with
        every answer, so two replies at once (two replicas, a double click) collide and one
        of them is told, instead of both counting. The response is written first: two
        answers to one question meet at its version (retried on a fresh look), never at
        the answers' unique key (an error)."""
        touch(response)
        await self.session.flush()
        answer = await self.session.scalar(select(Answer).where(
            Answer.response_id == response.id, Answer.question == given.question))
        if answer is None:
            answer = Answer(response_id=response.id, question=given.question,
                            answered_at=now)
            self.session.add(answer)
        answer.number, answer.choice = given.number, given.choice
        answer.skipped, answer.answered_at = given.skipped, now
        text_row = await self.session.scalar(select(AnswerText).where(
            AnswerText.response_id == response.id, AnswerText.question == given.question))
        if given.text:
            if text_row is None:
                self.session.add(AnswerText(response_id=response.id, question=given.question,
                                            text=given.text, answered_at=now))
            else:
                text_row.text, text_row.answered_at = given.text, now
        elif text_row is not None:
            await self.session.delete(text_row)
        await self.session.flush()

    async def forget(self, response: Response, question: str) -> None:
        """Take back one answer (`back`: the question is asked again)."""
        touch(response)
        await self.session.flush()
        for model in (Answer, AnswerText):
            row = await self.session.scalar(select(model).where(
                model.response_id == response.id, model.question == question))
            if row is not None:
                await self.session.delete(row)
        await self.session.flush()

    async def reminders_due(self, program_id: int, asked_before: datetime, *,
                            kinds: Sequence[str] | None = None
                            ) -> list[tuple[Response, Tandem, Person]]:
        """Open responses asked at or before `asked_before`, never reminded and not answered
        since then, of active tandems and people not on a break (of `kinds`, if given), with
        their tandem and person: one query (and the tandems' members, loaded with them)."""
        answered_since = exists().where(Answer.response_id == Response.id,
                                        Answer.answered_at > asked_before)
        query = (
            select(Response, Tandem, Person)
            .join(Tandem, Tandem.id == Response.tandem_id)
            .join(Person, Person.id == Response.person_id)
            .outerjoin(Enrollment, and_(Enrollment.program_id == Response.program_id,
                                        Enrollment.person_id == Response.person_id))
            .where(Response.program_id == program_id, Response.completed_at.is_(None),
                   Response.asked_at <= asked_before, Response.reminded_at.is_(None),
                   Tandem.status == "active", ~answered_since,
                   or_(Enrollment.status.is_(None), Enrollment.status != "paused"))
            .order_by(Response.id))
        if kinds is not None:
            query = query.where(Response.kind.in_(list(kinds)))
        return [(r, t, p) for r, t, p in (await self.session.execute(query)).all()]

    async def mark_reminded(self, ids: Sequence[int], now: datetime) -> set[int]:
        """Record the one reminder of each response still open and not reminded, in one
        UPDATE per chunk; returns the ids this call marked (another replica's are not)."""
        marked: set[int] = set()
        for start in range(0, len(ids), CHUNK):
            result = await self.session.execute(
                update(Response)
                .where(Response.id.in_(list(ids[start:start + CHUNK])),
                       Response.reminded_at.is_(None), Response.completed_at.is_(None))
                .values(reminded_at=now, version=Response.version + 1)
                .returning(Response.id)
                .execution_options(synchronize_session=False))
            marked |= {i for (i,) in result.all()}
        return marked

    async def answers_of_many(self, ids: Sequence[int]) -> dict[int, dict[str, Given]]:
        """`answers_of` (without free text) for many responses in one query per chunk."""
        out: dict[int, dict[str, Given]] = {i: {} for i in ids}
        for start in range(0, len(ids), CHUNK):
            for a in await self.session.scalars(select(Answer).where(
                    Answer.response_id.in_(list(ids[start:start + CHUNK])))):
                out[a.response_id][a.question] = Given(a.question, a.number, a.choice,
                                                       None, a.skipped)
        return out

    async def shared_with(self, person_id: int, limit: int = 5) -> list[Response]:
        """Others' responses shared with this person: in a tandem they are a current member
        of, latest first."""
        mine = select(TandemMember.tandem_id).where(TandemMember.person_id == person_id,
                                                    TandemMember.left_at.is_(None))
        return list(await self.session.scalars(
            select(Response).where(Response.tandem_id.in_(mine),
                                   Response.person_id != person_id,
                                   Response.shared_at.is_not(None))
            .order_by(Response.shared_at.desc(), Response.id.desc()).limit(limit)))
