"""Storing one batch of rows of an import: validate, drop repeats, upsert by key, quarantine.

Everything happens on the import's one connection, inside its one transaction. Repeats of a key
within the same file are found through a temporary table (``seen``: key, line, digest), so the
memory an import needs does not grow with the file: a repeat with the same values counts as
unchanged, a repeat with other values is quarantined and names the line it repeats — which of
two different versions is right is not guessed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text, text

from data_sources.importing import bulk
from data_sources.importing.by_column import quick_values
from data_sources.importing.directory import Directory
from data_sources.importing.kinds import (
    clean_partial,
    clean_record,
    finish_record,
    is_partial,
    known_columns,
)
from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.validation import Context, Problem
from data_sources.models import Interaction, QuarantinedRow

SEEN = "pulse_import_seen"
SEEN_TABLE = Table(
    SEEN,
    MetaData(),
    Column("key", Text, primary_key=True),
    Column("line", Integer),
    Column("digest", Text),
)
QUARANTINE = QuarantinedRow.__table__  # type: ignore[attr-defined]
INTERACTION = Interaction.__table__  # type: ignore[attr-defined]
QUARANTINE_COLUMNS = ("import_run_id", "file_name", "line", "column", "reason", "raw")


@dataclass(slots=True)
class Clean:
    """A row that passed validation, with its key within the file and a digest of its values."""

    row: SourceRow
    values: dict[str, Any]
    key: str = ""
    digest: str = ""
    partial: bool = False  # an interactions row that adds to a stored one (patches.py)


@dataclass
class Tally:
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    ignored_columns: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    days: set[date] = field(default_factory=set)
    # Interactions whose messages, promises or reviews this file added to (for the analysis).
    parents: set[int] = field(default_factory=set)
    # Stored interactions this file changed (re-analysed from what is stored).
    changed: set[int] = field(default_factory=set)


class Batch:
    """What every kind's writer needs: the connection, the run, the tallies and quarantine."""

    def __init__(
        self, connection: Connection, *, run_id: int, file_name: str, source: str, context: Context
    ) -> None:
        self.connection = connection
        self.run_id = run_id
        self.file_name = file_name
        self.source = source
        self.context = context
        # Rows of system exports may add to stored interactions; native files hold whole rows.
        self.partial_rows = False
        self.directory = Directory(connection)
        self.tally = Tally()
        # The interactions this batch inserted (``upkeep.NEW_COLUMNS``), for the pipeline's
        # cell and theme upkeep; and their ids, given before they are written.
        self.added: list[tuple[Any, ...]] = []
        self.new_interaction_ids = bulk.NewIds(connection, INTERACTION)
        self._quarantine: list[tuple[Any, ...]] = []
        self._checked_columns: set[Kind] = set()
        sqlite = connection.dialect.name == "sqlite"
        connection.execute(
            text(
                f"DROP TABLE IF EXISTS {SEEN}" if sqlite else f"DROP TABLE IF EXISTS pg_temp.{SEEN}"
            )
        )
        connection.execute(
            text(f"CREATE TEMPORARY TABLE {SEEN} (key TEXT PRIMARY KEY, line INTEGER, digest TEXT)")
        )

    def close(self) -> None:
        self.flush()
        self.connection.execute(text(f"DROP TABLE {SEEN}"))

    def write(
        self,
        table: Any,
        inserted: tuple[Sequence[str], list[Any]],
        updated: tuple[Sequence[str], list[Any]],
    ) -> None:
        """Insert the new rows and update the changed ones (by id), and count both."""
        bulk.insert(self.connection, table, *inserted)
        bulk.update(self.connection, table, *updated)
        self.tally.inserted += len(inserted[1])
        self.tally.updated += len(updated[1])

    def stored_by_source(
        self, rows: list[Clean], table: Any, name: str, columns: Sequence[str]
    ) -> Iterator[tuple[str, list[Clean], dict[str, Any]]]:
        """Rows grouped by source, each group with the stored rows its ``name`` values key."""
        groups: dict[str, list[Clean]] = defaultdict(list)
        for item in rows:
            groups[item.values["source"]].append(item)
        for source, items in groups.items():
            ids = (item.values[name] for item in items)
            found = bulk.rows_in(self.connection, table, "external_id", ids, columns, source=source)
            yield source, items, {row.external_id: row for row in found}

    # --- quarantine --------------------------------------------------------------------

    def quarantine(self, row: SourceRow, column: str | None, reason: str) -> None:
        raw = json.dumps(row.values, ensure_ascii=False, default=str)
        self._quarantine.append((self.run_id, self.file_name, row.line, column, reason, raw))
        self.tally.quarantined += 1

    def flush(self) -> None:
        bulk.insert(self.connection, QUARANTINE, QUARANTINE_COLUMNS, self._quarantine)
        self._quarantine.clear()

    # --- validation and repeats --------------------------------------------------------

    def clean(self, rows: list[SourceRow]) -> list[Clean]:
        """The rows that pass validation; the others go to quarantine.

        The batch is checked column by column first (``by_column``); the rows it has a doubt
        about take the row path, which names their column and reason.
        """
        result: list[Clean] = []
        quick = quick_values(rows, self.context, self.partial_rows)
        for row, checked in zip(rows, quick, strict=True):
            self.tally.rows_read += 1
            self.tally.by_kind[row.kind] += 1
            if row.problem is not None:
                self.quarantine(row, *row.problem)
                continue
            if row.kind not in self._checked_columns:
                self._checked_columns.add(row.kind)
                extra = set(row.values) - known_columns(row.kind)
                if row.kind != "qa_reviews":  # a QA review's extra columns are its categories
                    self.tally.ignored_columns |= extra
            partial = self.partial_rows and is_partial(row.kind, row.values)
            try:
                if checked is not None:
                    values = finish_record(row.kind, checked)
                elif partial:
                    values = clean_partial(row.values, self.context)
                else:
                    values = clean_record(row.kind, row.values, self.context)
            except Problem as problem:
                self.quarantine(row, problem.column, problem.reason)
                continue
            if values.get("source") is None:
                values["source"] = self.source
            result.append(Clean(row, values, partial=partial))
        return result

    def first_times(self, rows: list[Clean], what: str, column: str | None = None) -> list[Clean]:
        """``rows`` without repeats of a key already met in this file (keys and digests set)."""
        first: dict[str, Clean] = {}
        kept: list[Clean] = []
        for item in rows:
            earlier = first.get(item.key)
            if earlier is None:
                first[item.key] = item
                kept.append(item)
            else:
                self._repeat(item, earlier.row.line, earlier.digest, what, column)
        if not kept:
            return kept
        met: dict[str, tuple[int | None, str]] = {}
        keys = (item.key for item in kept)
        for row in bulk.rows_in(
            self.connection, SEEN_TABLE, "key", keys, ("key", "line", "digest")
        ):
            met[row.key] = (row.line, row.digest)
        fresh = []
        for item in kept:
            if item.key in met:
                line, digest = met[item.key]
                self._repeat(item, line, digest, what, column)
            else:
                fresh.append(item)
        bulk.insert(
            self.connection,
            SEEN,
            ("key", "line", "digest"),
            [(i.key, i.row.line, i.digest) for i in fresh],
        )
        return fresh

    def _repeat(
        self, item: Clean, line: int | None, digest: str, what: str, column: str | None
    ) -> None:
        if digest == item.digest:
            self.tally.unchanged += 1
        else:
            self.quarantine(
                item.row, column, f"{what} repeats line {line} of this file with other values"
            )
