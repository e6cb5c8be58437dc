"""One import run: a file in, its rows stored, quarantined or refused — all or nothing.

``import_file`` reads the file once to hash it and decide its encoding (``encoding.py``), picks
its format (``formats.py``), then streams its rows in batches through validation and the
writers inside ONE transaction, together with the ``ImportRun`` record, the quarantine, the
summary cells and the transcript findings (new interactions' from the parsed rows,
``upkeep.py``; changed ones' recomputed, ``aggregates.refresh_after_write``) and, for a large
file on SQLite, a rebuild of the secondary indexes (``indexes.py``). Killed at any point,
the database is as it was before; a file that cannot be read is refused, its rows rolled
back, and only the refusal itself is recorded (an ``ImportRun`` with status ``refused`` and
the reason).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import ijson
from sqlalchemy import Connection, Engine, insert, update

from data_sources import data_version
from data_sources.aggregates import refresh_after_write
from data_sources.importing import formats, indexes, native
from data_sources.importing.encoding import inspect_file
from data_sources.importing.parse_time import zone
from data_sources.importing.patches import write_patches
from data_sources.importing.qa import write_qa_reviews
from data_sources.importing.related import write_messages, write_promises, write_public_reviews
from data_sources.importing.rows import Kind, SourceRow, UnreadableFile
from data_sources.importing.store import Batch, Clean
from data_sources.importing.summary import ImportSummary
from data_sources.importing.upkeep import Upkeep
from data_sources.importing.validation import Context
from data_sources.importing.writers import write_interactions
from data_sources.models import ImportRun
from data_sources.transcript_analysis import analyse_after_write

RUN = ImportRun.__table__  # type: ignore[attr-defined]
BATCH_ROWS = 5_000
REFRESH_DAYS = 7
IMPORT_LOCK = 0x70756C7365  # "pulse": the advisory lock imports take on PostgreSQL
ANALYZED = ("interaction", "customer", "message", "promise", "qareview", "publicreview")
# SQLite page cache while importing (MiB): keeps the hot index pages in memory. Part of
# the 500 MB budget; PULSE_IMPORT_CACHE_MB lowers it on a small machine.
SQLITE_IMPORT_CACHE_KIB = int(os.environ.get("PULSE_IMPORT_CACHE_MB", "64")) * 1024
SQLITE_DEFAULT_CACHE_KIB = 2000
Progress = Callable[[int, int | None], None]
# Interactions first: the other kinds of the same batch may belong to them.
WRITERS: tuple[tuple[Kind, Callable[[Batch, list[Clean]], None]], ...] = (
    ("interactions", write_interactions),
    ("public_reviews", write_public_reviews),
    ("messages", write_messages),
    ("promises", write_promises),
    ("qa_reviews", write_qa_reviews),
)


def import_file(
    engine: Engine,
    path: Path | str,
    *,
    format: str = "auto",
    kind: Kind | None = None,
    source: str | None = None,
    tz: str = "UTC",
    imported_by: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path``; the summary says what was inserted, updated, unchanged, quarantined."""
    path = Path(path)
    started = datetime.now(UTC)
    summary = ImportSummary(file_name=path.name, format=format, kind=kind, source=source or "")
    try:
        facts = inspect_file(path)
        if not facts.head.strip():
            raise UnreadableFile("the file is empty")
        if facts.looks_binary and not facts.head.startswith(b"PAR1"):
            raise UnreadableFile("not a text file (it is full of control bytes) and not Parquet")
        chosen = _format(format, facts.head, path, kind)
        summary.format = chosen.name
        summary.source = source or ("file" if chosen.native else chosen.name)
        context = Context(tz=zone(tz), now=started)
        if chosen.native:
            rows = native.read(path, tz=context.tz, kind=kind, facts=facts)
            total: int | None = native.count_records(path, facts)
        else:
            rows = chosen.read(path, tz=context.tz)
            total = None
        with engine.connect() as connection:
            _tune(connection, SQLITE_IMPORT_CACHE_KIB)
            try:
                with connection.begin():
                    _one_import_at_a_time(connection)
                    summary.run_id = _start_run(
                        connection, summary, facts.sha256, started, imported_by
                    )
                    _store(connection, summary, rows, context, kind, total, progress)
                    data_version.changed(connection)  # last: see data_version
            finally:
                _tune(connection, SQLITE_DEFAULT_CACHE_KIB)
    except (UnreadableFile, OSError, UnicodeError, ijson.JSONError) as error:
        summary.status, summary.message = "refused", str(error) or type(error).__name__
        summary.reset_counts()
        summary.run_id = _record_refusal(engine, summary, started, imported_by)
    except Exception as error:
        # Not the file's fault (the database went away, a bug): recorded, then raised.
        summary.status, summary.message = "failed", f"{type(error).__name__}: {error}"
        summary.reset_counts()
        _record_refusal(engine, summary, started, imported_by)
        raise
    return summary


def _format(name: str, head: bytes, path: Path, kind: Kind | None) -> formats.Format:
    if name != "auto":
        return formats.by_name(name)
    try:
        return formats.recognise(head, path)
    except UnreadableFile:
        if kind is None:
            raise
        # With --kind, a file nothing recognises is read as native, so the refusal names
        # the missing columns instead of "unknown format".
        return formats.by_name(native.FORMAT)


def _one_import_at_a_time(connection: Connection) -> None:
    """On PostgreSQL, wait for any other import's transaction to end first (SQLite already
    lets one writer in at a time): two imports of the same file at once would otherwise both
    create its new teams and people, and the second would fail on their unique names."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})")


def _tune(connection: Connection, cache_kib: int) -> None:
    """A bigger SQLite page cache while importing (and the default again after)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA cache_size = -{int(cache_kib)}")
        connection.commit()


def _start_run(
    connection: Connection, summary: ImportSummary, sha256: str, started: datetime, who: str | None
) -> int:
    values = dict(
        file_name=summary.file_name, file_hash=sha256, source=summary.source, format=summary.format,
        kind=summary.kind, started_at=started, status="running", imported_by=who,
    )  # fmt: skip
    return int(connection.execute(insert(RUN).values(**values).returning(RUN.c.id)).scalar_one())


def _store(
    connection: Connection,
    summary: ImportSummary,
    rows: Iterator[SourceRow],
    context: Context,
    kind: Kind | None,
    total: int | None,
    progress: Progress | None,
) -> None:
    batch = Batch(
        connection,
        run_id=summary.run_id or 0,
        file_name=summary.file_name,
        source=summary.source,
        context=context,
    )
    batch.partial_rows = summary.format != native.FORMAT
    upkeep = Upkeep(connection)
    dropped = indexes.set_aside(connection, total)
    iterator = iter(rows)
    next_analyze = BATCH_ROWS
    while chunk := list(itertools.islice(iterator, BATCH_ROWS)):
        if kind is None and summary.kind is None:
            summary.kind = chunk[0].kind
        cleaned = batch.clean(chunk)
        for name, write in WRITERS:
            of_kind = [item for item in cleaned if item.row.kind == name and not item.partial]
            if of_kind:
                write(batch, of_kind)
            if name == "interactions":
                additions = [item for item in cleaned if item.partial]
                if additions:
                    write_patches(batch, additions)
        batch.flush()
        upkeep.take(batch.added)
        batch.added.clear()
        if connection.dialect.name == "postgresql" and batch.tally.rows_read >= next_analyze:
            # Tables filled inside this transaction look empty to the planner, which then
            # scans them whole for every key lookup; fresh statistics bring the indexes back.
            connection.exec_driver_sql(f"ANALYZE {', '.join(ANALYZED)}")
            next_analyze *= 4
        if progress is not None:
            progress(chunk[-1].line or batch.tally.rows_read, total)
    batch.close()
    indexes.restore(connection, dropped)
    # New interactions' cells are added first; then the days of everything else this file
    # changed are recomputed from the raw rows (new ones included), which stays exact.
    upkeep.finish()
    days = sorted(batch.tally.days)
    # A week at a time: the refresh reads each run of days' rows at once, so a year of
    # history in one file would otherwise be read into memory whole.
    for start in range(0, len(days), REFRESH_DAYS):
        refresh_after_write(connection, days=days[start : start + REFRESH_DAYS])
    # What the transcripts say is stored at import (issue 6), in this same transaction: new
    # interactions' themes were stored batch by batch (``upkeep``); the stored interactions
    # this file changed, and those it added messages to, are analysed from what is stored.
    analyse_after_write(
        connection, interaction_ids=sorted(batch.tally.changed | batch.tally.parents)
    )
    summary.take(batch.tally, batch.directory)
    finished = datetime.now(UTC)
    connection.execute(
        update(RUN)
        .where(RUN.c.id == summary.run_id)
        .values(finished_at=finished, **summary.run_values())
    )
    if progress is not None and total is not None:
        progress(total, total)


def _record_refusal(
    engine: Engine, summary: ImportSummary, started: datetime, who: str | None
) -> int:
    values = dict(
        file_name=summary.file_name, source=summary.source or "file", format=summary.format,
        started_at=started, finished_at=datetime.now(UTC), imported_by=who,
        **summary.run_values(),
    )  # fmt: skip
    with engine.begin() as connection:
        run_id = connection.execute(insert(RUN).values(**values).returning(RUN.c.id)).scalar_one()
        data_version.changed(connection)  # the import history shows the refusal
        return int(run_id)
