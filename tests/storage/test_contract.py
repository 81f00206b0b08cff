"""One storage contract, run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from storage.db import Store
from storage.errors import constraint_name
from storage.migrate import current_revision
from storage.models import ConversationState, Enrollment, Person, Tandem, TandemMember

NOW = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)


async def test_migrations_create_every_table(any_store: Store) -> None:
    async with any_store.engine.connect() as conn:
        tables = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    assert {"people", "programs", "enrollments", "conversation_states", "addresses",
            "processed_events", "outbox", "alembic_version"} <= tables
    assert await current_revision(any_store.engine) is not None


async def test_people_keep_unicode_and_aware_times(any_store: Store) -> None:
    async with any_store.unit() as repos:
        await repos.people.upsert(key="teams:ä-ö-ü/ß:1", platform="teams",
                                  platform_user_id="ä-ö-ü/ß:1", display_name="Jürgen Größe",
                                  locale="de-DE", timezone="Europe/Berlin", now=NOW)
    async with any_store.unit() as repos:
        person = await repos.people.by_key("teams:ä-ö-ü/ß:1")
        assert person is not None and person.display_name == "Jürgen Größe"
        assert person.created_at == NOW and person.created_at.tzinfo is not None
        # A later upsert updates, never duplicates, and keeps what the platform did not send.
        await repos.people.upsert(key="teams:ä-ö-ü/ß:1", platform="teams",
                                  platform_user_id="ä-ö-ü/ß:1", now=NOW + timedelta(days=1))
    async with any_store.unit() as repos:
        assert await repos.people.count() == 1
        person = await repos.people.by_key("teams:ä-ö-ü/ß:1")
        assert person is not None and person.locale == "de-DE"


async def _enrol(store: Store, key: str) -> None:
    async with store.unit() as repos:
        program = await repos.programs.ensure(name="P", start=date(2027, 1, 1), months=6,
                                              now=NOW)
        person = await repos.people.upsert(key=key, platform="slack", platform_user_id=key,
                                           now=NOW)
        await repos.enrollments.add(Enrollment(
            program_id=program.id, person_id=person.id, role="mentor", topics=["ai"],
            languages=["de"], timezone="Europe/Berlin", status="active", created_at=NOW,
            updated_at=NOW))


async def test_one_enrollment_per_person_and_program(any_store: Store) -> None:
    await _enrol(any_store, "slack:U1")
    with pytest.raises(IntegrityError):
        await _enrol(any_store, "slack:U1")
    async with any_store.unit() as repos:
        program = await repos.programs.ensure(name="P", start=date(2027, 1, 1), months=6,
                                              now=NOW)
        assert len(await repos.enrollments.all_in(program.id)) == 1


async def test_constraint_names_read_the_same_on_both_backends(any_store: Store) -> None:
    """The core tells a concurrent duplicate from a bug by these names, never by a message."""
    await _enrol(any_store, "slack:U1")
    async with any_store.unit() as repos:
        program = await repos.programs.ensure(name="P", start=date(2027, 1, 1), months=6,
                                              now=NOW)
        one = await repos.people.by_key("slack:U1")
        two = await repos.people.upsert(key="slack:U2", platform="slack",
                                        platform_user_id="U2", now=NOW)
        assert one is not None
        ids = program.id, one.id, two.id

    def tandem(**changes: Any) -> Tandem:
        people = changes.pop("people", (ids[1], ids[2]))
        fields: dict[str, Any] = dict(
            program_id=ids[0], format="one_to_one", members_key=f"{ids[1]},{ids[2]}",
            status="kickoff", shared_topics=[], approved_by="x", approved_at=NOW,
            goals=["private goal"], cadence_days=14, session_minutes=45)
        row = Tandem(**(fields | changes))
        roles = ("mentor", "mentee")
        row.members = [TandemMember(person_id=p, role=r)
                       for p, r in zip(people, roles, strict=True)]
        return row

    cases: list[tuple[list[Any], str | None]] = [
        ([tandem(), tandem()], "uq_tandem_live"),
        ([tandem(status="dissolved"), tandem(status="dissolved")], ""),  # allowed: no error
        ([Person(key="slack:U1", platform="slack", platform_user_id="U1", created_at=NOW,
                 updated_at=NOW)], "people_key_key"),
        ([Enrollment(program_id=ids[0], person_id=ids[1], role="mentee", topics=[],
                     languages=[], timezone="UTC", status="active", created_at=NOW,
                     updated_at=NOW)], "uq_enrollment_person"),
        ([ConversationState(person_key="k", flow="f", step="s", data={}, updated_at=NOW),
          ConversationState(person_key="k", flow="f", step="s", data={}, updated_at=NOW)],
         "uq_state_person_flow"),
        ([tandem(people=(999_999, ids[2]))], None),  # a foreign key: no unique constraint
        ([tandem(people=(ids[1], ids[1]))], "uq_tandem_member"),
        ([tandem(status=None)], None),  # NOT NULL: a bug
    ]
    for rows, expected in cases:
        try:
            async with any_store.unit() as repos:
                repos.session.add_all(rows)
                await repos.session.flush()
                raise _RolledBack
        except IntegrityError as exc:
            assert constraint_name(exc) == expected, rows
        except _RolledBack:
            assert expected == "", rows


class _RolledBack(Exception):
    pass


async def test_state_version_rejects_a_lost_update(any_store: Store) -> None:
    async with any_store.unit() as repos:
        await repos.states.put("slack:U1", "signup", "form_open", {}, NOW)
    # Two replicas read the same state, both try to move it on: the second must fail.
    async with any_store.session() as a, any_store.session() as b:
        from storage.repositories import StateRepository

        state_a = await StateRepository(a).get("slack:U1", "signup")
        state_b = await StateRepository(b).get("slack:U1", "signup")
        assert state_a is not None and state_b is not None
        state_a.step = "enrolled"
        await a.commit()
        state_b.step = "cancelled"
        with pytest.raises(StaleDataError):
            await b.commit()
    async with any_store.unit() as repos:
        state = await repos.states.get("slack:U1", "signup")
        assert state is not None and (state.step, state.version) == ("enrolled", 2)


async def test_event_ids_are_first_time_once_even_concurrently(any_store: Store) -> None:
    async def attempt() -> bool:
        async with any_store.unit() as repos:
            return await repos.events.first_time("slack", "Ev123", NOW)

    results = await asyncio.gather(*(attempt() for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    async with any_store.unit() as repos:
        assert await repos.events.first_time("teams", "Ev123", NOW)  # scoped by platform


async def test_outbox_enqueue_is_idempotent_and_claims_lease(any_store: Store) -> None:
    body = {"type": "text", "markdown": "Grüße"}
    lease = timedelta(minutes=2)
    async with any_store.unit() as repos:
        assert await repos.outbox.enqueue("k1", "slack:U1", body, NOW)
        assert not await repos.outbox.enqueue("k1", "slack:U1", body, NOW)
        assert await repos.outbox.enqueue("k2", "slack:U2", body, NOW)
    async with any_store.unit() as repos:
        first = await repos.outbox.claim_next("slack", NOW, lease)
        assert first is not None and first.dedupe_key == "k1"
        assert first.body == body and first.attempts == 1
        second = await repos.outbox.claim_next("slack", NOW, lease)
        assert second is not None and second.dedupe_key == "k2"
        assert await repos.outbox.claim_next("teams", NOW, lease) is None
    async with any_store.unit() as repos:  # leased: nobody else gets them
        assert await repos.outbox.claim_next("slack", NOW + timedelta(minutes=1), lease) is None
        await repos.outbox.mark_sent(first.id, NOW)
    async with any_store.unit() as repos:  # the lease ran out: only the unsent one comes back
        again = await repos.outbox.claim_next("slack", NOW + timedelta(minutes=3), lease)
        assert again is not None and again.dedupe_key == "k2"
        assert await repos.outbox.drop_for("slack:U2") == 1
        assert await repos.outbox.pending() == []


async def test_concurrent_claimers_never_share_a_message(any_store: Store) -> None:
    async with any_store.unit() as repos:
        for i in range(40):
            await repos.outbox.enqueue(f"k{i}", "slack:U1", {"type": "text", "markdown": "x"},
                                       NOW)

    async def claimer() -> list[str]:
        got: list[str] = []
        while True:
            async with any_store.unit() as repos:
                message = await repos.outbox.claim_next("slack", NOW, timedelta(minutes=5))
            if message is None:
                return got
            got.append(message.dedupe_key)

    results = await asyncio.gather(*(claimer() for _ in range(4)))
    every = [k for r in results for k in r]
    assert sorted(every) == sorted(f"k{i}" for i in range(40))  # each exactly once


async def test_addresses_are_replaced_not_duplicated(any_store: Store) -> None:
    async with any_store.unit() as repos:
        await repos.addresses.remember("teams:a", "teams", {"serviceUrl": "one"}, NOW)
        await repos.addresses.remember("teams:a", "teams", {"serviceUrl": "two"}, NOW)
    async with any_store.unit() as repos:
        assert await repos.addresses.reference("teams:a") == {"serviceUrl": "two"}
        assert await repos.addresses.reference("teams:nobody") is None


async def test_ping(any_store: Store) -> None:
    assert await any_store.ping()
    broken = Store.from_url("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert not await broken.ping()
    await broken.close()
