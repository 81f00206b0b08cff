"""A throwaway PostgreSQL database per benchmark run, dropped afterwards."""

from __future__ import annotations

import os
import uuid

PG_ADMIN = os.environ.get("TANDEM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


async def create_database() -> str | None:
    """The new database's SQLAlchemy URL, or None (with the reason printed) without a server."""
    try:
        import asyncpg

        conn = await asyncpg.connect(PG_ADMIN, timeout=3)
    except Exception as exc:
        print(f"(PostgreSQL skipped: {type(exc).__name__}: {exc})")
        return None
    name = f"tandem_bench_{uuid.uuid4().hex[:8]}"
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return f"{PG_ADMIN.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+asyncpg://')}/{name}"


async def drop_database(url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN, timeout=3)
    await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await conn.close()
