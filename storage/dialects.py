"""What differs between SQLite and PostgreSQL, for the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

# Rows per INSERT of an executemany: as many as fit; SQLAlchemy's "insertmanyvalues" splits
# further where a driver's parameter limit (about 32,700 on both) requires, so a tick costs
# one statement per few thousand rows.
PAGE = 100_000


def dialect_of(session: AsyncSession) -> str:
    bind = session.bind
    assert bind is not None, "repositories run inside a unit of work"
    return bind.dialect.name


def insert_ignoring_conflict(session: AsyncSession, model: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT on both SQLite and PostgreSQL."""
    return (postgresql if dialect_of(session) == "postgresql" else sqlite).insert(model)
