"""Sessions a tandem logged and the check-ins the bot asked its members."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    String,
    Text,
    and_,
    case,
    cast,
    delete,
    func,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from storage.bulk import insert_rows, one_of
from storage.dialects import insert_ignoring_conflict
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

# (tandem id, person id, kind, period): one check-in asked of one member
Asked = tuple[int, int, str, date]


class Tried(NamedTuple):
    """What the bot tried with a tandem: check-ins and planned-day reminders asked, snoozes
    and requests for help among them."""

    checkins: int = 0
    reminders: int = 0
    snoozes: int = 0
    helps: int = 0


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
        # One statement with one parameter a column (storage/bulk.py), however many rows.
        result = await insert_rows(
            self.session, CheckIn, ("tandem_id", "person_id", "kind", "period"), rows,
            (CheckIn.tandem_id, CheckIn.person_id, CheckIn.kind, CheckIn.period),
            same={"asked_at": now, "version": 1})
        new: list[Any] = list(result.all())
        return {(t, p, k, d) for t, p, k, d in new}

    async def of_tandems(self, tandem_ids: Sequence[int]) -> dict[int, list[CheckIn]]:
        """Every check-in of these tandems (what the bot tried), by tandem: one query."""
        found: dict[int, list[CheckIn]] = {i: [] for i in tandem_ids}
        if tandem_ids:
            for row in await self.session.scalars(
                    select(CheckIn).where(CheckIn.tandem_id.in_(list(tandem_ids)))
                    .order_by(CheckIn.id)):
                found[row.tandem_id].append(row)
        return found

    async def tried(self, tandem_ids: Sequence[int]) -> dict[int, Tried]:
        """What the bot tried with these tandems, counted: one query (the ids in one
        parameter, however many)."""
        found = {i: Tried() for i in tandem_ids}
        if not tandem_ids:
            return found
        rows = await self.session.execute(
            select(CheckIn.tandem_id, CheckIn.kind, func.count(),
                   func.count(CheckIn.snoozed_until),
                   func.count(case((CheckIn.answer == "help", 1))))
            .where(one_of(self.session, CheckIn.tandem_id, list(tandem_ids)))
            .group_by(CheckIn.tandem_id, CheckIn.kind))
        for tandem_id, kind, asked, snoozed, helped in rows.all():
            was = found[tandem_id]
            found[tandem_id] = Tried(
                was.checkins + (asked if kind == "checkin" else 0),
                was.reminders + (asked if kind == "reminder" else 0),
                was.snoozes + snoozed, was.helps + helped)
        return found

    async def close_open(self, tandem_id: int, now: datetime) -> int:
        """Close the tandem's open check-ins in one versioned update (a session was logged):
        each of them, every member's, is answered "met" (a "not yet" too: its snooze stays in
        `snoozed_until`), but a request for help stays one (the quiet-tandem message counts
        them)."""
        result = await self.session.execute(
            update(CheckIn).where(CheckIn.tandem_id == tandem_id, CheckIn.closed_at.is_(None))
            .values(closed_at=now, answer=case((CheckIn.answer == "help", "help"), else_="met"),
                    version=CheckIn.version + 1))
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

    async def members_due(self, program_id: int, day: date) -> list[DueRow]:
        """`due_by` as plain rows, one per current member of each due tandem, in one
        joined statement without ORM objects (the tick loads thousands)."""
        return await self._rows((Tandem.program_id == program_id, Tandem.status == "active",
                                 Tandem.due_on <= day), program_id, (Tandem.due_on, Tandem.id))

    async def open_asks(self, program_id: int, day: date) -> set[Asked]:
        """The open check-ins of the tandems due by `day` (`members_due`): what a tick need
        not try to ask again (a minute after the first tick of the day, nearly all)."""
        rows = await (await self.session.connection()).execute(
            select(CheckIn.tandem_id, CheckIn.person_id, CheckIn.kind, CheckIn.period)
            .join(Tandem, Tandem.id == CheckIn.tandem_id)
            .where(Tandem.program_id == program_id, Tandem.status == "active",
                   Tandem.due_on <= day, CheckIn.closed_at.is_(None)))
        found: list[Any] = list(rows.all())
        return {(t, p, k, d) for t, p, k, d in found}

    async def members_with_target(self, program_id: int, day: date) -> list[DueRow]:
        """`targets_on` as plain rows, one per current member."""
        # No index serves a target date: a scan of the tandems. `+ 0` keeps SQLite from
        # taking `ix_tandems_due` for the program alone and reading every row through it,
        # several times slower than the scan.
        return await self._rows((Tandem.program_id + 0 == program_id, Tandem.status == "active",
                                 Tandem.format == "project", Tandem.target_date == day),
                                program_id, (Tandem.id,))

    async def _rows(self, where: tuple[Any, ...], program_id: int, order: tuple[Any, ...]
                    ) -> list[DueRow]:
        query = (select(*_DUE_COLUMNS)
                 .join(TandemMember, and_(TandemMember.tandem_id == Tandem.id,
                                          TandemMember.left_at.is_(None)))
                 .join(Person, Person.id == TandemMember.person_id)
                 .outerjoin(Enrollment, and_(Enrollment.program_id == program_id,
                                             Enrollment.person_id == Person.id,
                                             Enrollment.status == "paused"))
                 .where(*where).order_by(*order, TandemMember.id))
        # On the connection: the ORM's result layer adds nothing to plain rows but time.
        result = await (await self.session.connection()).execute(query)
        new, instants = tuple.__new__, _Instants()
        # Each tandem's start converted once; own working days (rare) decoded where set.
        return [new(DueRow, (*row[:6], instants[row[6]], *row[7:18],
                             None if row[18] is None else _days(row[18]), row[19]))
                for row in result.all()]


class DueRow(NamedTuple):
    """One current member of a due tandem, with what the tick needs of the tandem, the
    person and their break (`paused_until`: the end of a break they are on, else None)."""

    tandem_id: int
    format: str
    cadence_days: int
    due_on: date | None
    planned_on: date | None
    last_session_on: date | None
    started: datetime  # activated, else approved (what the tips and "since" count from)
    deliverable: str | None
    target_date: date | None
    version: int
    person_id: int
    role: str
    key: str
    display_name: str | None
    locale: str | None
    timezone: str | None
    hours_start: int | None
    hours_end: int | None
    work_days: list[int] | None
    paused_until: date | None


_DUE_COLUMNS = (Tandem.id, Tandem.format, Tandem.cadence_days, Tandem.due_on,
                Tandem.planned_on, Tandem.last_session_on,
                # As stored (SQLite: text): `_Instants` reads each tandem's once.
                type_coerce(func.coalesce(Tandem.activated_at, Tandem.approved_at), String),
                Tandem.deliverable, Tandem.target_date, Tandem.version,
                TandemMember.person_id, TandemMember.role, Person.key, Person.display_name,
                Person.locale, Person.timezone, Person.hours_start, Person.hours_end,
                func.nullif(cast(Person.work_days, Text), "null"), Enrollment.paused_until)


class _Instants(dict[Any, datetime]):
    """Stored instants as aware datetimes, each distinct one converted once: SQLite gives
    SQLAlchemy's UTC text, PostgreSQL an aware datetime already."""

    def __missing__(self, stored: Any) -> datetime:
        moment = (datetime.fromisoformat(stored).replace(tzinfo=UTC)
                  if isinstance(stored, str) else stored.astimezone(UTC))
        self[stored] = moment
        return moment


def _days(text: Any) -> list[int] | None:
    """Stored working days (JSON text) as a list; JSON null as None."""
    value = json.loads(text) if isinstance(text, str) else text
    return [int(d) for d in value] if isinstance(value, list) else None
