"""Database load for the matching benchmark: how long `load_cohort` takes to read a cohort.

Seeds people, enrollments and the HR directory for a synthetic cohort into a fresh SQLite file
and, when a server answers, a fresh PostgreSQL database (dropped afterwards), then times the
flows layer's `load_cohort` (the query and the mapping to candidates), best of three.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import insert

from bench.pgdb import create_database, drop_database
from bot.config import EXAMPLE_PROGRAM, load_program
from conversations.cohort import load_cohort
from conversations.matching import Candidate, OrgChart
from storage.db import Store
from storage.migrate import upgrade
from storage.models import DirectoryEntry, Enrollment, Person

NOW = datetime(2027, 1, 20, 9, tzinfo=UTC)
LEVELS = ("apprentice", "junior", "professional", "senior", "lead", "director", "executive")


async def _seed(store: Store, candidates: list[Candidate], org: OrgChart) -> int:
    async with store.unit() as repos:
        program = await repos.programs.ensure(name="bench", start=NOW.date(), months=6, now=NOW)
        people = [{"key": c.key, "platform": "slack", "platform_user_id": c.key.split(":")[1],
                   "display_name": c.key, "locale": "en-US", "timezone": c.timezone,
                   "created_at": NOW, "updated_at": NOW} for c in candidates]
        await repos.session.execute(insert(Person), people)
        ids = dict((await repos.session.execute(
            Person.__table__.select().with_only_columns(Person.key, Person.id))).all())
        await repos.session.execute(insert(Enrollment), [{
            "program_id": program.id, "person_id": ids[c.key], "role": c.role,
            "topics": sorted(c.topics), "never_match": sorted(c.never_match),
            "department": c.department, "manager": c.manager, "languages": sorted(c.languages),
            "timezone": c.timezone, "level": LEVELS[c.level] if c.level is not None else None,
            "status": "active" if c.available else "paused", "consented_at": NOW,
            "created_at": NOW, "updated_at": NOW} for c in candidates])
        await repos.session.execute(insert(DirectoryEntry), [
            {"person_key": key, "manager_ref": boss, "updated_at": NOW}
            for key, boss in org.managers.items()])
        return program.id


async def time_load(url: str, candidates: list[Candidate], org: OrgChart) -> float:
    store = Store.from_url(url)
    try:
        await upgrade(store.engine)
        program_id = await _seed(store, candidates, org)
        program = replace(load_program(EXAMPLE_PROGRAM), levels=LEVELS)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            async with store.unit() as repos:
                cohort = await load_cohort(repos, program, program_id, NOW)
            best = min(best, time.perf_counter() - start)
            assert len(cohort.candidates) > 0
        return best
    finally:
        await store.close()


async def load_row(size: int, candidates: list[Candidate], org: OrgChart) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_s = await time_load(f"sqlite+aiosqlite:///{tmp}/bench.db", candidates, org)
    url = await create_database()
    pg_s: float | None = None
    if url:
        try:
            pg_s = await time_load(url, candidates, org)
        finally:
            await drop_database(url)
    return {"people": size, "load SQLite s": f"{sqlite_s:.3f}",
            "load PostgreSQL s": f"{pg_s:.3f}" if pg_s is not None else "no server"}
