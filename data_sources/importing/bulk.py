"""Writing many rows at once, as fast as each database allows, with parameters always bound.

SQLite takes ``executemany`` with timestamps already turned into its stored text
(``timestamps.sqlite_text``): the driver then does no per-value work. PostgreSQL takes ``COPY``
for new rows (``design/performance-notes.md``: 163-178 k rows/s against about 30 k for
row-by-row inserts) and ``executemany`` for updates. Table and column names come from the
models, never from a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Connection,
    Row,
    String,
    Table,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    text,
)

from data_sources.timestamps import sqlite_text

# Values per key lookup. The list travels as ONE parameter (a JSON array on SQLite, an array
# on PostgreSQL): profiled at 200 k rows, rendering and parsing IN lists of a thousand
# parameters cost PostgreSQL imports more (about 4 s) than the lookups themselves.
LOOKUP_CHUNK = 5000


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)  # "column" is a reserved word


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not UTC:
            return sqlite_text(value)
        # The stored text of timestamps.sqlite_text, four times faster for a UTC datetime.
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    return value


def _sqlite_rows(rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """The rows with their timestamps as SQLite's stored text, converted column by column
    (profiled at 100 k rows, row by row it cost 6 of 40 CPU-seconds)."""
    if not rows:
        return []
    moments = [
        index for index, value in enumerate(rows[0]) if isinstance(value, datetime) or value is None
    ]
    if not moments:
        return [tuple(row) for row in rows]
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for index in moments:
        columns[index] = [
            value
            if value is None
            # A UTC datetime's ISO text without its "+00:00" is the stored text.
            else value.isoformat(" ", "microseconds")[:26]
            if value.__class__ is datetime and value.tzinfo is UTC
            else _sqlite_value(value)
            for value in columns[index]
        ]
    return list(zip(*columns, strict=True))


def insert(
    connection: Connection,
    table: Table | str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table`` (model or temporary)."""
    name = table if isinstance(table, str) else table.name
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        statement = f'INSERT INTO "{name}" ({_names(columns)}) VALUES ({marks})'  # noqa: S608
        connection.exec_driver_sql(statement, _sqlite_rows(rows))
        return
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{name}" ({_names(columns)}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def update(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Update by id: each row is ``columns`` values followed by the row's id."""
    if not rows:
        return
    sqlite = connection.dialect.name == "sqlite"
    mark = "?" if sqlite else "%s"
    assignments = ", ".join(f'"{column}" = {mark}' for column in columns)
    statement = f'UPDATE "{table.name}" SET {assignments} WHERE id = {mark}'  # noqa: S608
    if sqlite:
        rows = _sqlite_rows(rows)
    connection.exec_driver_sql(statement, list(rows))


def rows_in(
    connection: Connection,
    table: Table,
    column: str,
    values: Iterable[Any],
    columns: Sequence[str],
    **equal: Any,
) -> Iterator[Row[Any]]:
    """The rows of ``table`` whose ``column`` is among ``values`` (and ``equal`` holds)."""
    unique = list(dict.fromkeys(values))
    selected = [table.c[name] for name in columns]
    fixed = [table.c[name] == value for name, value in equal.items()]
    for start in range(0, len(unique), LOOKUP_CHUNK):
        condition = among(connection, table, column, unique[start : start + LOOKUP_CHUNK])
        yield from connection.execute(select(*selected).where(condition, *fixed))


def among(connection: Connection, table: Table, column: str, values: list[Any]) -> Any:
    """``table.column`` is one of ``values`` (text or whole numbers), as one bound parameter."""
    kinds = {type(value) for value in values}
    if kinds not in ({str}, {int}):
        return table.c[column].in_(values)
    kind = String() if kinds == {str} else BigInteger()
    if connection.dialect.name == "sqlite":
        listed = func.json_each(bindparam("among", json.dumps(values), type_=String()))
        return table.c[column].in_(select(literal_column("value")).select_from(listed))
    return table.c[column] == any_(bindparam("among", values, type_=ARRAY(kind)))


class NewIds:
    """Ids for new rows of ``table``, known before they are written.

    PostgreSQL hands them out from the table's own sequence (safe beside other writers); on
    SQLite the import already holds the write lock (its run row is written), so the ids after
    the largest stored one are its own. Knowing them saves reading the new rows back.
    """

    def __init__(self, connection: Connection, table: Table) -> None:
        self.connection = connection
        self.table = table
        self._next: int | None = None

    def take(self, count: int) -> list[int]:
        if count == 0:
            return []
        if self.connection.dialect.name == "postgresql":
            reserved = self.connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"table": self.table.name, "count": count},
            )
            return [int(value) for value in reserved.scalars()]
        if self._next is None:
            largest = self.connection.execute(select(func.max(self.table.c.id))).scalar()
            self._next = int(largest or 0) + 1
        first = self._next
        self._next += count
        return list(range(first, first + count))
