"""SQLAlchemy 2 typed models. Times are stored as UTC; SQLite gets them back aware too."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified

# The longest free-text answer a questionnaire keeps (characters).
MAX_ANSWER_TEXT = 1000


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite drops the zone, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON}


class Person(Base):
    """A person as one platform knows them. Identity is `key` (platform:user id), never e-mail."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(180))
    workspace_id: Mapped[str | None] = mapped_column(String(120))
    display_name: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(20))
    timezone: Mapped[str | None] = mapped_column(String(64))
    # The person's own working time (`hours 8-16`, `hours mon-thu 7-15`), else the program's.
    hours_start: Mapped[int | None] = mapped_column(Integer)
    hours_end: Mapped[int | None] = mapped_column(Integer)
    work_days: Mapped[list[int] | None] = mapped_column(JSON)  # ISO weekdays, 1 = Monday
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Every row a flow changes has a version: a concurrent change fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own convention


class ProgramRow(Base):
    """The program a cohort belongs to; its settings live in the program file."""

    __tablename__ = "programs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    start: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class Enrollment(Base):
    """A person's own sign-up to a program, with what they told us in the form."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("program_id", "person_id", name="uq_enrollment_person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))  # mentor | mentee | peer
    topics: Mapped[list[str]] = mapped_column(JSON)  # a peer: what they can teach
    wants: Mapped[list[str] | None] = mapped_column(JSON)  # a peer: what they want to learn
    never_match: Mapped[list[str]] = mapped_column(JSON, default=list)  # person keys
    department: Mapped[str | None] = mapped_column(String(120))
    manager: Mapped[str | None] = mapped_column(String(200))  # platform key, name or e-mail
    languages: Mapped[list[str]] = mapped_column(JSON)
    timezone: Mapped[str] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12))  # aggregates/enrollment.py
    paused_until: Mapped[date | None] = mapped_column(Date)
    paused_from: Mapped[date | None] = mapped_column(Date)  # the day the current pause began
    consented_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ConversationState(Base):
    """A half-finished flow. `version` makes concurrent updates fail instead of overwrite."""

    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("person_key", "flow", name="uq_state_person_flow"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str] = mapped_column(String(200))
    flow: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime]

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own convention


class Address(Base):
    """How to reach a person later. `reference` is opaque: only its platform's adapter reads it."""

    __tablename__ = "addresses"
    __table_args__ = (UniqueConstraint("person_key", name="uq_address_person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(16))
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class ProcessedEvent(Base):
    """Platform delivery ids already handled, so a retried delivery has one effect.

    Pruned after the platforms' retry windows: the ids are only needed while a retry can come.
    """

    __tablename__ = "processed_events"
    __table_args__ = (Index("ix_processed_events_received", "received_at"),)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime]


_OUTBOX_UNSENT = "sent_at IS NULL AND failed_reason IS NULL"
READY = _OUTBOX_UNSENT + " AND next_attempt_at IS NULL"
WAITING = _OUTBOX_UNSENT + " AND next_attempt_at IS NOT NULL"


class OutboxMessage(Base):
    """A message to send later, once. `dedupe_key` makes re-enqueueing the same thing a no-op.

    Each message is claimed, sent and marked on its own lease. After delivery the body is
    deleted (it may hold a private reason or goals); the key, kind and times stay, so the same
    message is never queued twice.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        # The claim: pending messages of the platforms this process can send to, oldest first.
        Index("ix_outbox_pending", "platform", "id",
              sqlite_where=text("sent_at IS NULL AND failed_reason IS NULL"),
              postgresql_where=text("sent_at IS NULL AND failed_reason IS NULL")),
        # The claim reads only messages free to go now (`ready`); those waiting for a time
        # (someone's working hours, a retry) sit in `waiting`, ordered by that time, until it
        # comes. Many nights' worth of waiting nudges never slow a claim.
        Index("ix_outbox_ready", "platform", "id",
              sqlite_where=text(READY), postgresql_where=text(READY)),
        Index("ix_outbox_waiting", "platform", "next_attempt_at",
              sqlite_where=text(WAITING), postgresql_where=text(WAITING)),
        Index("ix_outbox_person", "person_key"),
        Index("ix_outbox_failed", "failed_at",
              sqlite_where=text("failed_reason IS NOT NULL"),
              postgresql_where=text("failed_reason IS NOT NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # the key's first part: "kickoff-nudge", …
    platform: Mapped[str] = mapped_column(String(16))  # who can send it: slack | teams | console
    person_key: Mapped[str] = mapped_column(String(200))
    # Set for one message to several people (a tandem's intro): the sender opens a group
    # conversation where the platform can, else it is split into one message per person.
    group_keys: Mapped[list[str] | None] = mapped_column(JSON)
    # none_as_null: a deleted body is SQL NULL, not the JSON text 'null'.
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # None once sent
    created_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    # Not before (working time, Retry-After, backoff); cleared once that time has come.
    next_attempt_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))  # why the last attempt failed
    sent_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]  # parked: no more attempts unless a coordinator asks
    failed_reason: Mapped[str | None] = mapped_column(Text)


class InboxItem(Base):
    """A request the platform was told we received (acked), kept until its work is done.

    The ack is one insert; any replica drains the inbox with leases, so work acknowledged by a
    process that dies is done by the next one, once. `dedupe_key` makes a redelivery (a retry,
    a replayed signed request) a no-op. The body is deleted when the work is done.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        Index("ix_inbox_pending", "id", sqlite_where=text("done_at IS NULL"),
              postgresql_where=text("done_at IS NULL")),
        Index("ix_inbox_received", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # None once done
    received_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None]
    failed_reason: Mapped[str | None] = mapped_column(String(200))


class DirectoryEntry(Base):
    """What HR knows about a person (from `tandem import people.csv`), to find reporting lines.

    Keyed by platform id where known; the e-mail is kept only to link managers named by e-mail.
    """

    __tablename__ = "directory"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(120))
    manager_ref: Mapped[str | None] = mapped_column(String(254))  # platform id or e-mail
    cost_center: Mapped[str | None] = mapped_column(String(60))
    level: Mapped[str | None] = mapped_column(String(60))
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class MatchRun(Base):
    """One set of proposals a coordinator asked for; approved pair by pair or all at once."""

    __tablename__ = "match_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12))  # aggregates/match_run.py
    unmatched: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # key, role, reason, params
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProposedPair(Base):
    """One proposal of a match run: a pair, or a whole circle in the group format."""

    __tablename__ = "proposed_pairs"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("match_runs.id", ondelete="CASCADE"))
    # [[person key, role], ...]: mentors first, then mentees (peers: both "peer").
    members: Mapped[list[list[str]]] = mapped_column(JSON)
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))  # aggregates/match_run.py
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def keys(self, role: str | None = None) -> list[str]:
        return [key for key, r in self.members if role is None or r == role]


class RejectedPair(Base):
    """A pair a coordinator rejected: never proposed again in this program."""

    __tablename__ = "rejected_pairs"
    __table_args__ = (UniqueConstraint("program_id", "mentor_key", "mentee_key",
                                       name="uq_rejected_pair"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    mentor_key: Mapped[str] = mapped_column(String(200))
    mentee_key: Mapped[str] = mapped_column(String(200))
    rejected_by: Mapped[str] = mapped_column(String(200))
    rejected_at: Mapped[datetime]


class Tandem(Base):
    """The members of a tandem (a pair, or a circle) from approval to dissolution, with
    their kick-off agreement."""

    __tablename__ = "tandems"
    __table_args__ = (
        # One live tandem per set of people: a double "Approve" can never create two.
        Index("uq_tandem_live", "program_id", "members_key", unique=True,
              sqlite_where=text("status != 'dissolved'"),
              postgresql_where=text("status != 'dissolved'")),
        # The tick's one query for due sessions: active tandems by due day.
        Index("ix_tandems_due", "program_id", "due_on",
              sqlite_where=text("status = 'active'"), postgresql_where=text("status = 'active'")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(12))  # one_to_one | group | peer | project
    # The current members' person ids, sorted and joined: what `uq_tandem_live` compares.
    members_key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12))  # aggregates/tandem.py
    shared_topics: Mapped[list[str]] = mapped_column(JSON)
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime]
    activated_at: Mapped[datetime | None]
    dissolved_at: Mapped[datetime | None]
    goals: Mapped[list[str]] = mapped_column(JSON)
    cadence_days: Mapped[int] = mapped_column(Integer)
    session_minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str | None] = mapped_column(String(12))  # in_person | video | mixed
    # The project format's shared deliverable (one sentence) and its target date.
    deliverable: Mapped[str | None] = mapped_column(String(300))
    target_date: Mapped[date | None] = mapped_column(Date)
    # Why it ended: a category (see conversations/flows/tandems.py END_REASONS), never free
    # text, so the coordinators' history keeps nothing anyone typed.
    end_reason: Mapped[str | None] = mapped_column(String(20))
    # An open private change request: when, and by which role (mentor | mentee | peer).
    # Only that: the reason typed went to the coordinators in a message and is not kept here.
    change_requested_at: Mapped[datetime | None]
    change_requested_by: Mapped[str | None] = mapped_column(String(10))
    # The session cadence, kept on the row so one indexed query finds what is due:
    # `due_on` is the day the next session is due (None before activation and after the end).
    last_session_on: Mapped[date | None] = mapped_column(Date)
    planned_on: Mapped[date | None] = mapped_column(Date)  # the next session someone planned
    due_on: Mapped[date | None] = mapped_column(Date)
    # Set whenever a member's agreement changes, so that two members agreeing at once
    # collide on this row's version: one of them sees the other's agreement and activates.
    agreed_at: Mapped[datetime | None]
    # Every member said in the final evaluation that they want to go on: the tandem stays
    # active after the program's end (check-ins stop at the end all the same).
    continued_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    members: Mapped[list[TandemMember]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="TandemMember.id")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def members_changed(self, now: datetime) -> None:
        """Bump this row's version even when `agreed_at` already reads `now` (a clock that
        stood still): an unchanged value would otherwise write nothing and collide with
        nobody."""
        self.agreed_at = now
        flag_modified(self, "agreed_at")


class TandemMember(Base):
    """One person in a tandem, with their role and their part of the kick-off agreement."""

    __tablename__ = "tandem_members"
    __table_args__ = (UniqueConstraint("tandem_id", "person_id", name="uq_tandem_member"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tandem_id: Mapped[int] = mapped_column(ForeignKey("tandems.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))  # mentor | mentee | peer
    rules_at: Mapped[datetime | None]  # confirmed the ground rules
    cadence_at: Mapped[datetime | None]  # agreed to the cadence as it stands
    left_at: Mapped[datetime | None]  # left a circle that goes on without them
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012



class SessionRow(Base):
    """One session a tandem held: logged by any member, one per tandem and day.

    Only the facts (day, minutes, what it was about): never private notes.
    """

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("tandem_id", "held_on", name="uq_session_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tandem_id: Mapped[int] = mapped_column(ForeignKey("tandems.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str | None] = mapped_column(String(200))  # a goal, a topic id or a line
    logged_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CheckIn(Base):
    """What the bot asked one member for one due session ("did you meet?", a planned-day
    reminder, a target-date reminder) and what became of it; one row per (tandem, person,
    kind, period), so any number of ticks asks once."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("tandem_id", "person_id", "kind", "period", name="uq_checkin"),
        Index("ix_checkins_open", "tandem_id", sqlite_where=text("closed_at IS NULL"),
              postgresql_where=text("closed_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    tandem_id: Mapped[int] = mapped_column(ForeignKey("tandems.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # checkin | reminder | target
    period: Mapped[date] = mapped_column(Date)  # the due (or planned, or target) day
    asked_at: Mapped[datetime]
    snoozed_until: Mapped[date | None] = mapped_column(Date)  # "not yet": once per period
    # met (a session was logged while it was open) | snoozed | help; NULL: no answer yet
    answer: Mapped[str | None] = mapped_column(String(12))
    # set only when a session was logged (`close_open`): the report counts it as met
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Response(Base):
    """One member's answers to one questionnaire: the retro of one session, the pairing fit,
    the mid-program check-in, the final evaluation. One row per (tandem, person, kind,
    subject), so a session logged twice or any number of ticks asks once.

    Scores and choices are in `answers`; free text only in `answer_texts`, which no
    coordinator view reads (storage/evaluation.py).
    """

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("tandem_id", "person_id", "kind", "subject", name="uq_response"),
        # The tick's one query for reminders: open responses by the time they were asked.
        Index("ix_responses_open", "program_id", "asked_at",
              sqlite_where=text("completed_at IS NULL"),
              postgresql_where=text("completed_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    tandem_id: Mapped[int] = mapped_column(ForeignKey("tandems.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))  # retro | fit | mid | final
    subject: Mapped[str] = mapped_column(String(40))  # "session:12" for a retro, else the kind
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(10))  # the member's role when asked
    ordinal: Mapped[int] = mapped_column(Integer)  # this person's n-th of this kind here
    period: Mapped[date] = mapped_column(Date)  # the day it is about (month of the reports)
    asked_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]  # the one reminder, at most
    completed_at: Mapped[datetime | None]  # finished, or ended with "stop"
    shared_at: Mapped[datetime | None]  # the author shares their free text with the partner
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Answer(Base):
    """One answer of a response: a score, a choice, or that the question was answered in
    free text (the text itself is in `answer_texts`) or skipped."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question", name="uq_answer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(40))  # the question id ("goal:2" per goal)
    number: Mapped[int | None] = mapped_column(Integer)  # a scale's 1…5
    choice: Mapped[str | None] = mapped_column(String(20))  # a choice's value
    skipped: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AnswerText(Base):
    """Free text typed into a questionnaire: private to its author (their partner reads it
    only when the author shares the response). Never read by a coordinator view; deleted
    when its purpose ends."""

    __tablename__ = "answer_texts"
    __table_args__ = (UniqueConstraint("response_id", "question", name="uq_answer_text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(MAX_ANSWER_TEXT))
    answered_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


# The longest quick win (characters): one or two sentences.
MAX_QUICK_WIN = 300


class QuickWin(Base):
    """A quick win a tandem wants to share in the program's channel, from its draft to its
    post. Nothing is posted before every current member approved its current `revision`
    (their `QuickWinConsent`), and, with `[quick_wins] curate`, a coordinator said Post.
    A coordinator's own quick win has no tandem and needs no one else's consent.

    status: open (waiting for approvals) | curating (for a coordinator) | held (a
    coordinator held it) | posting (queued to the channels) | blocked (a channel refused it;
    a retry queues it again) | posted | withdrawn (its text deleted).
    """

    __tablename__ = "quick_wins"
    __table_args__ = (Index("ix_quick_wins_status", "program_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    tandem_id: Mapped[int | None] = mapped_column(
        ForeignKey("tandems.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(MAX_QUICK_WIN))
    topic: Mapped[str | None] = mapped_column(String(60))  # a program topic id
    status: Mapped[str] = mapped_column(String(12))
    # Each edit is a new revision: an approval counts for the revision it was given to.
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    posted_at: Mapped[datetime | None]  # its first channel post went out
    decided_by: Mapped[str | None] = mapped_column(String(200))  # the curating coordinator
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    consents: Mapped[list[QuickWinConsent]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="QuickWinConsent.id")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class QuickWinConsent(Base):
    """One member's say on a quick win: the revision they approved (None: not yet, or the
    text changed since) and whether their name may appear with it."""

    __tablename__ = "quick_win_consents"
    __table_args__ = (UniqueConstraint("quick_win_id", "person_id",
                                       name="uq_quick_win_consent"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    quick_win_id: Mapped[int] = mapped_column(ForeignKey("quick_wins.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    approved_revision: Mapped[int | None] = mapped_column(Integer)
    show_name: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
