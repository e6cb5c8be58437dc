"""From a row's raw values to clean values, or the reason it cannot be stored.

One ``Column`` per native column of ``design/data.md`` (a name, how its value is read, and
whether it must be there); one tuple of them per record kind. ``clean_row`` reads every column,
then checks the order of the row's moments (nothing resolved before it was created). A failure
raises ``Problem(column, reason)``: the pipeline quarantines the row with that column and
reason. Text is kept exactly as it came (HTML, ``<script>``, ``=SUM(...)`` included): it is
data, shown as text, and neutralised in downloads, not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from data_sources.importing.parse_time import BadValue, parse_timestamp
from data_sources.models import AuthorRole, Channel, Status

TITLES = {"mr": "Mr", "mrs": "Mrs", "ms": "Ms", "mx": "Mx", "dr": "Dr"}
TRUE = frozenset({"true", "yes", "1", "y", "t"})
FALSE = frozenset({"false", "no", "0", "n", "f"})
# C0 controls other than tab, newline and carriage return: fine inside a message, not in an id.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FREE_TEXT = frozenset(
    {"text", "description", "comment", "topic", "csat_comment", "customer_name", "tags"}
)


class Problem(Exception):
    """A row that cannot be stored: the column at fault (or None) and the reason."""

    def __init__(self, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Context:
    tz: tzinfo
    now: datetime


Reader = Callable[[Any, Context], Any]


@dataclass(frozen=True, slots=True)
class Text:
    """Text kept as it came, at most ``limit`` characters long (when there is a limit)."""

    limit: int | None = None

    def __call__(self, value: Any, _context: Context) -> str:
        result = value if isinstance(value, str) else str(value)
        if self.limit is not None and len(result) > self.limit:
            raise BadValue(f"longer than {self.limit} characters ({len(result)})")
        return result


@dataclass(frozen=True, slots=True)
class Choice:
    """One of ``options``, whatever its case and surrounding spaces."""

    options: frozenset[str]

    def __call__(self, value: Any, _context: Context) -> str:
        result = str(value).strip().lower()
        if result not in self.options:
            raise BadValue(f"{value!r} is not one of {', '.join(sorted(self.options))}")
        return result


def text(limit: int | None = None) -> Reader:
    return Text(limit)


def choice(options: frozenset[str]) -> Reader:
    return Choice(options)


@dataclass(frozen=True, slots=True)
class Whole:
    """A whole number from ``low`` up to ``high`` (no upper bound when None)."""

    low: int
    high: int | None = None

    def __call__(self, value: Any, _context: Context) -> int:
        if isinstance(value, bool):
            raise BadValue(f"{value!r} is not a whole number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise BadValue(f"{value!r} is not a whole number") from None
        if not number.is_integer():
            raise BadValue(f"{value!r} is not a whole number")
        if number < self.low or (self.high is not None and number > self.high):
            bounds = (
                f"between {self.low} and {self.high}"
                if self.high is not None
                else f"at least {self.low}"
            )
            raise BadValue(f"{value!r} is outside the allowed range ({bounds})")
        return int(number)


def whole(low: int, high: int | None = None) -> Reader:
    return Whole(low, high)


def number(low: float, high: float) -> Reader:
    def read(value: Any, _context: Context) -> float:
        try:
            result = float(value)
        except (TypeError, ValueError):
            raise BadValue(f"{value!r} is not a number") from None
        if not low <= result <= high:
            raise BadValue(f"{value!r} is outside the allowed range ({low:g} to {high:g})")
        return result

    return read


def boolean(value: Any, _context: Context) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise BadValue(f"{value!r} is not true/false, yes/no or 1/0")


def title(value: Any, _context: Context) -> str:
    word = str(value).strip().rstrip(".").lower()
    if word not in TITLES:
        raise BadValue(f"{value!r} is not one of Mr, Mrs, Ms, Mx, Dr")
    return TITLES[word]


def happened(value: Any, context: Context) -> datetime:
    """A moment that has already happened (not in the future)."""
    return parse_timestamp(value, context.tz, now=context.now)


def moment(value: Any, context: Context) -> datetime:
    """A moment that may lie ahead (a promise's due date)."""
    return parse_timestamp(value, context.tz, past=False)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    read: Reader
    required: bool = False


def clean(values: dict[str, Any], columns: tuple[Column, ...], context: Context) -> dict[str, Any]:
    """Each column's clean value (None when empty), or ``Problem`` for the first bad one."""
    result: dict[str, Any] = {}
    for column in columns:
        value = values.get(column.name)
        if isinstance(value, str):
            if CONTROL.search(value):
                if "\x00" in value:
                    raise Problem(column.name, "contains a NUL character (\\x00)")
                if column.name not in FREE_TEXT:
                    raise Problem(column.name, f"contains a control character in {value!r}")
            if not value.strip():
                value = None
        if value is None:
            if column.required:
                raise Problem(column.name, "required value is missing")
            result[column.name] = None
            continue
        try:
            result[column.name] = column.read(value, context)
        except BadValue as error:
            raise Problem(column.name, str(error)) from None
    return result


def in_order(row: dict[str, Any], earlier: str, later: str, what: str) -> None:
    """Refuse a row whose ``later`` moment comes before its ``earlier`` one."""
    first, second = row.get(earlier), row.get(later)
    if first is not None and second is not None and second < first:
        raise Problem(later, f"{what} ({second.isoformat()} before {first.isoformat()})")


CHANNELS = frozenset(str(channel) for channel in Channel)
STATUSES = frozenset(str(status) for status in Status)
AUTHOR_ROLES = frozenset(str(role) for role in AuthorRole)
