"""Writing many rows fast, inside the caller's transaction (``design/performance-notes.md``).

The ORM adds a row at a time, which is far too slow for a million interactions. The bulk
writer takes whole columns (NumPy arrays or lists), with primary keys the caller assigned, and
hands them to the database's fastest path: one ``executemany`` on SQLite, ``COPY ... FROM
STDIN`` on PostgreSQL. It writes on the SQLAlchemy connection's own DBAPI connection, so the
rows commit or roll back with everything else the caller does in that transaction. Because
the ids bypass PostgreSQL's sequences, ``finish()`` moves every sequence it bypassed past the
largest id, or the next ordinary insert would collide.

Timestamps arrive as UTC ``datetime64[us]`` arrays (``NaT`` for none) and are written as text
the column parses: SQLite's stored form (``timestamps.sqlite_text``), or ISO with ``+00`` for
PostgreSQL's ``timestamptz``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
from psycopg import sql
from sqlalchemy import Connection, Table, func, select
from sqlmodel import SQLModel

Column = np.ndarray | Sequence[Any]


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table behind a SQLModel class."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def timestamp_texts(values: np.ndarray, *, dialect: str) -> list[str | None]:
    """UTC ``datetime64`` values as the text ``dialect`` stores; ``NaT`` becomes ``None``."""
    moments = np.asarray(values, dtype="datetime64[us]")
    texts = np.datetime_as_string(moments, unit="us").tolist()
    suffix = "" if dialect == "sqlite" else "+00"
    missing = np.isnat(moments).tolist()
    return [
        None if gone else f"{value[:10]} {value[11:]}{suffix}"
        for value, gone in zip(texts, missing, strict=True)
    ]


def with_nulls(values: np.ndarray, present: np.ndarray) -> list[Any]:
    """``values`` as Python objects, ``None`` where ``present`` is false."""
    return [
        value if keep else None
        for value, keep in zip(values.tolist(), present.tolist(), strict=True)
    ]


class BulkWriter:
    """Writes columns of rows into tables on one connection, in its transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self._bypassed: dict[str, Table] = {}

    def next_id(self, table: Table) -> int:
        """The first free primary key of ``table`` (after the largest one in use)."""
        largest = self.connection.execute(select(func.max(table.c.id))).scalar()
        return int(largest or 0) + 1

    def write(self, table: Table, columns: Mapping[str, Column]) -> int:
        """Insert the rows given column by column; returns how many were written."""
        names = list(columns)
        unknown = [name for name in names if name not in table.c]
        if unknown:
            raise ValueError(f"table {table.name} has no column {', '.join(unknown)}")
        # SQLAlchemy compiles the INSERT's columns in table order, so the values must follow it.
        names = [column.name for column in table.c if column.name in columns]
        prepared = [self._prepare(columns[name]) for name in names]
        lengths = {len(column) for column in prepared}
        if len(lengths) > 1:
            raise ValueError(f"columns of {table.name} differ in length: {sorted(lengths)}")
        if not prepared or not prepared[0]:
            return 0
        rows = list(zip(*prepared, strict=True))
        raw = self.connection.connection.driver_connection
        if raw is None:
            raise RuntimeError("the connection has no open DBAPI connection")
        if self.dialect == "sqlite":
            statement = table.insert().compile(dialect=self.connection.dialect, column_keys=names)
            raw.executemany(str(statement), rows)
        else:
            copy_statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
            )
            with raw.cursor() as cursor, cursor.copy(copy_statement) as copy:
                for row in rows:
                    copy.write_row(row)
        if "id" in names:
            self._bypassed[table.name] = table
        return len(rows)

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here (SQLite needs nothing)."""
        if self.dialect != "postgresql":
            return
        for name, table in sorted(self._bypassed.items()):
            largest = select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery()
            sequence = func.pg_get_serial_sequence(name, "id")
            self.connection.execute(select(func.setval(sequence, largest)))
        self._bypassed.clear()

    def _prepare(self, values: Column) -> list[Any]:
        if isinstance(values, np.ndarray):
            if np.issubdtype(values.dtype, np.datetime64):
                return timestamp_texts(values, dialect=self.dialect)
            python_values: list[Any] = values.tolist()
            return python_values
        return list(values)
