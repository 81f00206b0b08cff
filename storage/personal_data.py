"""Personal data: what each table holds about a person, one person's export, their erasure,
and the retention purge.

`INVENTORY` classifies every table and every column of `storage/models.py`; a test fails
when a table or column appears that it does not classify, so a new table cannot be left out
of `my data`, `forget me` or docs/privacy.md. The kinds of column:

- `key`: row ids, foreign keys, versions, states and times: no content of their own
- `person`: names the person (people.id, a person key, a platform id, an e-mail address)
- `profile`: what the platform or the person told us about them (name, language, hours)
- `answer`: a sign-up answer or a category they chose (topics, department, a score)
- `text`: something typed in their own words (free text, goals, a quick win)
- `others`: names or keys of other people (a coordinator, a partner, a manager)
- `message`: a message's body (to be sent, or a received request until it is processed)

Nothing here decides who may see what: the flows ask (`my data` for oneself only).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, cast, delete, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.inbox import InboxRepository
from storage.models import (
    Address,
    Answer,
    AnswerText,
    Base,
    CheckIn,
    ConversationState,
    DirectoryEntry,
    Enrollment,
    InboxItem,
    MatchRun,
    OutboxMessage,
    Person,
    ProcessedEvent,
    ProposedPair,
    QuickWin,
    QuickWinConsent,
    RejectedPair,
    Response,
    SessionRow,
    Tandem,
    TandemMember,
)
from storage.quick_wins import post_keys

KEY, PERSON, PROFILE, ANSWER, TEXT, OTHERS, MESSAGE = (
    "key", "person", "profile", "answer", "text", "others", "message")
# A person key after erasure: a random token, no name, no platform id (`is_erased`).
ERASED = "erased"


@dataclass(frozen=True)
class Holds:
    """How one table relates to a person (plain words, also in docs/privacy.md), and the
    kind of each of its columns."""
    relation: str
    columns: dict[str, str] = field(default_factory=dict)


_MEMBER = {"id": KEY, "version": KEY, "created_at": KEY, "updated_at": KEY}

INVENTORY: dict[str, Holds] = {
    "people": Holds("the person themself: one row per platform account", {
        **_MEMBER, "key": PERSON, "platform": KEY, "platform_user_id": PERSON,
        "workspace_id": PROFILE, "display_name": PROFILE, "locale": PROFILE,
        "timezone": PROFILE, "hours_start": PROFILE, "hours_end": PROFILE,
        "work_days": PROFILE}),
    "programs": Holds("no personal data: the program's name, start and length", {
        "id": KEY, "name": KEY, "start": KEY, "months": KEY, "created_at": KEY}),
    "enrollments": Holds("the person's sign-up (person_id)", {
        **_MEMBER, "program_id": KEY, "person_id": PERSON, "role": ANSWER, "topics": ANSWER,
        "wants": ANSWER, "never_match": OTHERS, "department": ANSWER, "manager": OTHERS,
        "languages": ANSWER, "timezone": ANSWER, "level": ANSWER, "status": KEY,
        "paused_until": ANSWER, "paused_from": ANSWER, "consented_at": KEY,
        "withdrawn_at": KEY}),
    "conversation_states": Holds("a half-finished conversation of the person (person_key)", {
        "id": KEY, "version": KEY, "updated_at": KEY, "person_key": PERSON, "flow": KEY,
        "step": KEY, "data": TEXT}),
    "addresses": Holds("how to reach the person on their platform (person_key)", {
        "id": KEY, "updated_at": KEY, "person_key": PERSON, "platform": KEY,
        "reference": PROFILE}),
    "processed_events": Holds("no person: delivery ids of the platforms, kept one hour", {
        "platform": KEY, "event_id": KEY, "received_at": KEY}),
    "outbox": Holds("messages to the person (person_key, group_keys); bodies deleted once "
                    "sent", {
        "id": KEY, "dedupe_key": OTHERS, "kind": KEY, "platform": KEY, "person_key": PERSON,
        "group_keys": OTHERS, "body": MESSAGE, "created_at": KEY, "lease_until": KEY,
        "next_attempt_at": KEY, "attempts": KEY, "last_error": KEY, "sent_at": KEY,
        "failed_at": KEY, "failed_reason": KEY}),
    "inbox": Holds("requests from Slack until processed (the body, deleted when done; no "
                   "person column)", {
        "id": KEY, "platform": KEY, "dedupe_key": KEY, "kind": KEY, "body": MESSAGE,
        "received_at": KEY, "lease_until": KEY, "attempts": KEY, "done_at": KEY,
        "failed_reason": KEY}),
    "directory": Holds("what HR imported about the person (person_key, email)", {
        "id": KEY, "version": KEY, "updated_at": KEY, "person_key": PERSON, "email": PERSON,
        "name": PROFILE, "department": PROFILE, "manager_ref": OTHERS, "cost_center": PROFILE,
        "level": PROFILE}),
    "match_runs": Holds("a coordinator's matching round (created_by; unmatched people by "
                        "key)", {
        "id": KEY, "version": KEY, "program_id": KEY, "created_by": OTHERS, "created_at": KEY,
        "status": KEY, "unmatched": OTHERS}),
    "proposed_pairs": Holds("a proposal naming its members by key", {
        "id": KEY, "version": KEY, "run_id": KEY, "members": OTHERS, "score": KEY,
        "explanation": ANSWER, "status": KEY}),
    "rejected_pairs": Holds("a pair never to be proposed again (both keys)", {
        "id": KEY, "program_id": KEY, "mentor_key": OTHERS, "mentee_key": OTHERS,
        "rejected_by": OTHERS, "rejected_at": KEY}),
    "tandems": Holds("a tandem the person is a member of (through tandem_members)", {
        **{k: KEY for k in _MEMBER if k != "created_at" and k != "updated_at"},
        "program_id": KEY, "format": KEY, "members_key": KEY, "status": KEY,
        "shared_topics": ANSWER, "approved_by": OTHERS, "approved_at": KEY,
        "activated_at": KEY, "dissolved_at": KEY, "goals": TEXT, "cadence_days": KEY,
        "session_minutes": KEY, "mode": KEY, "deliverable": TEXT, "target_date": KEY,
        "end_reason": KEY, "change_requested_at": KEY, "change_requested_by": KEY,
        "last_session_on": KEY, "planned_on": KEY, "due_on": KEY, "agreed_at": KEY,
        "continued_at": KEY}),
    "tandem_members": Holds("the person's membership of a tandem (person_id)", {
        "id": KEY, "version": KEY, "tandem_id": KEY, "person_id": PERSON, "role": ANSWER,
        "rules_at": KEY, "cadence_at": KEY, "left_at": KEY}),
    "sessions": Holds("a session of the person's tandem (tandem_id, logged_by)", {
        **_MEMBER, "tandem_id": KEY, "held_on": KEY, "minutes": KEY, "topic": TEXT,
        "logged_by": PERSON}),
    "checkins": Holds("a question the bot asked the person about a session (person_id)", {
        "id": KEY, "version": KEY, "tandem_id": KEY, "person_id": PERSON, "kind": KEY,
        "period": KEY, "asked_at": KEY, "snoozed_until": ANSWER, "answer": ANSWER,
        "closed_at": KEY}),
    "responses": Holds("one questionnaire the person was asked (person_id)", {
        "id": KEY, "version": KEY, "program_id": KEY, "tandem_id": KEY, "person_id": PERSON,
        "kind": KEY, "subject": KEY, "session_id": KEY, "role": ANSWER, "ordinal": KEY,
        "period": KEY, "asked_at": KEY, "reminded_at": KEY, "completed_at": KEY,
        "shared_at": KEY}),
    "answers": Holds("the person's scores and choices (through responses)", {
        "id": KEY, "version": KEY, "response_id": KEY, "question": KEY, "number": ANSWER,
        "choice": ANSWER, "skipped": ANSWER, "answered_at": KEY}),
    "answer_texts": Holds("the person's free-text answers (through responses)", {
        "id": KEY, "version": KEY, "response_id": KEY, "question": KEY, "text": TEXT,
        "answered_at": KEY}),
    "quick_wins": Holds("a quick win of the person's tandem, or their own (author_id)", {
        **_MEMBER, "program_id": KEY, "tandem_id": KEY, "author_id": PERSON, "text": TEXT,
        "topic": ANSWER, "status": KEY, "revision": KEY, "posted_at": KEY,
        "decided_by": OTHERS}),
    "quick_win_consents": Holds("the person's approval of a quick win (person_id)", {
        "id": KEY, "version": KEY, "updated_at": KEY, "quick_win_id": KEY,
        "person_id": PERSON, "approved_revision": ANSWER, "show_name": ANSWER}),
}


def unclassified() -> list[str]:
    """Tables and columns of the models that `INVENTORY` does not classify (and stale ones)."""
    missing = []
    for name, table in Base.metadata.tables.items():
        holds = INVENTORY.get(name)
        if holds is None:
            missing.append(name)
            continue
        columns = {c.name for c in table.columns}
        missing += [f"{name}.{c}" for c in sorted(columns - holds.columns.keys())]
        missing += [f"{name}.{c} (no such column)"
                    for c in sorted(holds.columns.keys() - columns)]
    missing += [f"{n} (no such table)" for n in INVENTORY if n not in Base.metadata.tables]
    return missing


def is_erased(person: Person) -> bool:
    return person.platform == ERASED


# --- my data ------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Base, *skip: str) -> dict[str, Any]:
    table = obj.__table__
    return {c.name: _plain(getattr(obj, c.key)) for c in table.columns if c.name not in skip}


async def export(session: AsyncSession, person_id: int) -> dict[str, Any]:
    """Everything stored about one person, by table, as plain JSON values: their own rows in
    full (their free text included); other people only by display name, never their
    answers or text."""
    person = await session.get(Person, person_id)
    if person is None:
        return {}
    key = person.key
    out: dict[str, Any] = {"people": [_row(person, "version")]}
    out["enrollments"] = [_row(e, "version") for e in await session.scalars(
        select(Enrollment).where(Enrollment.person_id == person_id).order_by(Enrollment.id))]
    memberships = list(await session.scalars(
        select(TandemMember).where(TandemMember.person_id == person_id)
        .order_by(TandemMember.id)))
    # A circle they left goes on without them: what the others log, draft or agree after
    # that is theirs, not the leaver's. Of such a circle the export holds the membership
    # (its dates), the tandem's id and format, and only what the leaver logged or drafted.
    left = {m.tandem_id: m.left_at for m in memberships if m.left_at is not None}
    tandem_ids = [m.tandem_id for m in memberships if m.tandem_id not in left]
    tandems = list(await session.scalars(
        select(Tandem).where(Tandem.id.in_(tandem_ids)).order_by(Tandem.id)))
    others = [m for t in tandems for m in t.members if m.person_id != person_id]
    names = {p.id: p.display_name for p in await session.scalars(
        select(Person).where(Person.id.in_([m.person_id for m in others])))}
    out["tandems"] = [
        {**_row(t, "version", "members_key", "approved_by"),
         "partners": [{"display_name": names.get(m.person_id), "role": m.role}
                      for m in t.members if m.person_id != person_id]}
        for t in tandems]
    out["tandems"] += [{"id": t.id, "program_id": t.program_id, "format": t.format,
                        "left_at": _plain(left[t.id])}
                       for t in await session.scalars(select(Tandem).where(
                           Tandem.id.in_(list(left))).order_by(Tandem.id))]
    out["tandems"].sort(key=lambda t: t["id"])
    out["tandem_members"] = [_row(m, "version") for m in memberships]
    out["sessions"] = [{**_row(s, "version", "logged_by"),
                        "logged_by_me": s.logged_by == person_id}
                       for s in await session.scalars(
                           select(SessionRow).where(or_(
                               SessionRow.tandem_id.in_(tandem_ids),
                               SessionRow.tandem_id.in_(list(left))
                               & (SessionRow.logged_by == person_id)))
                           .order_by(SessionRow.held_on))]
    out["checkins"] = [_row(c, "version") for c in await session.scalars(
        select(CheckIn).where(CheckIn.person_id == person_id).order_by(CheckIn.id))]
    responses = list(await session.scalars(
        select(Response).where(Response.person_id == person_id).order_by(Response.id)))
    response_ids = [r.id for r in responses]
    out["responses"] = [_row(r, "version") for r in responses]
    out["answers"] = [_row(a, "version") for a in await session.scalars(
        select(Answer).where(Answer.response_id.in_(response_ids)).order_by(Answer.id))]
    # Their own free text only: the responses above are theirs (person_id), no one else's.
    out["answer_texts"] = [_row(a, "version") for a in await session.scalars(
        select(AnswerText).where(AnswerText.response_id.in_(response_ids))
        .order_by(AnswerText.id))]
    wins = list(await session.scalars(select(QuickWin).where(or_(
        QuickWin.author_id == person_id, QuickWin.tandem_id.in_(tandem_ids)))
        .order_by(QuickWin.id)))
    out["quick_wins"] = [{**_row(w, "version", "decided_by", "author_id"),
                          "authored_by_me": w.author_id == person_id} for w in wins]
    out["quick_win_consents"] = [_row(c, "version") for w in wins for c in w.consents
                                 if c.person_id == person_id]
    out["conversation_states"] = [_row(s, "version") for s in await session.scalars(
        select(ConversationState).where(ConversationState.person_key == key))]
    out["addresses"] = [_row(a) for a in await session.scalars(
        select(Address).where(Address.person_key == key))]
    out["outbox"] = [_row(m, "lease_until", "group_keys", "dedupe_key")
                     for m in await session.scalars(select(OutboxMessage).where(
                         OutboxMessage.person_key == key).order_by(OutboxMessage.id))]
    out["directory"] = [_row(d, "version", "manager_ref") for d in await session.scalars(
        select(DirectoryEntry).where(DirectoryEntry.person_key == key))]
    runs = list(await session.scalars(select(MatchRun).order_by(MatchRun.id)))
    out["match_runs"] = [{"id": r.id, "created_at": _plain(r.created_at),
                          "unmatched": [u for u in r.unmatched if u.get("key") == key]}
                         for r in runs if any(u.get("key") == key for u in r.unmatched)]
    pairs = await session.scalars(select(ProposedPair).order_by(ProposedPair.id))
    out["proposed_pairs"] = [{"id": p.id, "run_id": p.run_id, "status": p.status,
                              "score": p.score,
                              "my_role": next(r for k, r in p.members if k == key)}
                             for p in pairs if key in p.keys()]
    out["rejected_pairs"] = [{"id": r.id, "rejected_at": _plain(r.rejected_at)}
                             for r in await session.scalars(select(RejectedPair).where(
                                 or_(RejectedPair.mentor_key == key,
                                     RejectedPair.mentee_key == key)))]
    return out


def export_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()


# --- forget me ----------------------------------------------------------------------------

def _swap(value: Any, old: str, new: str) -> Any:
    """`value` (JSON) with every string equal to `old` replaced by `new`."""
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list):
        return [_swap(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, old, new) for k, v in value.items()}
    return value


async def erase(session: AsyncSession, person: Person, tandem_ids: list[int]) -> str:
    """Erase what names the person and what they typed; returns their tombstone key.

    Run after the person left (their enrollment withdrawn, their tandems ended and the
    partners told: the flows' leave path). What stays is anonymous: the people row as a
    tombstone (a random key, no name, no platform id) so that counts of sign-ups,
    sessions, check-ins, scores and choices still add up; nothing links it to the person.
    The person's own version moves: two erasures at once collide, and one of them wins.
    """
    key, pid = person.key, person.id
    entries = (await session.execute(select(DirectoryEntry.email, DirectoryEntry.name).where(
        DirectoryEntry.person_key == key))).all()
    emails = [e for e, _ in entries if e]
    # How messages and records name them: by key and platform id (`person_name` falls back
    # to the bare id when there is no display name), and by name: their display name and
    # HR's name for them. A name someone else also has does not point at them alone.
    ids = {key, person.platform_user_id, key.split(":", 1)[-1]} - {""}
    names = {n for n in (person.display_name, *(n for _, n in entries)) if n}
    shared = {*await session.scalars(select(Person.display_name).where(
        Person.display_name.in_(names), Person.id != pid)),
        *await session.scalars(select(DirectoryEntry.name).where(
            DirectoryEntry.name.in_(names), DirectoryEntry.person_key != key))}
    partners = set(await session.scalars(select(Person.key).join(
        TandemMember, TandemMember.person_id == Person.id).where(
        TandemMember.tandem_id.in_(tandem_ids), Person.id != pid)))
    token = secrets.token_hex(12)
    tomb = f"{ERASED}:{token}"
    person.key, person.platform, person.platform_user_id = tomb, ERASED, token
    person.workspace_id = person.display_name = person.locale = person.timezone = None
    person.hours_start = person.hours_end = None
    person.work_days = None
    await session.flush()  # the version check: a second erasure at once fails here

    # Nobody reminds a tombstone of a questionnaire it will never answer (a circle that goes
    # on stays active); asked and answered stay as they were, so the rates do not move.
    await session.execute(update(Response).where(
        Response.person_id == pid, Response.completed_at.is_(None),
        Response.reminded_at.is_(None)).values(reminded_at=Response.asked_at,
                                               version=Response.version + 1)
        .execution_options(synchronize_session=False))
    # Their own typed text: free-text answers, goals, deliverables, session topics. A
    # tandem that ended with them (they were a member to its end) loses its goals,
    # deliverable, session topics and unposted drafts: no one goes on with them. A circle
    # that goes on without them keeps what is the circle's: its goals and deliverable (the
    # members' shared agreement, even if they typed it), the others' session topics and
    # drafts; only the topics they logged and the drafts they wrote go.
    response_ids = select(Response.id).where(Response.person_id == pid).scalar_subquery()
    await session.execute(delete(AnswerText).where(AnswerText.response_id.in_(response_ids)))
    left = set(await session.scalars(select(TandemMember.tandem_id).where(
        TandemMember.person_id == pid, TandemMember.left_at.is_not(None))))
    ended = [t.id for t in await session.scalars(select(Tandem).where(
        Tandem.id.in_(tandem_ids), Tandem.status == "dissolved")) if t.id not in left]
    for tandem in await session.scalars(select(Tandem).where(Tandem.id.in_(ended))):
        tandem.goals, tandem.shared_topics, tandem.deliverable = [], [], None
    await session.execute(update(SessionRow).where(SessionRow.tandem_id.in_(ended))
                          .values(topic=None))
    await session.execute(update(SessionRow).where(SessionRow.logged_by == pid)
                          .values(logged_by=None, topic=None))
    # Quick wins: their consents say "no name"; what was never posted is withdrawn (one on
    # its way too: its posts not yet sent are dropped, so no text goes out after erasure).
    await session.execute(update(QuickWinConsent).where(QuickWinConsent.person_id == pid)
                          .values(show_name=False))
    for win in await session.scalars(select(QuickWin).where(or_(
            QuickWin.author_id == pid, QuickWin.tandem_id.in_(ended)))):
        if win.status == "posting":
            await session.execute(delete(OutboxMessage).where(
                OutboxMessage.dedupe_key.in_(post_keys([win.id])),
                OutboxMessage.sent_at.is_(None)))
            if await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                    OutboxMessage.dedupe_key.in_(post_keys([win.id])))):
                continue  # a post went out already: it is anonymous and public; it stays
        if win.status in ("open", "curating", "held", "blocked", "posting"):
            win.status, win.text = "withdrawn", ""
    # How to reach them, what they were in the middle of, what was queued.
    await session.execute(delete(Address).where(Address.person_key == key))
    await session.execute(delete(ConversationState).where(ConversationState.person_key == key))
    needle = json.dumps(key)[1:-1]
    named = re.compile(rf"(?<![\w]){re.escape(key)}(?![\w])")
    rows = await session.execute(select(OutboxMessage.id, OutboxMessage.dedupe_key,
                                        OutboxMessage.group_keys).where(or_(
        OutboxMessage.dedupe_key.contains(key, autoescape=True),
        cast(OutboxMessage.group_keys, Text).contains(needle, autoescape=True))))
    gone = [i for i, dedupe, group in rows.all()
            if named.search(dedupe) or key in (group or [])]
    await session.execute(delete(OutboxMessage).where(or_(
        OutboxMessage.person_key == key, OutboxMessage.id.in_(gone))))
    # Messages to others not yet sent that name them (a "Mia logged a session" waiting for
    # the partner's working hours, a coordinators' help notice naming **U07ABC**): dropped,
    # they would name someone who is gone. By key or id always; by a name only if no one
    # else has it, or if the message is about them: to one of their partners, or about one
    # of their tandems (its id in the dedupe key, or "#id" in the text).
    body = cast(OutboxMessage.body, Text)
    mentions = [body.contains(needle_, autoescape=True) for text in ids | names
                for needle_ in {json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}]
    waiting = await session.execute(select(
        OutboxMessage.id, OutboxMessage.body, OutboxMessage.dedupe_key,
        OutboxMessage.person_key, OutboxMessage.group_keys).where(
        OutboxMessage.sent_at.is_(None), OutboxMessage.body.is_not(None), or_(*mentions)))

    def word(text: str) -> re.Pattern[str]:  # "Ben" names Ben, "Benachrichtigung" does not
        return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")

    surely = [word(text) for text in ids | (names - shared)]
    maybe = [word(text) for text in names & shared]
    tandem_ref = (re.compile(rf"(?:[:>]({'|'.join(map(str, tandem_ids))})(?=[:>]|$))")
                  if tandem_ids else None)
    tandem_tag = (re.compile(rf"#({'|'.join(map(str, tandem_ids))})(?!\d)")
                  if tandem_ids else None)

    def about_them(text: str, dedupe: str, to: str, group: list[str] | None) -> bool:
        return (to in partners or bool(partners & set(group or []))
                or bool(tandem_ref and tandem_ref.search(dedupe))
                or bool(tandem_tag and tandem_tag.search(text)))

    naming = []
    for i, found, dedupe, to, group in waiting.all():
        text = json.dumps(found, ensure_ascii=False)
        if any(w.search(text) for w in surely) or (
                any(w.search(text) for w in maybe) and about_them(text, dedupe, to, group)):
            naming.append(i)
    await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(naming)))
    # What HR imported about them, and other people's references to them (a manager by
    # name only if the name is theirs alone).
    await session.execute(delete(DirectoryEntry).where(DirectoryEntry.person_key == key))
    refs = [*ids, *emails]
    await session.execute(update(DirectoryEntry).where(DirectoryEntry.manager_ref.in_(refs))
                          .values(manager_ref=None))
    manager_refs = [*refs, *(names - shared)]
    await session.execute(update(Enrollment).where(Enrollment.manager.in_(manager_refs))
                          .values(manager=None))
    for enrollment in await session.scalars(select(Enrollment).where(
            cast(Enrollment.never_match, Text).contains(needle, autoescape=True))):
        enrollment.never_match = [k for k in enrollment.never_match if k != key]
    # Matching's records keep the tombstone instead of their key.
    for run in await session.scalars(select(MatchRun).where(or_(
            MatchRun.created_by == key,
            cast(MatchRun.unmatched, Text).contains(needle, autoescape=True)))):
        run.unmatched = [u for u in run.unmatched if u.get("key") != key]
        if run.created_by == key:
            run.created_by = tomb
    for pair in await session.scalars(select(ProposedPair).where(
            cast(ProposedPair.members, Text).contains(needle, autoescape=True))):
        pair.members = _swap(pair.members, key, tomb)
        pair.explanation = {}
    for column in (RejectedPair.mentor_key, RejectedPair.mentee_key, RejectedPair.rejected_by):
        await session.execute(update(RejectedPair).where(column == key).values({column: tomb}))
    await session.execute(update(Tandem).where(Tandem.approved_by == key)
                          .values(approved_by=tomb))
    await session.execute(update(QuickWin).where(QuickWin.decided_by == key)
                          .values(decided_by=tomb))
    # Other people's half-finished conversations that hold their key (a coordinator's
    # open matching question): ended, they were about someone who is gone.
    await session.execute(delete(ConversationState).where(
        cast(ConversationState.data, Text).contains(needle, autoescape=True)))
    await session.flush()
    return tomb


# --- retention ----------------------------------------------------------------------------

@dataclass
class Purge:
    """What the retention purge deletes (or, in a dry run, would delete), by kind."""
    free_text_answers: int = 0
    sent_messages: int = 0
    processed_events: int = 0
    done_inbox_items: int = 0

    def items(self) -> list[tuple[str, int]]:
        return [("free-text answers", self.free_text_answers),
                ("sent messages", self.sent_messages),
                ("processed event ids", self.processed_events),
                ("done inbox items", self.done_inbox_items)]


async def purge(session: AsyncSession, *, program_id: int, texts_expired: bool,
                sent_before: datetime | None, events_before: datetime,
                inbox_before: datetime, dry_run: bool = False) -> Purge:
    """Delete what is past its retention: the program's free-text answers (once
    `texts_expired`: its end plus `[privacy] retention_days` has passed), sent messages'
    rows sent before `sent_before` (their bodies went when they were sent; None: none, while
    due work may still need their dedupe keys), delivery ids and done inbox items past their
    short windows. Scores and choices (`answers`) stay:
    the evaluation's numbers do not change."""
    texts = AnswerText.response_id.in_(
        select(Response.id).where(Response.program_id == program_id).scalar_subquery())
    sent = (OutboxMessage.sent_at.is_not(None),
            OutboxMessage.sent_at < sent_before if sent_before else false())
    events = ProcessedEvent.received_at < events_before
    inbox = (InboxItem.done_at.is_not(None), InboxItem.received_at < inbox_before)

    if dry_run:
        async def count(model: type[Base], *where: Any) -> int:
            return int(await session.scalar(
                select(func.count()).select_from(model).where(*where)) or 0)

        return Purge(
            free_text_answers=await count(AnswerText, texts) if texts_expired else 0,
            sent_messages=await count(OutboxMessage, *sent) if sent_before else 0,
            processed_events=await count(ProcessedEvent, events),
            done_inbox_items=await count(InboxItem, *inbox))

    async def gone(model: type[Base], *where: Any) -> int:
        """Delete and count in one statement (every tick runs this: no COUNT first)."""
        result = await session.execute(delete(model).where(*where).execution_options(
            synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    result = Purge(
        free_text_answers=await gone(AnswerText, texts) if texts_expired else 0,
        sent_messages=await gone(OutboxMessage, *sent) if sent_before else 0,
        processed_events=await gone(ProcessedEvent, events),
        done_inbox_items=await InboxRepository(session).prune(inbox_before))
    return result


class PersonalDataRepository:
    """The flows' door to the functions above (one unit of work)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def export(self, person_id: int) -> dict[str, Any]:
        return await export(self.session, person_id)

    async def erase(self, person: Person, tandem_ids: list[int]) -> str:
        return await erase(self.session, person, tandem_ids)

    async def purge(self, **cutoffs: Any) -> Purge:
        return await purge(self.session, **cutoffs)

    async def forget_contact(self, person_key: str) -> None:
        """Someone Tandem holds no person for (or no longer): the address and conversation
        states their own event just left behind go too."""
        await self.session.execute(delete(Address).where(Address.person_key == person_key))
        await self.session.execute(delete(ConversationState).where(
            ConversationState.person_key == person_key))

    async def contact_of(self, person_key: str) -> dict[str, Any]:
        """`my data` for someone who never signed up: how to reach them, and their open
        conversations, if any."""
        return {
            "addresses": [_row(a) for a in await self.session.scalars(
                select(Address).where(Address.person_key == person_key))],
            "conversation_states": [_row(s, "version") for s in await self.session.scalars(
                select(ConversationState).where(ConversationState.person_key == person_key))],
        }
