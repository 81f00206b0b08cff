"""Engine, sessions and the unit of work. SQLite is the embedded default, PostgreSQL production."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import URL, event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.repositories import Repositories

DEFAULT_URL = "sqlite+aiosqlite:///tandem.db"


class _WarningsOnly(logging.Filter):
    """SQLAlchemy's engine logs every result row at DEBUG, and aiosqlite every statement
    with its parameters: people's answers, whatever `hide_parameters` says. Only their
    warnings and errors pass, however logging is configured (`--log-level DEBUG` too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


# The loggers that name rows or parameters (a filter acts on its own logger's records).
ROW_LOGGERS = ("sqlalchemy.engine.Engine", "aiosqlite")
for _name in ROW_LOGGERS:
    logging.getLogger(_name).addFilter(_WarningsOnly())


def make_engine(url: str | URL, *, busy_timeout_ms: int = 5000, **kwargs: Any) -> AsyncEngine:
    # hide_parameters: errors must never carry people's answers or text into the logs.
    kwargs.setdefault("hide_parameters", True)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # WAL lets readers run beside the writer; the timeout waits out a busy writer
            # instead of failing; SQLite ignores foreign keys unless asked. synchronous=NORMAL
            # (in WAL mode): a commit survives the process being killed, not a power cut (the
            # last commits may roll back then), and skips the fsync per commit that would cost
            # every Slack ack several milliseconds.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    return engine


class Store:
    """Owns the engine; hands out units of work (one transaction, one set of repositories)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._quick: AsyncEngine | None = None

    @classmethod
    def from_url(cls, url: str) -> Store:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[Repositories]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with self._sessions() as session, session.begin():
            yield Repositories(session)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def quick_engine(self, seconds: float) -> AsyncEngine:
        """A second engine, with its own connections, whose every wait (a connection, a lock,
        a statement) gives up after `seconds`: for work that must answer in time or fail for
        certain (an ack's insert), never queued behind the main pool's longer work. On SQLite
        a locked database fails at once: the caller waits for the lock itself."""
        if self._quick is None:
            ms = int(seconds * 1000)
            if self.dialect == "postgresql":
                self._quick = make_engine(
                    self.engine.url, pool_size=2, max_overflow=2, pool_timeout=seconds,
                    connect_args={"timeout": seconds, "command_timeout": seconds,
                                  "server_settings": {"statement_timeout": str(ms),
                                                      "lock_timeout": str(ms)}})
            else:
                # No busy wait in SQLite: its waits grow to 25–100 ms between tries (a
                # burst of acks stalled 228 ms behind one write); the caller retries finely.
                self._quick = make_engine(self.engine.url, busy_timeout_ms=0,
                                          pool_timeout=seconds)
        return self._quick

    async def close(self) -> None:
        if self._quick is not None:
            await self._quick.dispose()
        await self.engine.dispose()
