"""Repositories with intention-named methods. Flows get these; they never run queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.inbox import InboxRepository
from storage.models import (
    Address,
    ConversationState,
    DirectoryEntry,
    Enrollment,
    MatchRun,
    OutboxMessage,
    Person,
    ProcessedEvent,
    ProgramRow,
    ProposedPair,
    RejectedPair,
    Tandem,
)


def dialect_of(session: AsyncSession) -> str:
    bind = session.bind
    assert bind is not None, "repositories run inside a unit of work"
    return bind.dialect.name


def _insert(session: AsyncSession, model: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT on both SQLite and PostgreSQL."""
    return (postgresql if dialect_of(session) == "postgresql" else sqlite).insert(model)


class PeopleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_key(self, key: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.key == key))

    async def by_id(self, person_id: int) -> Person | None:
        return await self.session.get(Person, person_id)

    async def upsert(self, *, key: str, platform: str, platform_user_id: str, now: datetime,
                     workspace_id: str | None = None, display_name: str | None = None,
                     locale: str | None = None, timezone: str | None = None) -> Person:
        person = await self.by_key(key)
        if person is None:
            person = Person(key=key, platform=platform, platform_user_id=platform_user_id,
                            created_at=now)
            self.session.add(person)
        person.workspace_id = workspace_id or person.workspace_id
        person.display_name = display_name or person.display_name
        person.locale = locale or person.locale
        person.timezone = timezone or person.timezone
        person.updated_at = now
        await self.session.flush()
        return person

    async def count(self) -> int:
        return len((await self.session.scalars(select(Person.id))).all())

    async def by_ids(self, ids: list[int]) -> dict[int, Person]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(ids)))
        return {p.id: p for p in rows}

    async def by_keys(self, keys: list[str]) -> dict[str, Person]:
        if not keys:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.key.in_(keys)))
        return {p.key: p for p in rows}


class ProgramRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ensure(self, *, name: str, start: date, months: int, now: datetime) -> ProgramRow:
        row = await self.session.scalar(select(ProgramRow).where(ProgramRow.name == name))
        if row is None:
            row = ProgramRow(name=name, start=start, months=months, created_at=now)
            self.session.add(row)
        row.start, row.months = start, months
        await self.session.flush()
        return row


class EnrollmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_person(self, program_id: int, person_id: int) -> Enrollment | None:
        return await self.session.scalar(
            select(Enrollment).where(Enrollment.program_id == program_id,
                                     Enrollment.person_id == person_id)
        )

    async def add(self, enrollment: Enrollment) -> Enrollment:
        self.session.add(enrollment)
        await self.session.flush()
        return enrollment

    async def pauses_ending(self, program_id: int, on_or_before: date) -> list[Enrollment]:
        rows = await self.session.scalars(
            select(Enrollment).where(Enrollment.program_id == program_id,
                                     Enrollment.status == "paused",
                                     Enrollment.paused_until <= on_or_before)
            .order_by(Enrollment.id)
        )
        return list(rows)

    async def cohort_rows(self, program_id: int) -> list[Row[Any]]:
        """Everyone not withdrawn, with their person's key and name, as plain rows.

        Matching reads thousands of these at once: rows, not ORM objects, keep that fast.
        """
        query = (
            select(Enrollment.person_id, Enrollment.role, Enrollment.topics,
                   Enrollment.never_match, Enrollment.department, Enrollment.manager,
                   Enrollment.languages, Enrollment.timezone, Enrollment.level,
                   Enrollment.status, Person.key, Person.display_name)
            .join(Person, Person.id == Enrollment.person_id)
            .where(Enrollment.program_id == program_id, Enrollment.status != "withdrawn")
            .order_by(Person.key)
        )
        rows: list[Any] = list((await self.session.execute(query)).all())
        return rows

    async def all_in(self, program_id: int) -> list[Enrollment]:
        rows = await self.session.scalars(
            select(Enrollment).where(Enrollment.program_id == program_id).order_by(Enrollment.id)
        )
        return list(rows)


class StateRepository:
    """Conversation state per (person, flow); the version column rejects lost updates."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_key: str, flow: str) -> ConversationState | None:
        return await self.session.scalar(
            select(ConversationState).where(ConversationState.person_key == person_key,
                                            ConversationState.flow == flow)
        )

    async def put(self, person_key: str, flow: str, step: str, data: dict[str, Any],
                  now: datetime) -> ConversationState:
        state = await self.get(person_key, flow)
        if state is None:
            state = ConversationState(person_key=person_key, flow=flow, step=step, data=data,
                                      updated_at=now)
            self.session.add(state)
        else:
            state.step, state.data, state.updated_at = step, dict(data), now
        await self.session.flush()  # raises StaleDataError if another writer got there first
        return state

    async def clear(self, person_key: str) -> None:
        await self.session.execute(
            delete(ConversationState).where(ConversationState.person_key == person_key)
        )


class AddressRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(self, person_key: str, platform: str, reference: dict[str, Any],
                       now: datetime) -> None:
        stmt = _insert(self.session, Address).values(
            person_key=person_key, platform=platform, reference=reference, updated_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[Address.person_key],
            set_={"reference": reference, "updated_at": now, "platform": platform},
        )
        await self.session.execute(stmt)

    async def reference(self, person_key: str) -> dict[str, Any] | None:
        row = await self.session.scalar(select(Address).where(Address.person_key == person_key))
        return row.reference if row else None


class EventLog:
    """Deduplicates platform deliveries with a unique insert (safe across replicas)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def first_time(self, platform: str, event_id: str, now: datetime) -> bool:
        stmt = (
            _insert(self.session, ProcessedEvent)
            .values(platform=platform, event_id=event_id, received_at=now)
            .on_conflict_do_nothing()
            .returning(ProcessedEvent.event_id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def forget_before(self, cutoff: datetime) -> None:
        await self.session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff)
        )


class Outbox:
    """Messages to send once. Enqueue is idempotent by key; claiming takes a lease."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.enqueued = 0  # in this unit of work, so the caller can start a delivery

    async def enqueue(self, dedupe_key: str, person_key: str, body: dict[str, Any],
                      now: datetime, group_keys: list[str] | None = None) -> bool:
        stmt = (
            _insert(self.session, OutboxMessage)
            .values(dedupe_key=dedupe_key, kind=dedupe_key.split(":", 1)[0][:40],
                    platform=person_key.split(":", 1)[0], person_key=person_key, body=body,
                    created_at=now, attempts=0, group_keys=group_keys)
            .on_conflict_do_nothing()
            .returning(OutboxMessage.id)
        )
        added = (await self.session.execute(stmt)).first() is not None
        self.enqueued += added
        return added

    async def claim(self, now: datetime, lease: timedelta, limit: int = 50,
                    skip: frozenset[int] = frozenset()) -> list[OutboxMessage]:
        due = (
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_reason.is_(None),
            OutboxMessage.lease_until.is_(None) | (OutboxMessage.lease_until < now),
            OutboxMessage.id.not_in(skip),
        )
        candidates = select(OutboxMessage.id).where(*due).order_by(OutboxMessage.id).limit(limit)
        if dialect_of(self.session) == "postgresql":
            # Lock with SKIP LOCKED first, then update by id: one statement with a LIMITed
            # subquery claimed every row on PostgreSQL (see platform notes).
            ids = list((await self.session.scalars(candidates.with_for_update(skip_locked=True)))
                       .all())
            if not ids:
                return []
            chosen = OutboxMessage.id.in_(ids)
        else:
            # SQLite serialises writers; one UPDATE takes the write lock before it reads.
            chosen = OutboxMessage.id.in_(candidates.scalar_subquery())
        rows = await self.session.scalars(
            update(OutboxMessage).where(chosen, *due)
            .values(lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage),
            execution_options={"populate_existing": True},
        )
        return sorted(rows, key=lambda m: m.id)

    async def release(self, message_id: int) -> None:
        """Give a claimed message back untouched: not sent, not an attempt."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(lease_until=None, attempts=OutboxMessage.attempts - 1))

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(sent_at=now)
        )

    async def mark_failed(self, message_id: int, reason: str) -> None:
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(failed_reason=reason[:500])
        )

    async def drop_for(self, person_key: str) -> int:
        """Cancel everything not yet sent to someone who left."""
        result = await self.session.execute(
            delete(OutboxMessage).where(OutboxMessage.person_key == person_key,
                                        OutboxMessage.sent_at.is_(None))
            .returning(OutboxMessage.id)
        )
        return len(result.all())

    async def pending(self) -> list[OutboxMessage]:
        rows = await self.session.scalars(
            select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id)
        )
        return list(rows)


class Repositories:
    """Every repository over one session: one unit of work."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.people = PeopleRepository(session)
        self.programs = ProgramRepository(session)
        self.enrollments = EnrollmentRepository(session)
        self.states = StateRepository(session)
        self.addresses = AddressRepository(session)
        self.events = EventLog(session)
        self.outbox = Outbox(session)
        self.inbox = InboxRepository(session)
        self.directory = DirectoryRepository(session)
        self.matches = MatchRepository(session)
        self.tandems = TandemRepository(session)


class DirectoryRepository:
    """HR's view of people: departments, managers, cost centres, levels."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def rows(self) -> list[Row[Any]]:
        """Every entry as a plain row (fast for thousands)."""
        query = select(DirectoryEntry.person_key, DirectoryEntry.email, DirectoryEntry.name,
                       DirectoryEntry.department, DirectoryEntry.manager_ref,
                       DirectoryEntry.cost_center, DirectoryEntry.level)
        rows: list[Any] = list((await self.session.execute(query)).all())
        return rows

    async def all(self) -> list[DirectoryEntry]:
        return list(await self.session.scalars(select(DirectoryEntry).order_by(DirectoryEntry.id)))

    async def find(self, person_key: str | None, email: str | None) -> DirectoryEntry | None:
        if person_key:
            row = await self.session.scalar(
                select(DirectoryEntry).where(DirectoryEntry.person_key == person_key))
            if row is not None:
                return row
        if email:
            return await self.session.scalar(
                select(DirectoryEntry).where(DirectoryEntry.email == email))
        return None

    async def upsert(self, *, person_key: str | None, email: str | None, now: datetime,
                     **fields: str | None) -> tuple[DirectoryEntry, bool]:
        """Insert or update by platform id, else by e-mail. Returns (row, created)."""
        row = await self.find(person_key, email)
        created = row is None
        if row is None:
            row = DirectoryEntry(person_key=person_key, email=email, updated_at=now)
            self.session.add(row)
        row.person_key = person_key or row.person_key
        row.email = email or row.email
        for key, value in fields.items():
            setattr(row, key, value)
        row.updated_at = now
        await self.session.flush()
        return row, created


class MatchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_run(self, program_id: int) -> MatchRun | None:
        return await self.session.scalar(
            select(MatchRun).where(MatchRun.program_id == program_id, MatchRun.status == "open")
            .order_by(MatchRun.id.desc()).limit(1))

    async def run(self, run_id: int) -> MatchRun | None:
        return await self.session.get(MatchRun, run_id)

    async def start_run(self, program_id: int, created_by: str, now: datetime,
                        unmatched: list[dict[str, Any]]) -> MatchRun:
        for old in await self.session.scalars(
                select(MatchRun).where(MatchRun.program_id == program_id,
                                       MatchRun.status == "open")):
            old.status = "superseded"
        run = MatchRun(program_id=program_id, created_by=created_by, created_at=now,
                       status="open", unmatched=unmatched)
        self.session.add(run)
        await self.session.flush()
        return run

    async def add_pair(self, run: MatchRun, mentor_key: str, mentee_key: str, score: float,
                       explanation: dict[str, Any]) -> ProposedPair:
        pair = ProposedPair(run_id=run.id, mentor_key=mentor_key, mentee_key=mentee_key,
                            score=score, explanation=explanation, status="proposed")
        self.session.add(pair)
        await self.session.flush()
        return pair

    async def pairs(self, run_id: int) -> list[ProposedPair]:
        return list(await self.session.scalars(
            select(ProposedPair).where(ProposedPair.run_id == run_id).order_by(ProposedPair.id)))

    async def pair(self, pair_id: int) -> ProposedPair | None:
        return await self.session.get(ProposedPair, pair_id)

    async def reject(self, program_id: int, mentor_key: str, mentee_key: str, by: str,
                     now: datetime) -> None:
        stmt = (_insert(self.session, RejectedPair)
                .values(program_id=program_id, mentor_key=mentor_key, mentee_key=mentee_key,
                        rejected_by=by, rejected_at=now)
                .on_conflict_do_nothing())
        await self.session.execute(stmt)

    async def rejected(self, program_id: int) -> set[tuple[str, str]]:
        rows = await self.session.execute(
            select(RejectedPair.mentor_key, RejectedPair.mentee_key)
            .where(RejectedPair.program_id == program_id))
        return {(a, b) for a, b in rows.all()}


class TandemRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, tandem: Tandem) -> Tandem:
        self.session.add(tandem)
        await self.session.flush()
        return tandem

    async def get(self, tandem_id: int) -> Tandem | None:
        return await self.session.get(Tandem, tandem_id)

    async def current_for(self, program_id: int, person_id: int) -> list[Tandem]:
        """The person's tandems that are not dissolved (a group mentor may have several)."""
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status != "dissolved",
                                 (Tandem.mentor_id == person_id) | (Tandem.mentee_id == person_id))
            .order_by(Tandem.id)))

    async def busy_counts(self, program_id: int) -> dict[int, int]:
        """Person id → number of current tandems (mentors may have several)."""
        rows = await self.session.execute(
            select(Tandem.mentor_id, Tandem.mentee_id)
            .where(Tandem.program_id == program_id, Tandem.status != "dissolved"))
        counts: dict[int, int] = {}
        for mentor_id, mentee_id in rows.all():
            counts[mentor_id] = counts.get(mentor_id, 0) + 1
            counts[mentee_id] = counts.get(mentee_id, 0) + 1
        return counts

    async def current(self, program_id: int) -> list[Tandem]:
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status != "dissolved")
            .order_by(Tandem.id)))

    async def in_kickoff_since(self, program_id: int, before: datetime) -> list[Tandem]:
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status == "kickoff",
                                 Tandem.approved_at <= before).order_by(Tandem.id)))
