"""Timezone-aware UTC timestamps on both databases.

PostgreSQL keeps them as ``timestamptz``. SQLite has no timestamp type, so they are stored as
fixed-width UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``), which sorts and compares correctly as
text; the UTC offset is implied, never written. Naive datetimes are refused on the way in:
a timestamp without a zone is a guess, and the importers decide the zone explicitly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

SQLITE_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class NaiveTimestampError(ValueError):
    """A datetime without a time zone reached the database layer."""


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; refuses a naive datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveTimestampError(f"timestamp {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC)


def sqlite_text(moment: datetime) -> str:
    """How a timestamp is written in SQLite (used by the bulk writers too)."""
    return utc(moment).strftime(SQLITE_FORMAT)


class UtcDateTime(TypeDecorator[datetime]):
    """A column that always holds and returns timezone-aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        aware = utc(value)
        if dialect.name == "sqlite":
            return aware.replace(tzinfo=None)
        return aware

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
