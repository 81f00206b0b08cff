"""Migrations carry existing data forward, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import Store
from storage.migrate import current_revision, upgrade


async def test_upgrade_from_the_first_revision_keeps_enrollments(db_url: str) -> None:
    store = Store.from_url(db_url)
    try:
        await upgrade(store.engine, "0001")
        async with store.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO programs (id, name, start, months, created_at) "
                "VALUES (1, 'P', '2027-01-01', 6, '2027-01-01 00:00:00+00:00')"))
            await conn.execute(text(
                "INSERT INTO people (id, key, platform, platform_user_id, created_at, updated_at)"
                " VALUES (1, 'slack:U1', 'slack', 'U1', '2027-01-01 00:00:00+00:00',"
                " '2027-01-01 00:00:00+00:00')"))
            await conn.execute(text(
                "INSERT INTO enrollments (program_id, person_id, role, topics, languages, "
                "timezone, status, created_at, updated_at) VALUES (1, 1, 'mentor', '[\"ai\"]', "
                "'[\"de\"]', 'Europe/Berlin', 'active', '2027-01-01 00:00:00+00:00', "
                "'2027-01-01 00:00:00+00:00')"))
        await upgrade(store.engine)
        assert await current_revision(store.engine) == "0002"
        async with store.unit() as repos:
            [enrollment] = await repos.enrollments.all_in(1)
            assert enrollment.never_match == [] and enrollment.topics == ["ai"]
        await upgrade(store.engine)  # idempotent: a second serve start changes nothing
    finally:
        await store.close()
