"""Repositories with intention-named methods. Flows get these; they never run queries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Row,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from storage.bulk import Encoded, insert_many, insert_rows, one_of
from storage.dialects import dialect_of, insert_ignoring_conflict
from storage.evaluation import EvaluationRepository
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
    TandemMember,
)
from storage.personal_data import PersonalDataRepository
from storage.questionnaires import ResponseRepository
from storage.quick_wins import QuickWinRepository
from storage.report import ReportRepository
from storage.sessions import CheckInRepository, DueRepository, SessionRepository

_insert = insert_ignoring_conflict


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
        """Add or refresh what the platform says; writes only what changed.

        People rows are versioned: an unconditional write on every event would make any two
        concurrent events of one person (a double click) conflict for nothing.
        """
        person = await self.by_key(key)
        if person is None:
            person = Person(key=key, platform=platform, platform_user_id=platform_user_id,
                            created_at=now, updated_at=now)
            self.session.add(person)
        fresh = {"workspace_id": workspace_id, "display_name": display_name,
                 "locale": locale, "timezone": timezone}
        changed = {k: v for k, v in fresh.items() if v and getattr(person, k) != v}
        for k, v in changed.items():
            setattr(person, k, v)
        if changed:
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

    async def named(self, display_name: str) -> list[Person]:
        """People whose display name is this one, ignoring case (a coordinator's `erase`)."""
        return list(await self.session.scalars(select(Person).where(
            func.lower(Person.display_name) == display_name.lower()).order_by(Person.id)))

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

    async def by_id(self, enrollment_id: int) -> Enrollment | None:
        return await self.session.get(Enrollment, enrollment_id)

    async def add(self, enrollment: Enrollment) -> Enrollment:
        self.session.add(enrollment)
        await self.session.flush()
        return enrollment

    async def rely_on(self, *enrollments: Enrollment) -> None:
        """A decision rests on these enrollments as read (e.g. both are active when a tandem
        is approved): bump their versions, so a concurrent `leave` or `pause` conflicts with
        the decision instead of both committing."""
        for enrollment in sorted(enrollments, key=lambda e: e.id):  # one lock order
            flag_modified(enrollment, "status")
        await self.session.flush()

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
                   Enrollment.wants, Enrollment.never_match, Enrollment.department,
                   Enrollment.manager, Enrollment.languages, Enrollment.timezone, Enrollment.level,
                   Enrollment.status, Person.key, Person.display_name)
            .join(Person, Person.id == Enrollment.person_id)
            .where(Enrollment.program_id == program_id, Enrollment.status != "withdrawn")
            .order_by(Person.key)
        )
        rows: list[Any] = list((await self.session.execute(query)).all())
        return rows

    async def for_people(self, program_id: int, person_ids: list[int]) -> dict[int, Enrollment]:
        if not person_ids:
            return {}
        rows = await self.session.scalars(
            select(Enrollment).where(Enrollment.program_id == program_id,
                                     Enrollment.person_id.in_(person_ids)))
        return {e.person_id: e for e in rows}

    async def overview_rows(self, program_id: int) -> list[Row[Any]]:
        """(person_id, role, status) of every sign-up, withdrawn ones too: for the counts."""
        rows: list[Any] = list((await self.session.execute(
            select(Enrollment.person_id, Enrollment.role, Enrollment.status)
            .where(Enrollment.program_id == program_id))).all())
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

    async def update_many(self, rows: list[tuple[ConversationState, str, dict[str, Any]]],
                          now: datetime) -> None:
        """Conversations read before (`of_flow`) set to (step, data) each, in one
        executemany UPDATE (the tick's due work). One whose version moved since it was read
        is left as it is: whoever changed it meanwhile is in that conversation now. The
        states read before are stale afterwards (read them again to use them)."""
        if not rows:
            return
        connection = await self.session.connection()
        await connection.execute(
            update(ConversationState)
            .where(ConversationState.id == bindparam("b_id"),
                   ConversationState.version == bindparam("b_version"))
            .values(step=bindparam("b_step"), data=bindparam("b_data"),
                    updated_at=bindparam("b_at"), version=ConversationState.version + 1),
            [dict(b_id=state.id, b_version=state.version, b_step=step, b_data=data, b_at=now)
             for state, step, data in rows])

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

    async def of_flow(self, person_keys: list[str], flow: str) -> dict[str, ConversationState]:
        """These people's conversations of one flow, by person key: a query per 2,000 keys
        (the drivers cap an IN list's parameters)."""
        found: dict[str, ConversationState] = {}
        for start in range(0, len(person_keys), 2000):
            found |= {s.person_key: s for s in await self.session.scalars(
                select(ConversationState).where(
                    ConversationState.flow == flow,
                    ConversationState.person_key.in_(person_keys[start:start + 2000])))}
        return found

    async def add_many(self, flow: str, steps: list[tuple[str, str, dict[str, Any]]],
                       now: datetime) -> None:
        """New conversations of one flow, (person key, step, data) each, in one executemany;
        a person who has one of this flow meanwhile (another replica) keeps theirs."""
        if not steps:
            return
        stmt = _insert(self.session, ConversationState).on_conflict_do_nothing()
        connection = await self.session.connection()
        await connection.execute(stmt, [
            dict(person_key=key, flow=flow, step=step, data=data, updated_at=now, version=1)
            for key, step, data in steps])

    async def clear(self, person_key: str) -> None:
        await self.session.execute(
            delete(ConversationState).where(ConversationState.person_key == person_key)
        )

    async def waiting(self, person_key: str, prefix: str, since: datetime
                      ) -> ConversationState | None:
        """The person's newest conversation waiting for a typed answer (step starts with
        `prefix`) and touched at or after `since`; older ones no longer capture DMs."""
        return await self.session.scalar(
            select(ConversationState)
            .where(ConversationState.person_key == person_key,
                   ConversationState.step.startswith(prefix),
                   ConversationState.updated_at >= since)
            .order_by(ConversationState.updated_at.desc()).limit(1)
        )

    async def forget_waiting_before(self, prefix: str, cutoff: datetime) -> int:
        """Deletes questions (step starts with `prefix`) nobody answered since `cutoff`: they
        no longer capture DMs, so nothing needs them."""
        result = await self.session.execute(
            delete(ConversationState).where(ConversationState.step.startswith(prefix),
                                            ConversationState.updated_at < cutoff)
            .returning(ConversationState.id))
        return len(result.all())

    async def end(self, state: ConversationState) -> None:
        """Ends one conversation: its row, and whatever it kept, is deleted."""
        await self.session.delete(state)
        await self.session.flush()


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
    """Deduplicates platform deliveries with a unique insert (safe across replicas). The ids
    are pruned after an hour by the retention purge (`storage/personal_data.purge`)."""

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


@dataclass(frozen=True)
class OutboxCounts:
    pending: int  # not sent yet and not parked (due now or scheduled later)
    failed: int  # parked and still retryable (the body is kept)


# A deleted body is SQL NULL (`null()`): the JSON type would store None as JSON 'null',
# which `IS NULL` does not find.
_UNSENT = (OutboxMessage.sent_at.is_(None), OutboxMessage.failed_reason.is_(None))
_PARKED = (OutboxMessage.failed_reason.is_not(None), OutboxMessage.body.is_not(None))




@dataclass(frozen=True)
class Queued:
    """One message for `Outbox.enqueue_many`; its body a message dict, or already encoded
    (`Encoded`, the tick's check-ins filled in from one template)."""

    dedupe_key: str
    person_key: str
    body: dict[str, Any] | Encoded
    not_before: datetime | None = None


class Outbox:
    """Messages to send once. Enqueue is idempotent by key; claiming takes a lease per message.

    The claim filters match the partial index `ix_outbox_ready` (platform, id WHERE unsent,
    not parked and not waiting), so it reads only rows free to go, however many were sent
    before or wait for a later time.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.enqueued = 0  # in this unit of work, so the caller can start a delivery

    async def enqueue(self, dedupe_key: str, person_key: str, body: dict[str, Any],
                      now: datetime, group_keys: list[str] | None = None,
                      not_before: datetime | None = None) -> bool:
        """Queue once by key. A group whose people are on several platforms cannot share one
        conversation: it is queued as one message per person, each on their own platform.

        `not_before`: the earliest instant it may be sent (the recipient's working time, for
        what the bot sends on its own); None: at once."""
        if group_keys and len({_platform(k) for k in group_keys}) > 1:
            added = False
            for key in dict.fromkeys(group_keys):
                added |= await self.enqueue(f"{dedupe_key}>{key}", key, body, now,
                                            not_before=not_before)
            return added
        stmt = (
            _insert(self.session, OutboxMessage)
            .values(dedupe_key=dedupe_key, kind=dedupe_key.split(":", 1)[0][:40],
                    platform=_platform(person_key), person_key=person_key, body=body,
                    created_at=now, attempts=0, group_keys=group_keys,
                    next_attempt_at=not_before)
            .on_conflict_do_nothing()
            .returning(OutboxMessage.id)
        )
        added = (await self.session.execute(stmt)).first() is not None
        self.enqueued += added
        return added

    async def enqueue_many(self, rows: list[Queued], now: datetime) -> int:
        """Queue many messages in one statement (the tick's due work: one insert per kind of
        work, however many tandems); keys already queued are skipped. Each row goes to one
        person: a group is split by the caller. Returns how many were new."""
        return len(await self.enqueue_new(rows, now))

    async def enqueue_all(self, rows: list[Queued], now: datetime) -> None:
        """`enqueue_many` of messages whose keys are new (the check-ins this tick asked:
        the ask's own unique row made them so), without reading back which were: a key
        queued before all the same is skipped."""
        await insert_many(self.session, OutboxMessage, _QUEUED, _queued_rows(rows),
                          _queued_same(now))
        self.enqueued += len(rows)

    async def enqueue_new(self, rows: list[Queued], now: datetime) -> set[str]:
        """`enqueue_many`, returning the dedupe keys that were new (the others were queued
        before, by an earlier tick or another replica at once)."""
        if not rows:
            return set()
        # One statement with one parameter a column (storage/bulk.py), however many rows:
        # a VALUES list would be split at the drivers' parameter limits and compiled anew.
        result = await insert_rows(self.session, OutboxMessage, _QUEUED, _queued_rows(rows),
                                   (OutboxMessage.dedupe_key,), _queued_same(now))
        added = set(result.scalars().all())
        self.enqueued += len(added)
        return added

    @staticmethod
    def _due(platform: str, now: datetime, after: int) -> tuple[Any, ...]:
        """Free to go now (the `ix_outbox_ready` rows, see `ready_now`) and not leased."""
        return (
            OutboxMessage.platform == platform,
            *_UNSENT,
            OutboxMessage.next_attempt_at.is_(None),
            OutboxMessage.id > after,
            OutboxMessage.lease_until.is_(None) | (OutboxMessage.lease_until < now),
        )

    @classmethod
    def claim_query(cls, platform: str, now: datetime, after: int = 0) -> Select[Any]:
        """The oldest due message's id: a range scan of `ix_outbox_ready` (platform, id),
        which holds no message waiting for a later time however many do."""
        return (select(OutboxMessage.id).where(*cls._due(platform, now, after))
                .order_by(OutboxMessage.id).limit(1))

    async def ready_now(self, platform: str, now: datetime) -> int:
        """Messages whose time has come become ready (their `next_attempt_at` is cleared): a
        range scan of `ix_outbox_waiting` (platform, time) up to `now`. Idempotent, so
        replicas may race."""
        result = await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.platform == platform, *_UNSENT,
                                        OutboxMessage.next_attempt_at <= now)
            .values(next_attempt_at=None).returning(OutboxMessage.id))
        return len(result.all())

    async def claim_next(self, platform: str, now: datetime, lease: timedelta,
                         after: int = 0) -> OutboxMessage | None:
        """Lease the oldest due message of `platform` with an id above `after`, if any.

        One message per claim: its lease only has to outlast one send."""
        await self.ready_now(platform, now)
        candidate = self.claim_query(platform, now, after)
        if dialect_of(self.session) == "postgresql":
            # Lock with SKIP LOCKED first, then update by id: one statement with a LIMITed
            # subquery claimed every row on PostgreSQL (see platform notes).
            found = await self.session.scalar(candidate.with_for_update(skip_locked=True))
            if found is None:
                return None
            chosen = OutboxMessage.id == found
        else:
            # SQLite serialises writers; one UPDATE takes the write lock before it reads.
            chosen = OutboxMessage.id.in_(candidate.scalar_subquery())
        return await self.session.scalar(
            update(OutboxMessage).where(chosen, *self._due(platform, now, after))
            .values(lease_until=now + lease, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage),
            execution_options={"populate_existing": True},
        )

    async def release(self, message_id: int) -> None:
        """Give a claimed message back untouched: not sent, not an attempt."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(lease_until=None, attempts=OutboxMessage.attempts - 1))

    async def reschedule(self, message_id: int, not_before: datetime, error: str,
                         counts: bool) -> None:
        """Try again at `not_before`; `counts` False: the platform asked to wait (Retry-After),
        which is no failed attempt."""
        attempts = OutboxMessage.attempts if counts else OutboxMessage.attempts - 1
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id, *_UNSENT)
            .values(lease_until=None, next_attempt_at=not_before, last_error=error[:200],
                    attempts=attempts))

    async def mark_sent(self, message_id: int, now: datetime) -> None:
        """Sent: the body goes in the same statement (it may hold a private reason or goals);
        the key, kind and times stay, so the same message is never queued again."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id)
            .values(sent_at=now, body=null(), lease_until=None, next_attempt_at=None,
                    last_error=None)
        )

    async def park(self, message_id: int, now: datetime, reason: str) -> None:
        """No more attempts unless a coordinator asks (`retry`)."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id, *_UNSENT)
            .values(failed_at=now, failed_reason=reason[:200], last_error=reason[:200],
                    lease_until=None, next_attempt_at=None)
        )

    async def parked(self, limit: int = 20) -> list[OutboxMessage]:
        """Parked messages that can still be retried, newest first."""
        return list(await self.session.scalars(
            select(OutboxMessage).where(*_PARKED)
            .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc()).limit(limit)))

    async def retry(self, message_id: int, now: datetime) -> bool:
        """Queue a parked message again, with fresh attempts. A compare-and-set: of two
        clicks only one finds it parked, so it is queued once; the row (and its dedupe key)
        is reused."""
        result = await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id, *_PARKED)
            .values(failed_at=None, failed_reason=None, attempts=0, lease_until=None,
                    next_attempt_at=None, last_error=f"retried:{now.isoformat()}"[:200])
            .returning(OutboxMessage.id))
        retried = result.first() is not None
        self.enqueued += retried  # the caller starts a delivery as for a new message
        return retried

    async def dismiss(self, message_id: int) -> bool:
        """A coordinator will not retry it: the body is deleted, the row stays parked."""
        result = await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id, *_PARKED)
            .values(body=null()).returning(OutboxMessage.id))
        return result.first() is not None

    async def forget_parked_before(self, cutoff: datetime) -> int:
        """Delete the bodies of messages parked before `cutoff` (they can no longer be
        retried); returns how many."""
        result = await self.session.execute(
            update(OutboxMessage).where(*_PARKED, OutboxMessage.failed_at < cutoff)
            .values(body=null()).returning(OutboxMessage.id))
        return len(result.all())

    async def counts(self) -> OutboxCounts:
        """For /healthz: both counts read only their partial index."""
        pending = await self.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(*_UNSENT))
        failed = await self.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(*_PARKED))
        return OutboxCounts(int(pending or 0), int(failed or 0))

    async def by_reason(self, now: datetime) -> list[tuple[str, str, int]]:
        """(reason, person key, messages) for what needs a look or is held back: `unreachable`
        and `parked` (retryable), `waiting` (queued for the person's working time), `retrying`
        (rescheduled after an error or a rate limit). One grouped query; due ones are left out.
        """
        m = OutboxMessage
        held = and_(*_UNSENT, m.next_attempt_at > now)
        reason = case(
            (and_(*_PARKED, m.failed_reason.like("unreachable:%")), literal("unreachable")),
            (and_(*_PARKED), literal("parked")),
            (and_(held, m.last_error.is_(None)), literal("waiting")),
            else_=literal("retrying"))
        rows = await self.session.execute(
            select(reason, m.person_key, func.count()).where(or_(and_(*_PARKED), held))
            .group_by(reason, m.person_key).order_by(reason, m.person_key))
        return [(str(r), str(k), int(n)) for r, k, n in rows.all()]

    async def parked_since(self, since: datetime) -> int:
        """How many retryable messages were parked at or after `since`."""
        return int(await self.session.scalar(
            select(func.count()).select_from(OutboxMessage)
            .where(*_PARKED, OutboxMessage.failed_at >= since)) or 0)

    async def last_of_kind(self, kind: str, person_key: str) -> datetime | None:
        """When the last message of `kind` to this person was queued (`ix_outbox_person`)."""
        found: datetime | None = await self.session.scalar(
            select(func.max(OutboxMessage.created_at))
            .where(OutboxMessage.person_key == person_key, OutboxMessage.kind == kind))
        return found

    async def retry_all(self, now: datetime) -> int:
        """Queue every parked, retryable message again (as `retry`, each once)."""
        result = await self.session.execute(
            update(OutboxMessage).where(*_PARKED)
            .values(failed_at=None, failed_reason=None, attempts=0, lease_until=None,
                    next_attempt_at=None, last_error=f"retried:{now.isoformat()}"[:200])
            .returning(OutboxMessage.id))
        retried = len(result.all())
        self.enqueued += retried
        return retried

    async def pending_by_platform(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(OutboxMessage.platform, func.count()).where(*_UNSENT)
            .group_by(OutboxMessage.platform))
        return {platform: int(n) for platform, n in rows.all()}

    async def drop_for(self, person_key: str) -> int:
        """Someone left: nothing more goes to them and nothing written to them is kept.

        Unsent messages to them are deleted; the bodies of delivered or parked ones are
        deleted (the keys and times stay). A pending group message that includes them is
        about a tandem that leaving ends, and it names them (name, department, goals), so it
        is dropped for everyone: the partner is told separately that the tandem ended. The
        same goes for the per-person copies such a group message was split into."""
        needle = json.dumps(person_key)  # how the JSON list stores the key
        groups = list(await self.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.group_keys.is_not(None),
                cast(OutboxMessage.group_keys, Text).contains(needle, autoescape=True))))
        groups = [g for g in groups if person_key in (g.group_keys or [])]
        # A group across platforms was split when it was queued (`enqueue`): no row names the
        # group, but the leaver's own copy `<key>>person` names the prefix of the others.
        own_copies = await self.session.scalars(
            select(OutboxMessage.dedupe_key).where(
                OutboxMessage.person_key == person_key,
                OutboxMessage.dedupe_key.endswith(f">{person_key}", autoescape=True)))
        prefixes = {g.dedupe_key for g in groups}
        prefixes |= {key[: -len(person_key) - 1] for key in own_copies}
        copies = [OutboxMessage.dedupe_key.startswith(f"{prefix}>", autoescape=True)
                  for prefix in sorted(prefixes)]
        addressed = or_(OutboxMessage.person_key == person_key,
                        OutboxMessage.id.in_([g.id for g in groups]), *copies)
        result = await self.session.execute(
            delete(OutboxMessage).where(addressed, OutboxMessage.sent_at.is_(None))
            .returning(OutboxMessage.id))
        dropped = len(result.all())
        await self.session.execute(
            update(OutboxMessage).where(addressed, OutboxMessage.body.is_not(None))
            .values(body=null()))
        return dropped

    async def known(self, keys: list[str]) -> set[str]:
        """Which of these dedupe keys were queued before (sent, pending or parked)."""
        if not keys:
            return set()
        # The keys in one parameter: a tick asks about every quiet tandem's keys at once.
        return set(await self.session.scalars(select(OutboxMessage.dedupe_key).where(
            one_of(self.session, OutboxMessage.dedupe_key, keys))))

    async def pending(self, platforms: list[str] | None = None) -> list[OutboxMessage]:
        """Unsent, not parked messages (of `platforms`, if given), oldest first."""
        query = select(OutboxMessage).where(*_UNSENT)
        if platforms is not None:
            query = query.where(OutboxMessage.platform.in_(platforms))
        return list(await self.session.scalars(query.order_by(OutboxMessage.id)))


# The columns `enqueue_new` fills, in the order of its row tuples, and those all share.
_QUEUED = ("dedupe_key", "kind", "platform", "person_key", "body", "next_attempt_at")


def _queued_rows(rows: list[Queued]) -> list[tuple[Any, ...]]:
    return [(r.dedupe_key, r.dedupe_key.split(":", 1)[0][:40], _platform(r.person_key),
             r.person_key, r.body, r.not_before) for r in rows]


def _queued_same(now: datetime) -> dict[str, Any]:
    return {"created_at": now, "attempts": 0}


def _platform(person_key: str) -> str:
    return person_key.split(":", 1)[0]


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
        self.sessions = SessionRepository(session)
        self.checkins = CheckInRepository(session)
        self.due = DueRepository(session)
        self.responses = ResponseRepository(session)
        self.evaluation = EvaluationRepository(session)  # coordinators: counts, never text
        self.report = ReportRepository(session)  # the same, with sessions and check-ins
        self.quick_wins = QuickWinRepository(session)
        self.personal = PersonalDataRepository(session)  # my data, forget me


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
                     **fields: str | None) -> tuple[DirectoryEntry, str]:
        """Insert or update by platform id, else by e-mail. Returns the row and what happened:
        "created", "updated" or "unchanged" (a row the file repeats as it is is not written)."""
        row = await self.find(person_key, email)
        if row is None:
            row = DirectoryEntry(person_key=person_key, email=email, updated_at=now, **fields)
            self.session.add(row)
            await self.session.flush()
            return row, "created"
        fresh = {"person_key": person_key or row.person_key, "email": email or row.email,
                 **fields}
        changed = {k: v for k, v in fresh.items() if getattr(row, k) != v}
        if not changed:
            return row, "unchanged"
        for key, value in changed.items():
            setattr(row, key, value)
        row.updated_at = now
        await self.session.flush()
        return row, "updated"


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
        """Supersede any open run and open a new one.

        Two `match` at once must not leave two open runs (their proposals could give one
        person two tandems): the program row is locked first (PostgreSQL; SQLite has one
        writer), so the second sees and supersedes the first's run.
        """
        await self.session.execute(
            select(ProgramRow.id).where(ProgramRow.id == program_id).with_for_update())
        for old in await self.session.scalars(
                select(MatchRun).where(MatchRun.program_id == program_id,
                                       MatchRun.status == "open")):
            old.status = "superseded"  # match_run.supersede, here under the program's lock
        run = MatchRun(program_id=program_id, created_by=created_by, created_at=now,
                       status="open", unmatched=unmatched)
        self.session.add(run)
        await self.session.flush()
        return run

    async def add_pair(self, run: MatchRun, members: list[tuple[str, str]], score: float,
                       explanation: dict[str, Any]) -> ProposedPair:
        """`members`: (person key, role), mentors first: a pair, a circle or two peers."""
        pair = ProposedPair(run_id=run.id, members=[[k, r] for k, r in members],
                            score=score, explanation=explanation, status="proposed")
        self.session.add(pair)
        await self.session.flush()
        return pair

    async def decide(self, run: MatchRun) -> None:
        """Compare-and-set on an open run before approving or rejecting anything in it.

        Bumps the run's version (`UPDATE … WHERE version = <as read>`): of two decisions made
        from the same reading (a double click, approve-all beside approve-one, two
        coordinators) one raises StaleDataError, is run again on what the other committed,
        and so every decision sees the ones before it.
        """
        flag_modified(run, "status")
        await self.session.flush()

    async def set_status(self, pair: ProposedPair, status: str) -> None:
        """Move a proposal on; versioned, so it fails if someone else moved it first."""
        pair.status = status
        await self.session.flush()

    async def forget_person(self, program_id: int, key: str) -> None:
        """Remove what a leaver's answers left in stored proposals (topics, languages)."""
        runs = list(await self.session.scalars(
            select(MatchRun).where(MatchRun.program_id == program_id)))
        for run in runs:
            if any(u.get("key") == key for u in run.unmatched):
                run.unmatched = [u for u in run.unmatched if u.get("key") != key]
        pairs = await self.session.scalars(
            select(ProposedPair).where(ProposedPair.run_id.in_([r.id for r in runs])))
        for pair in pairs:  # a run's few proposals: members are JSON, matched here
            if key in pair.keys():
                pair.explanation = {}
        await self.session.flush()

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

    async def live_between(self, program_id: int, person_ids: list[int]) -> Tandem | None:
        """The live tandem of exactly these people, if there is one."""
        key = ",".join(str(i) for i in sorted(person_ids))
        return await self.session.scalar(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status != "dissolved",
                                 Tandem.members_key == key))

    def _of(self, program_id: int, person_id: int) -> Select[Any]:
        return (select(Tandem).join(TandemMember, TandemMember.tandem_id == Tandem.id)
                .where(Tandem.program_id == program_id, TandemMember.person_id == person_id)
                .order_by(Tandem.id))

    async def all_for(self, program_id: int, person_id: int) -> list[Tandem]:
        """Every tandem the person was ever in, dissolved ones and circles they left too."""
        return list(await self.session.scalars(self._of(program_id, person_id)))

    async def current_for(self, program_id: int, person_id: int) -> list[Tandem]:
        """The person's tandems that are not dissolved (a mentor may have several)."""
        return list(await self.session.scalars(
            self._of(program_id, person_id).where(Tandem.status != "dissolved",
                                                  TandemMember.left_at.is_(None))))

    async def busy_counts(self, program_id: int) -> dict[int, int]:
        """Person id → number of current tandems (mentors may have several)."""
        rows = await self.session.execute(
            select(TandemMember.person_id, func.count())
            .join(Tandem, TandemMember.tandem_id == Tandem.id)
            .where(Tandem.program_id == program_id, Tandem.status != "dissolved",
                   TandemMember.left_at.is_(None))
            .group_by(TandemMember.person_id))
        return {person_id: int(n) for person_id, n in rows.all()}

    async def current(self, program_id: int) -> list[Tandem]:
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status != "dissolved")
            .order_by(Tandem.id)))

    async def ended(self, program_id: int) -> list[Tandem]:
        """Dissolved tandems, the latest ended first."""
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status == "dissolved")
            .order_by(Tandem.dissolved_at.desc(), Tandem.id.desc())))

    async def status_counts(self, program_id: int) -> dict[str, int]:
        """Tandems per status (kickoff | active | dissolved)."""
        rows = await self.session.execute(
            select(Tandem.status, func.count()).where(Tandem.program_id == program_id)
            .group_by(Tandem.status))
        return {status: int(n) for status, n in rows.all()}

    async def due_by(self, program_id: int, day: date) -> list[Tandem]:
        """Active tandems whose next session is due on or before `day`: one range scan of
        `ix_tandems_due`, however many tandems there are."""
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status == "active",
                                 Tandem.due_on <= day).order_by(Tandem.due_on, Tandem.id)))

    async def due_members(self, program_id: int, day: date) -> list[Row[Any]]:
        """`due_by` as plain rows, one per current member of each due tandem, with what a
        nudge needs (tandem_id, due_on, planned_on, role, person_id, key, display_name,
        locale, timezone): one joined query and no ORM objects, for the tick's set-based
        due work (loading thousands of tandems with their members as objects costs ~10x)."""
        rows = await self.session.execute(
            select(Tandem.id.label("tandem_id"), Tandem.due_on, Tandem.planned_on,
                   TandemMember.role, Person.id.label("person_id"), Person.key,
                   Person.display_name, Person.locale, Person.timezone)
            .join(TandemMember, TandemMember.tandem_id == Tandem.id)
            .join(Person, Person.id == TandemMember.person_id)
            .where(Tandem.program_id == program_id, Tandem.status == "active",
                   Tandem.due_on <= day, TandemMember.left_at.is_(None))
            .order_by(Tandem.due_on, Tandem.id, TandemMember.id))
        found: list[Any] = list(rows.all())
        return found

    async def in_kickoff_since(self, program_id: int, before: datetime) -> list[Tandem]:
        return list(await self.session.scalars(
            select(Tandem).where(Tandem.program_id == program_id, Tandem.status == "kickoff",
                                 Tandem.approved_at <= before).order_by(Tandem.id)))
