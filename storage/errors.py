"""What a database error was, read the same way on SQLite and PostgreSQL, never its message.

The messages carry the values of the failing row (PostgreSQL's DETAIL: "Failing row contains
…"), so callers decide and log by constraint name and SQLSTATE only.
"""

from __future__ import annotations

import re

from sqlalchemy import Index, UniqueConstraint
from sqlalchemy.exc import DBAPIError

from storage.models import Base

# PostgreSQL SQLSTATEs that mean "another transaction got in the way; running again may pass".
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")


def _unique_names() -> dict[tuple[str, tuple[str, ...]], str]:
    """(table, columns) → the name PostgreSQL reports, for every unique constraint and index.

    SQLite reports only the columns; unnamed constraints get PostgreSQL's default name
    (`<table>_<columns>_key`), so both backends yield one name per constraint.
    """
    names: dict[tuple[str, tuple[str, ...]], str] = {}
    for table in Base.metadata.tables.values():
        for item in (*table.constraints, *table.indexes):
            if isinstance(item, Index) and not item.unique:
                continue
            if not isinstance(item, (UniqueConstraint, Index)):
                continue
            columns = tuple(c.name for c in item.columns)
            name = item.name if isinstance(item.name, str) else (
                f"{table.name}_{'_'.join(columns)}_key")
            names[(table.name, columns)] = name
    return names


_UNIQUE_NAMES = _unique_names()


UNIQUE_VIOLATION = "23505"


def sqlstate(exc: DBAPIError) -> str | None:
    """PostgreSQL's SQLSTATE, or SQLite's error name (e.g. SQLITE_CONSTRAINT_NOTNULL)."""
    code = (getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
            or getattr(exc.orig, "sqlite_errorname", None))
    return code if isinstance(code, str) else None


def constraint_name(exc: DBAPIError) -> str | None:
    """The name of the unique constraint or index the error violated, as PostgreSQL names it;
    None for any other error (foreign key, NOT NULL, CHECK, trigger)."""
    if sqlstate(exc) == UNIQUE_VIOLATION:
        cause = getattr(exc.orig, "__cause__", None)  # asyncpg's error, wrapped by SQLAlchemy
        name = getattr(cause, "constraint_name", None)
        return name if isinstance(name, str) else None
    if sqlstate(exc) in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"):
        args = getattr(exc.orig, "args", ())
        match = _SQLITE_UNIQUE.search(str(args[0]) if args else "")
        if match:
            qualified = [c.strip().split(".", 1) for c in match[1].split(",")]
            if all(len(q) == 2 for q in qualified):
                table = qualified[0][0]
                return _UNIQUE_NAMES.get((table, tuple(q[1] for q in qualified)))
    return None


def is_transient(exc: DBAPIError) -> bool:
    return sqlstate(exc) in TRANSIENT_SQLSTATES
