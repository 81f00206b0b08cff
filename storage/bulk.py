"""Set-based statements whose size is in their parameters, not their text: thousands of rows
or ids in one statement of a fixed number of bind parameters.

The drivers cap a statement at about 32,700 bind parameters (asyncpg 32,767, SQLite 32,766),
so an IN list or a multi-row VALUES of one parameter a value is split into more statements as
a program grows (and compiled anew for each length). Here every column, or the id list, is a
single parameter instead: PostgreSQL gets typed arrays (`unnest`, `= ANY`), SQLite one JSON
array it reads with `json_each`. One statement however many rows, the same statement text
each tick (so it is compiled once), and the values converted by each column's own type, so
what is stored is what an ordinary insert would store.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, ColumnElement, Text, any_, bindparam, cast, func, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect, Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeDecorator, TypeEngine

from storage.dialects import dialect_of


class Encoded(str):
    """A JSON value already encoded (JSON text): `insert_rows` stores it as it is, where it
    would otherwise encode a value itself (thousands of bodies made from one template)."""


def one_of(session: AsyncSession, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """`column IN (values)` with the values in one bind parameter (ints or strings)."""
    if dialect_of(session) == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    listed = func.json_each(bindparam(None, json.dumps(list(values)), type_=Text)
                            ).table_valued("value")
    return column.in_(select(listed.c.value))  # type: ignore[no-any-return]


async def insert_rows(session: AsyncSession, model: Any, columns: Sequence[str],
                      rows: Sequence[Sequence[Any]], returning: Sequence[Any],
                      same: dict[str, Any] | None = None) -> Result[Any]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING `returning` of `rows` (tuples in the order
    of `columns`), in one statement on the unit's connection: only the rows that were new
    come back. `same`: columns whose value every row shares, bound once."""
    table = model.__table__
    connection = await session.connection()
    source = _source(connection.dialect, [table.c[name].type for name in columns], rows)
    source = source.add_columns(*_same(table, same))
    targets = [*columns, *(same or {})]
    if connection.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(table).from_select(targets, source)
    else:
        # WHERE true: SQLite reads "SELECT … ON CONFLICT" as a join's ON without it.
        stmt = sqlite.insert(table).from_select(targets, source.where(true()))
    result: Result[Any] = await connection.execute(
        stmt.on_conflict_do_nothing().returning(*returning))
    return result


async def insert_many(session: AsyncSession, model: Any, columns: Sequence[str],
                      rows: Sequence[Sequence[Any]], same: dict[str, Any] | None = None
                      ) -> None:
    """INSERT … ON CONFLICT DO NOTHING of `rows`, returning nothing, in one statement: on
    PostgreSQL as `insert_rows`; on SQLite one prepared statement the driver runs for each
    row (an executemany: no round trips in an embedded database, and no JSON to parse,
    which costs more than the insert itself for rows the size of a message)."""
    if not rows:
        return
    table = model.__table__
    connection = await session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql":
        source = _source(dialect, [table.c[name].type for name in columns], rows)
        source = source.add_columns(*_same(table, same))
        await connection.execute(postgresql.insert(table).from_select(
            [*columns, *(same or {})], source).on_conflict_do_nothing())
        return
    shared = tuple(_converted(table.c[name].type, dialect, [value])[0]
                   for name, value in (same or {}).items())
    converted = [_converted(table.c[name].type, dialect, [row[i] for row in rows])
                 for i, name in enumerate(columns)]
    names = [*columns, *(same or {})]
    quote = dialect.identifier_preparer
    sql = (f"INSERT INTO {quote.format_table(table)} "
           f"({', '.join(quote.quote(name) for name in names)}) "
           f"VALUES ({', '.join('?' for _ in names)}) ON CONFLICT DO NOTHING")
    await connection.exec_driver_sql(
        sql, [values + shared for values in zip(*converted, strict=True)])


def _same(table: Any, same: dict[str, Any] | None) -> list[Any]:
    """The values every row shares, each bound once as its column's type."""
    return [bindparam(f"same_{name}", value, type_=table.c[name].type).label(name)
            for name, value in (same or {}).items()]


async def rows_source(session: AsyncSession, types: Sequence[TypeEngine[Any]],
                      rows: Sequence[Sequence[Any]]) -> Any:
    """`rows` as a subquery of columns c0, c1, … in one bind parameter a column (SQLite: one
    in all), to join an UPDATE … FROM against."""
    connection = await session.connection()
    return _source(connection.dialect, types, rows).subquery()


def _source(dialect: Dialect, types: Sequence[TypeEngine[Any]], rows: Sequence[Sequence[Any]]
            ) -> Any:
    columns = [[row[i] for row in rows] for i in range(len(types))]
    converted = [_converted(type_, dialect, values)
                 for type_, values in zip(types, columns, strict=True)]
    names = [f"c{i}" for i in range(len(types))]
    if dialect.name == "postgresql":
        arrays = [bindparam(name, values, type_=ARRAY(_array_item(type_)))
                  for name, type_, values in zip(names, types, converted, strict=True)]
        unnested = func.unnest(*arrays).table_valued(*names).render_derived()
        return select(*((_as_json(unnested.c[name]) if _is_json(type_)
                         else unnested.c[name]).label(name)
                        for name, type_ in zip(names, types, strict=True)))
    payload = json.dumps([list(row) for row in zip(*converted, strict=True)])
    each = func.json_each(bindparam("rows", payload, type_=Text)).table_valued("value")
    return select(*(func.json_extract(each.c.value, f"$[{i}]").label(name)
                    for i, name in enumerate(names)))


def _is_json(type_: TypeEngine[Any]) -> bool:
    return isinstance(type_, JSON)


def _as_json(column: ColumnElement[Any]) -> Any:
    return cast(column, JSON)


def _array_item(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    """What the values are sent as: JSON as its text (cast back in the SELECT), a decorated
    type as the type it decorates (its own conversion has been applied already)."""
    if _is_json(type_):
        return Text()
    if isinstance(type_, TypeDecorator):
        impl: TypeEngine[Any] = type_.impl_instance
        return impl
    return type_


def _converted(type_: TypeEngine[Any], dialect: Dialect, values: list[Any]) -> list[Any]:
    """The values as an ordinary insert would bind them: the column type's own bind
    processing for this dialect (JSON serialised, UTC times, SQLite's date strings)."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return values
    if _is_json(type_):
        return [v if isinstance(v, Encoded) else process(v) for v in values]
    # A tick's rows share a few times and days: each distinct one converted once.
    seen: dict[Any, Any] = {}
    out = []
    for v in values:
        try:
            done = seen[v]
        except KeyError:
            done = seen[v] = process(v)
        except TypeError:  # not hashable
            done = process(v)
        out.append(done)
    return out
