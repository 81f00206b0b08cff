"""storage/bulk.py: thousands of rows or ids in one statement, stored exactly as an ordinary
insert stores them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, insert, select

from storage.bulk import Encoded, insert_many, insert_rows, one_of
from storage.db import Store
from storage.models import CheckIn, OutboxMessage, Person, ProgramRow, Tandem

NOW = datetime(2027, 3, 10, 8, 0, 0, 123456, tzinfo=UTC)
BODY = {"type": "card", "title": "Did you meet? ↔ \ue000Ada\ue001", "sections": ["ä", "\"x\""],
        "buttons": [{"action_id": "sessions.log", "label": "Yes", "value": "7",
                     "style": None}]}
COLUMNS = ("dedupe_key", "kind", "platform", "person_key", "body", "created_at", "attempts",
           "next_attempt_at")


def _row(key: str, not_before: datetime | None) -> tuple[object, ...]:
    return (key, "checkin", "slack", "slack:U1", BODY, NOW, 0, not_before)


async def _raw(store: Store, key: str) -> tuple[object, ...]:
    """What the database holds, as the driver returns it (no SQLAlchemy types)."""
    async with store.engine.connect() as conn:
        row = (await conn.exec_driver_sql(
            "SELECT kind, platform, person_key, body, created_at, attempts, next_attempt_at, "
            "group_keys FROM outbox WHERE dedupe_key = '" + key + "'")).one()
    return tuple(row)


async def test_a_bulk_insert_stores_what_an_ordinary_insert_stores(any_store: Store) -> None:
    later = NOW.astimezone(UTC) + timedelta(hours=3)
    async with any_store.engine.begin() as conn:
        await conn.execute(insert(OutboxMessage), [
            dict(zip(COLUMNS, _row("plain:1", later), strict=True)),
            dict(zip(COLUMNS, _row("plain:2", None), strict=True))])
    async with any_store.unit() as repos:
        result = await insert_rows(repos.session, OutboxMessage, COLUMNS,
                                   [_row("bulk:1", later), _row("bulk:2", None),
                                    _row("plain:1", None)],  # known: skipped
                                   (OutboxMessage.dedupe_key,))
        assert sorted(result.scalars().all()) == ["bulk:1", "bulk:2"]
    seen: list[str] = []
    event.listen(any_store.engine.sync_engine, "before_cursor_execute",
                 lambda *args: seen.append(str(args[2]).split()[0]))
    async with any_store.unit() as repos:  # the same, returning nothing: one statement
        await insert_many(repos.session, OutboxMessage, COLUMNS,
                          [_row("many:1", later), _row("many:2", None), _row("plain:1", None),
                           (*_row("many:3", None)[:4], Encoded(json.dumps(BODY)),
                            *_row("many:3", None)[5:])])
    assert seen == ["INSERT"]
    # Columns every row shares, bound once.
    each = ("dedupe_key", "kind", "platform", "person_key", "body", "next_attempt_at")
    same = {"created_at": NOW, "attempts": 0}
    async with any_store.unit() as repos:
        await insert_rows(repos.session, OutboxMessage, each, [
            ("same:1", "checkin", "slack", "slack:U1", BODY, later)], (OutboxMessage.id,),
            same)
        await insert_many(repos.session, OutboxMessage, each, [
            ("same:2", "checkin", "slack", "slack:U1", BODY, later)], same)
    for key in ("same:1", "same:2"):
        assert await _raw(any_store, key) == await _raw(any_store, "plain:1")
    for key in ("bulk:1", "many:1"):
        assert await _raw(any_store, key) == await _raw(any_store, "plain:1")
    for key in ("bulk:2", "many:2", "many:3"):
        assert await _raw(any_store, key) == await _raw(any_store, "plain:2")
    async with any_store.session() as s:
        stored = await s.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == "bulk:1"))
        assert stored is not None and stored.body == BODY and stored.next_attempt_at == later


async def test_forty_thousand_rows_and_ids_are_one_statement_each(any_store: Store) -> None:
    """Above the drivers' 32,767 bind parameters, as a program of 100,000 tandems needs."""
    async with any_store.engine.begin() as conn:
        program = (await conn.execute(insert(ProgramRow).values(
            name="p", start=date(2027, 1, 4), months=6, created_at=NOW)
            .returning(ProgramRow.id))).scalar_one()
        await conn.execute(insert(Person), [dict(
            id=1, key="slack:U1", platform="slack", platform_user_id="U1", created_at=NOW,
            updated_at=NOW, version=1)])
        await conn.execute(insert(Tandem), [dict(
            id=i, program_id=program, format="one_to_one", members_key=str(i), status="active",
            shared_topics=[], approved_by="x", approved_at=NOW, goals=[], cadence_days=14,
            session_minutes=45, version=1) for i in range(1, 40_001)])
    seen: list[str] = []
    event.listen(any_store.engine.sync_engine, "before_cursor_execute",
                 lambda *args: seen.append(str(args[2]).split()[0]))
    async with any_store.unit() as repos:
        result = await insert_rows(
            repos.session, CheckIn, ("tandem_id", "person_id", "kind", "period", "asked_at",
                                     "version"),
            [(i, 1, "checkin", date(2027, 3, 3), NOW, 1) for i in range(1, 40_001)],
            (CheckIn.tandem_id, CheckIn.period))
        assert len(result.all()) == 40_000
        found = await repos.session.scalars(select(CheckIn.tandem_id).where(
            one_of(repos.session, CheckIn.tandem_id, list(range(2, 40_002)))))
        assert len(found.all()) == 39_999
    assert seen[-2:] == ["INSERT", "SELECT"] and len(seen) <= 4, seen
