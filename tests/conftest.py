"""Shared fixtures: a virtual clock, the example program, and real databases.

Hypothesis runs a quick profile locally and a thorough one under CI=true (or the profile named
in HYPOTHESIS_PROFILE): each property test's own number of examples is scaled by the profile's
factor, so the tests keep their relative weight.

PostgreSQL tests use a real server (TANDEM_TEST_PG, default postgresql://postgres@127.0.0.1:5432/test)
and create and drop their own database, so runs never see each other's data. Without a server
they are skipped with the reason shown; under CI=true they fail instead.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.config import EXAMPLE_PROGRAM, load_program
from conversations.clock import FakeClock
from conversations.core import TandemCore
from conversations.program import Program
from storage.db import Store
from storage.migrate import upgrade
from tests.slack.fake_api import FakeSlackApi

# name → (settings, factor for each test's own max_examples)
HYPOTHESIS_PROFILES = {
    "quick": (hypothesis_settings(max_examples=30, deadline=None), 0.3),
    "ci": (hypothesis_settings(max_examples=300, deadline=None, print_blob=True,
                               suppress_health_check=[HealthCheck.too_slow]), 3.0),
}
for _name, (_profile, _) in HYPOTHESIS_PROFILES.items():
    hypothesis_settings.register_profile(_name, _profile)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI", "").lower() == "true" else "quick")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_report_header() -> str:
    return f"hypothesis profile: {HYPOTHESIS_PROFILE}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test's own `@settings(max_examples=n)` wins over any profile: scale it instead."""
    factor = HYPOTHESIS_PROFILES.get(HYPOTHESIS_PROFILE, (None, 1.0))[1]
    seen: set[int] = set()
    for item in items:
        test = getattr(item, "obj", None)
        chosen = getattr(test, "_hypothesis_internal_use_settings", None)
        if test is None or chosen is None or id(test) in seen:
            continue
        seen.add(id(test))  # parametrized tests share one function: scale it once
        default = hypothesis_settings.default.max_examples
        if chosen.max_examples == default:
            continue  # no number of its own: the profile's applies
        scaled = max(5, round(chosen.max_examples * factor))
        test._hypothesis_internal_use_settings = hypothesis_settings(  # type: ignore[union-attr]
            chosen, max_examples=scaled)


PG_ADMIN_URL = os.environ.get("TANDEM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
COORDINATORS = frozenset({"console:hr", "slack:UCOORD", "teams:coord-aad-id"})


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack-sdk honours HTTPS_PROXY and ignores NO_PROXY: loopback fakes must be reached directly.
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy", "ALL_PROXY",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2027, 1, 20, 9, 0, tzinfo=UTC))


@pytest.fixture
def program() -> Program:
    return replace(load_program(EXAMPLE_PROGRAM), coordinators=COORDINATORS)


async def _pg_admin():  # type: ignore[no-untyped-def]
    import asyncpg

    return await asyncpg.connect(PG_ADMIN_URL, timeout=3)


def _pg_available() -> str | None:
    """None when a server answers, else the reason it does not."""
    async def probe() -> None:
        conn = await _pg_admin()
        await conn.close()

    try:
        asyncio.run(probe())
        return None
    except Exception as exc:
        return f"no PostgreSQL at {PG_ADMIN_URL}: {type(exc).__name__}: {exc}"


_PG_REASON: list[str | None] = []


def pg_skip_reason() -> str | None:
    if not _PG_REASON:
        _PG_REASON.append(_pg_available())
    return _PG_REASON[0]


def _require_pg() -> None:
    reason = pg_skip_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true requires PostgreSQL: {reason}")
        pytest.skip(reason)


def _pg_base() -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated once per run; each test's database is a copy of it
    (CREATE DATABASE … TEMPLATE), so no test pays for the migrations. Dropped at the end."""
    _require_pg()
    name = f"tandem_template_{uuid.uuid4().hex[:12]}"

    async def create() -> None:
        conn = await _pg_admin()
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        store = Store.from_url(f"{_pg_base()}/{name}")
        await upgrade(store.engine)
        await store.close()

    async def drop() -> None:
        conn = await _pg_admin()
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(create())
    try:
        yield name
    finally:
        asyncio.run(drop())


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL database of this test's own, at the newest revision; dropped afterwards."""
    _require_pg()
    yield from _pg_database(request.getfixturevalue("pg_template"))


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A PostgreSQL database with nothing in it yet: for the migrations' own tests."""
    _require_pg()
    yield from _pg_database(None)


def _pg_database(template: str | None) -> Iterator[str]:
    name = f"tandem_test_{uuid.uuid4().hex[:12]}"

    async def create() -> None:
        conn = await _pg_admin()
        copy = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{copy}')
        await conn.close()

    async def drop() -> None:
        conn = await _pg_admin()
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(create())
    try:
        yield f"{_pg_base()}/{name}"
    finally:
        asyncio.run(drop())


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite database migrated to head, copied for each test: running the migrations
    costs about 0.2 s, a copy well under a millisecond (and `upgrade` on a copy is a no-op)."""
    path = tmp_path_factory.mktemp("template") / "tandem.db"

    async def migrate() -> None:
        store = Store.from_url(f"sqlite+aiosqlite:///{path}")
        await upgrade(store.engine)
        await store.close()

    asyncio.run(migrate())
    return path


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    """A SQLite database with nothing in it yet: for the migrations' own tests."""
    return f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """A SQLite database of this test's own, already at the newest revision."""
    path = tmp_path / "tandem.db"
    shutil.copyfile(migrated_sqlite, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run the test on both backends."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db_url(request: pytest.FixtureRequest) -> str:
    """Both backends, with nothing migrated yet."""
    if request.param == "sqlite":
        return request.getfixturevalue("empty_sqlite_url")
    return request.getfixturevalue("empty_pg_url")


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[Store]:
    """A migrated SQLite store (the embedded default)."""
    s = Store.from_url(sqlite_url)
    await upgrade(s.engine)
    yield s
    await s.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackApi]:
    """The local fake of the Slack Web API, on loopback, recording what it was sent."""
    api = FakeSlackApi()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
async def any_store(db_url: str) -> AsyncIterator[Store]:
    """A migrated store on SQLite and on PostgreSQL."""
    s = Store.from_url(db_url)
    await upgrade(s.engine)
    yield s
    await s.close()


@pytest.fixture
async def core(store: Store, program: Program, clock: FakeClock) -> TandemCore:
    c = TandemCore(store, program, clock)
    await c.start()
    return c
