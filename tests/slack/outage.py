"""Real database outages for tests: another process holds SQLite's write lock; PostgreSQL
stops taking connections and the bot's are cut. Nothing of ours is mocked."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy import URL

from tests.conftest import PG_ADMIN_URL

_HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
"""


@asynccontextmanager
async def sqlite_locked(path: str) -> AsyncIterator[None]:
    """Another process holds the write lock until the block ends (a process, waited for
    without blocking: the bot on this loop may be finishing a write of its own)."""
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _HOLD_LOCK, path, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert (await asyncio.wait_for(holder.stdout.readline(), 30)).strip() == b"locked"
        yield
    finally:
        holder.stdin.close()
        await asyncio.wait_for(holder.wait(), 30)


@asynccontextmanager
async def postgres_down(name: str) -> AsyncIterator[None]:
    admin = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = $1 AND pid <> pg_backend_pid()", name)
        yield
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()


@asynccontextmanager
async def outage(url: URL) -> AsyncIterator[None]:
    assert url.database
    if url.get_backend_name() == "sqlite":
        async with sqlite_locked(url.database):
            yield
    else:
        async with postgres_down(url.database):
            yield
