"""Files uploaded on the Data page, imported one after the other with a progress bar.

Each upload is written to a temporary file under its own name (the import history shows it)
and handed to ``import_file``, which stores it all or nothing; an ``import`` audit event then
records who imported what with the counts. The files are deleted when the import ends.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import Session

from data_sources import audit
from data_sources.importing.pipeline import import_file
from data_sources.importing.rows import Kind
from data_sources.importing.summary import ImportSummary
from data_sources.models import AuditAction

Report = Callable[[float, str], None]
SUMMARY_COLUMNS = [
    "file_name",
    "status",
    "format",
    "kind",
    "rows_read",
    "inserted",
    "updated",
    "unchanged",
    "quarantined",
    "run_id",
    "message",
]


class Upload(Protocol):
    """What Streamlit's ``UploadedFile`` offers that the import needs."""

    name: str

    def getvalue(self) -> bytes: ...


def import_uploads(
    engine: Engine,
    uploads: Sequence[Upload],
    *,
    format: str = "auto",
    kind: Kind | None = None,
    source: str | None = None,
    tz: str = "UTC",
    imported_by: str | None = None,
    report: Report | None = None,
) -> list[ImportSummary]:
    """Import every upload in turn; ``report(fraction done, what)`` follows the progress."""
    summaries = []
    with tempfile.TemporaryDirectory(prefix="pulse-upload-") as directory:
        for number, upload in enumerate(uploads):
            name = Path(upload.name).name or f"upload-{number + 1}"
            path = Path(directory) / name
            path.write_bytes(upload.getvalue())
            step = _file_progress(report, number, len(uploads), name)
            step(0, None)
            summary = import_file(
                engine,
                path,
                format=format,
                kind=kind,
                source=source or None,
                tz=tz,
                imported_by=imported_by,
                progress=step,
            )
            path.unlink()
            _audit(engine, summary)
            summaries.append(summary)
    if report is not None:
        report(1.0, f"{len(uploads)} file(s) imported")
    return summaries


def _file_progress(
    report: Report | None, number: int, count: int, name: str
) -> Callable[[int, int | None], None]:
    def step(done: int, total: int | None) -> None:
        if report is None:
            return
        share = min(done / total, 1.0) if total else 0.0
        report((number + share) / count, f"{name}: {done:,} rows read")

    return step


def _audit(engine: Engine, summary: ImportSummary) -> None:
    detail = {column: getattr(summary, column) for column in SUMMARY_COLUMNS[1:]}
    with Session(engine) as session:
        audit.record(session, None, AuditAction.IMPORT, summary.file_name, detail)
        session.commit()


def summary_table(summaries: Sequence[ImportSummary]) -> pd.DataFrame:
    """One row per file: what was stored, and for a refused file the reason."""
    return pd.DataFrame(
        [{column: getattr(s, column) for column in SUMMARY_COLUMNS} for s in summaries],
        columns=SUMMARY_COLUMNS,
    )
