"""Validating a batch column by column: the common case at once, every doubt by the row path.

``quick_values`` looks at one column of a whole batch at a time: one search for control
characters over the column joined, one shape check over its timestamps joined, then the
column's reader for each value. A row any column has a doubt about (not text, a control
character, a missing required value, a value its reader refuses, an unusual timestamp) gets
``None`` and goes through ``kinds.clean_record`` as before, so its quarantine column and
reason are exactly the row path's. The clean values of the other rows are the row path's
values too: the same readers, and for timestamps ``datetime.fromisoformat`` of the one shape
(``2026-06-01T09:30:00Z``) where ``parse_time.parse_timestamp`` does nothing more.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from operator import itemgetter
from typing import Any

from data_sources.importing.kinds import KIND_COLUMNS, is_partial
from data_sources.importing.parse_time import EPOCH, FUTURE_TOLERANCE, BadValue
from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.validation import (
    CONTROL,
    Choice,
    Column,
    Context,
    Text,
    Whole,
    happened,
)

# UTC timestamps to the second, one per line: what exports write almost always.
PLAIN_UTC = re.compile(r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\n)*")
NONE = type(None)
WHOLE_DIGITS = 15  # a float holds every whole number of up to 15 digits exactly
TEXT_ONLY = frozenset({str, NONE})


def quick_values(
    rows: list[SourceRow], context: Context, partial_rows: bool
) -> list[dict[str, Any] | None]:
    """Per row: its clean values (before ``finish_record``) or None for the row path."""
    result: list[dict[str, Any] | None] = [None] * len(rows)
    groups: dict[Kind, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.problem is None and not (partial_rows and is_partial(row.kind, row.values)):
            groups[row.kind].append(index)
    for kind, indexes in groups.items():
        columns = KIND_COLUMNS[kind]
        names = [column.name for column in columns]
        records = [rows[index].values for index in indexes]
        raw = _columns(records, names)
        doubts: set[int] = set()
        cleaned = []
        for column, values_in in zip(columns, raw, strict=True):
            values = _column(column, values_in, context)
            if values is None:
                break
            cleaned.append(values[0])
            doubts |= values[1]
        else:
            for position, values in enumerate(zip(*cleaned, strict=True)):
                if position not in doubts:
                    result[indexes[position]] = dict(zip(names, values, strict=True))
    return result


def _columns(records: list[dict[str, Any]], names: list[str]) -> list[list[Any]]:
    """The batch's values column by column; a column a row does not have is empty (None)."""
    have = [name for name in names if name in records[0]]
    found: dict[str, tuple[Any, ...]] = {}
    if len(have) > 1:  # (itemgetter of one name gives the value itself, not a tuple)
        try:
            columns = zip(*map(itemgetter(*have), records), strict=True)
            found = dict(zip(have, columns, strict=True))
        except KeyError:  # rows with different columns (JSON Lines): one value at a time
            found = {}
    if len(found) < len(have):
        found = {name: tuple(record.get(name) for record in records) for name in have}
    nothing = [None] * len(records)
    return [list(found[name]) if name in found else nothing for name in names]


def _column(column: Column, raw: list[Any], context: Context) -> tuple[list[Any], set[int]] | None:
    """A column's clean values and the positions in doubt; None when it is not all text."""
    kinds = set(map(type, raw))
    if not kinds <= TEXT_ONLY:
        return None
    doubts: set[int] = set()
    texts = raw if NONE not in kinds else [value for value in raw if value is not None]
    # Every value there and not blank (the usual column) is told by two C-level passes.
    full = all(raw) and not any(map(str.isspace, raw))
    present = (
        list(range(len(raw)))
        if full
        else [i for i, value in enumerate(raw) if value and not value.isspace()]
    )
    if column.required and len(present) < len(raw):
        doubts.update(i for i, value in enumerate(raw) if not value or value.isspace())
    clean: list[Any] = [None] * len(raw)
    if CONTROL.search("\n".join(texts)):
        doubts.update(i for i, value in enumerate(raw) if value and CONTROL.search(value))
    values = raw if full else [raw[i] for i in present]
    if column.read is happened and _plain_moments(values, context, clean, present):
        return clean, doubts
    if isinstance(column.read, Text | Choice) and _plain_texts(column.read, values):
        if full:
            return list(values), doubts
        for i, value in zip(present, values, strict=True):
            clean[i] = value
        return clean, doubts
    if isinstance(column.read, Whole) and _plain_wholes(column.read, values, clean, present):
        return clean, doubts
    for i, value in zip(present, values, strict=True):
        try:
            clean[i] = column.read(value, context)
        except BadValue:
            doubts.add(i)
    return clean, doubts


def _plain_moments(
    values: list[str], context: Context, clean: list[Any], present: list[int]
) -> bool:
    """Whether all are plain UTC timestamps that have happened (then ``clean`` holds them)."""
    if not values or not PLAIN_UTC.fullmatch("\n".join(values) + "\n"):
        return False
    try:
        moments = list(map(datetime.fromisoformat, values))
    except ValueError:
        return False  # an impossible date: the row path names it
    if max(moments) > context.now + FUTURE_TOLERANCE or EPOCH in moments:
        return False
    for i, moment in zip(present, moments, strict=True):
        clean[i] = moment
    return True


def _plain_wholes(read: Whole, values: list[str], clean: list[Any], present: list[int]) -> bool:
    """Whether all are short runs of ASCII digits within ``read``'s range (then ``clean`` holds
    them): ``int`` of such text is what the row path's ``float`` gives, to 15 digits."""
    if not values or max(map(len, values)) > WHOLE_DIGITS:
        return False
    joined = "".join(values)
    if not (joined.isascii() and joined.isdigit()):
        return False
    numbers = list(map(int, values))
    if min(numbers) < read.low or (read.high is not None and max(numbers) > read.high):
        return False
    for i, number in zip(present, numbers, strict=True):
        clean[i] = number
    return True


def _plain_texts(read: Text | Choice, values: list[str]) -> bool:
    """Whether every value passes ``read`` unchanged: short enough, or an option as written."""
    if isinstance(read, Text):
        return read.limit is None or max(map(len, values), default=0) <= read.limit
    return set(values) <= read.options
