"""Sessions a tandem logged and the check-ins the bot asked its members."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from storage.dialects import PAGE, insert_ignoring_conflict
from storage.models import (
    CheckIn,
    Enrollment,
    OutboxMessage,
    Person,
    Response,
    SessionRow,
    Tandem,
    TandemMember,
)

# Rows per INSERT: below the drivers' bind-parameter limits (asyncpg 32767, SQLite 32766).
CHUNK = 2000
# (tandem id, person id, kind, period): one check-in asked of one member
Asked = tuple[int, int, str, date]


class SessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def on_day(self, tandem_id: int, held_on: date) -> SessionRow | None:
        return await self.session.scalar(select(SessionRow).where(
            SessionRow.tandem_id == tandem_id, SessionRow.held_on == held_on))

    async def get(self, session_id: int) -> SessionRow | None:
        return await self.session.get(SessionRow, session_id)

    async def add(self, row: SessionRow) -> SessionRow:
        self.session.add(row)
        await self.session.flush()
        return row

    async def remove(self, row: SessionRow) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def of(self, tandem_id: int) -> list[SessionRow]:
        """The tandem's sessions, oldest first."""
        return list(await self.session.scalars(
            select(SessionRow).where(SessionRow.tandem_id == tandem_id)
            .order_by(SessionRow.held_on)))


class CheckInRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ask(self, tandem_id: int, person_id: int, kind: str, period: date,
                  now: datetime) -> bool:
        """Record that the bot asks; False if it asked this member for this period already."""
        stmt = insert_ignoring_conflict(self.session, CheckIn).values(
            tandem_id=tandem_id, person_id=person_id, kind=kind, period=period, asked_at=now,
            version=1).returning(CheckIn.id)
        return (await self.session.execute(stmt)).first() is not None

    async def get(self, tandem_id: int, person_id: int, kind: str, period: date
                  ) -> CheckIn | None:
        return await self.session.scalar(select(CheckIn).where(
            CheckIn.tandem_id == tandem_id, CheckIn.person_id == person_id,
            CheckIn.kind == kind, CheckIn.period == period))

    async def open_of(self, tandem_id: int) -> list[CheckIn]:
        return list(await self.session.scalars(select(CheckIn).where(
            CheckIn.tandem_id == tandem_id, CheckIn.closed_at.is_(None)).order_by(CheckIn.id)))

    async def of(self, tandem_id: int) -> list[CheckIn]:
        return list(await self.session.scalars(
            select(CheckIn).where(CheckIn.tandem_id == tandem_id).order_by(CheckIn.id)))

    async def ask_many(self, rows: Sequence[Asked], now: datetime) -> set[Asked]:
        """Record many asks in one executemany; returns those that are new.

        Any number of ticks at once: the unique (tandem, person, kind, period) lets one of
        them insert each row, the others get nothing back and queue nothing for it."""
        if not rows:
            return set()
        # An executemany compiled once (see `Outbox.enqueue_many`): a VALUES list of
        # thousands of rows is compiled anew each tick and costs seconds.
        stmt = (insert_ignoring_conflict(self.session, CheckIn).on_conflict_do_nothing()
                .returning(CheckIn.tandem_id, CheckIn.person_id, CheckIn.kind, CheckIn.period))
        params = [dict(tandem_id=t, person_id=p, kind=k, period=d, asked_at=now, version=1)
                  for t, p, k, d in rows]
        connection = await self.session.connection()
        result = await connection.execute(
            stmt, params, execution_options={"insertmanyvalues_page_size": PAGE})
        return {(t, p, k, d) for t, p, k, d in result.all()}

    async def of_tandems(self, tandem_ids: Sequence[int]) -> dict[int, list[CheckIn]]:
        """Every check-in of these tandems (what the bot tried), by tandem: one query."""
        found: dict[int, list[CheckIn]] = {i: [] for i in tandem_ids}
        if tandem_ids:
            for row in await self.session.scalars(
                    select(CheckIn).where(CheckIn.tandem_id.in_(list(tandem_ids)))
                    .order_by(CheckIn.id)):
                found[row.tandem_id].append(row)
        return found

    async def close_open(self, tandem_id: int, now: datetime) -> int:
        """Close the tandem's open check-ins in one versioned update (a session was logged)."""
        result = await self.session.execute(
            update(CheckIn).where(CheckIn.tandem_id == tandem_id, CheckIn.closed_at.is_(None))
            .values(closed_at=now, version=CheckIn.version + 1)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def withdraw_unsent(self, key_prefixes: Sequence[str]) -> int:
        """Delete still-unsent outbox messages whose dedupe key starts with one of these
        prefixes (a tandem's check-ins once its session is logged); sent ones stay."""
        if not key_prefixes:
            return 0
        result = await self.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None),
                or_(*(OutboxMessage.dedupe_key.startswith(p, autoescape=True)
                      for p in key_prefixes)))
            .returning(OutboxMessage.id))
        return len(result.all())


@dataclass(frozen=True)
class Due:
    """The tandems due by a day with everything the tick needs about their members."""

    tandems: list[Tandem]
    people: dict[int, Person]  # every member, current or not, by id
    paused: dict[int, Enrollment]  # members on a break, by person id


class DueRepository:
    """The tick's reads: three statements whatever the number of tandems. Joins instead of
    id lists, which the drivers cap (32,767 bind parameters)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due_by(self, program_id: int, day: date) -> Due:
        """Active tandems whose next session is due on or before `day` (`ix_tandems_due`),
        their members in the same statement, their people and who is on a break."""
        where = (Tandem.program_id == program_id, Tandem.status == "active",
                 Tandem.due_on <= day)
        return await self._load(program_id, where, (Tandem.due_on, Tandem.id))

    async def targets_on(self, program_id: int, day: date) -> Due:
        """Active project tandems whose target date is `day`."""
        where = (Tandem.program_id == program_id, Tandem.status == "active",
                 Tandem.format == "project", Tandem.target_date == day)
        return await self._load(program_id, where, (Tandem.id,))

    async def without_response(self, program_id: int, kind: str,
                               activated_before: datetime | None = None) -> Due:
        """Active tandems (active since before `activated_before`, if given) with a current
        member not yet asked questionnaire `kind` (the mid-program check-in, the final
        evaluation): once everyone was asked, an index probe per member finds nothing and
        loads nothing."""
        member = aliased(TandemMember)
        asked = (select(Response.id).where(Response.tandem_id == member.tandem_id,
                                           Response.person_id == member.person_id,
                                           Response.kind == kind).exists())
        # Its own query, whatever encloses it (`_load` selects members of these tandems).
        unasked = (select(member.tandem_id).where(member.left_at.is_(None), ~asked)
                   .correlate(None))
        where: tuple[Any, ...] = (Tandem.program_id == program_id, Tandem.status == "active",
                                  Tandem.id.in_(unasked))
        if activated_before is not None:
            where += (Tandem.activated_at < activated_before,)
        return await self._load(program_id, where, (Tandem.id,))

    async def _load(self, program_id: int, where: tuple[Any, ...], order: tuple[Any, ...]
                    ) -> Due:
        tandems = list((await self.session.scalars(
            select(Tandem).options(joinedload(Tandem.members)).where(*where).order_by(*order)
        )).unique())
        if not tandems:
            return Due([], {}, {})
        members = (select(TandemMember.person_id)
                   .join(Tandem, TandemMember.tandem_id == Tandem.id).where(*where))
        people = {p.id: p for p in await self.session.scalars(
            select(Person).where(Person.id.in_(members)))}
        paused = {e.person_id: e for e in await self.session.scalars(
            select(Enrollment).where(Enrollment.program_id == program_id,
                                     Enrollment.status == "paused",
                                     Enrollment.person_id.in_(members)))}
        return Due(tandems, people, paused)
