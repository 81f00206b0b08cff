"""What differs between SQLite and PostgreSQL, for the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    bind = session.bind
    assert bind is not None, "repositories run inside a unit of work"
    return bind.dialect.name


def insert_ignoring_conflict(session: AsyncSession, model: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT on both SQLite and PostgreSQL."""
    return (postgresql if dialect_of(session) == "postgresql" else sqlite).insert(model)
