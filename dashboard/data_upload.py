"""Files uploaded on the Data page, imported one after the other with a progress bar.

Each upload is written to a temporary file under its own name (the import history shows it)
and handed to ``import_file``, which stores it all or nothing; an ``import`` audit event then
records who imported what with the counts. The files are deleted when the import ends.

The server checks every upload itself before writing a byte of it (a client can skip the
browser widget's checks): a name without one of ``FILE_TYPES``' endings, a name a file
system cannot hold, or a file over the upload limit is refused with the reason, and the
refusal is kept in the import history like any other.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from data_sources import audit, data_version
from data_sources.access import Viewer
from data_sources.importing.pipeline import import_file
from data_sources.importing.rows import Kind
from data_sources.importing.summary import ImportSummary
from data_sources.models import AuditAction, ImportRun

# The endings the Data page accepts (the widget filters by them; ``refusal`` enforces them).
FILE_TYPES = ["csv", "jsonl", "json", "parquet", "log", "txt"]
MAX_NAME_BYTES = 255  # what Linux and most file systems hold in one name
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
    max_bytes: int | None = None,
    actor: Viewer | None = None,
) -> list[ImportSummary]:
    """Import every upload in turn; ``report(fraction done, what)`` follows the progress.

    An upload ``refusal`` finds fault with is not imported: its summary says why.
    """
    summaries = []
    with tempfile.TemporaryDirectory(prefix="pulse-upload-") as directory:
        for number, upload in enumerate(uploads):
            name = Path(upload.name.replace("\\", "/")).name or f"upload-{number + 1}"
            reason = refusal(name, len(upload.getvalue()), max_bytes)
            if reason is not None:
                summary = _refuse(engine, name, reason, imported_by)
                _audit(engine, summary, actor)
                summaries.append(summary)
                continue
            path = Path(directory) / name
            path.write_bytes(upload.getvalue())
            step = _file_progress(report, number, len(uploads), name)
            step(0, None)
            try:
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
            except SQLAlchemyError as error:
                # The database, not the file: full, read-only or gone. Nothing of the file
                # was stored (one transaction); say so and go on with the next file.
                summaries.append(_failed(name, error))
                continue
            finally:
                path.unlink(missing_ok=True)
            _audit(engine, summary, actor)
            summaries.append(summary)
    if report is not None:
        report(1.0, f"{len(uploads)} file(s) imported")
    return summaries


def refusal(name: str, size: int, max_bytes: int | None) -> str | None:
    """Why the server will not import an upload called ``name`` of ``size`` bytes, or None."""
    ending = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    if ending not in FILE_TYPES:
        shown = f"“.{ending}”" if ending else "no file ending"
        return f"not an import file: {shown}; the Data page takes {', '.join(FILE_TYPES)}"
    if any(unicodedata.category(character) == "Cc" for character in name):
        return "the file name holds control characters; rename the file and upload it again"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"the file name is longer than {MAX_NAME_BYTES} bytes; rename the file"
    if max_bytes is not None and size > max_bytes:
        return (
            f"the file is {size / 2**20:,.1f} MB, over the upload limit of "
            f"{max_bytes / 2**20:,.0f} MB; import it with `pulse import FILE`"
        )
    return None


def _refuse(engine: Engine, name: str, reason: str, who: str | None) -> ImportSummary:
    """A refused upload, kept in the import history with its reason."""
    # Control characters shown as U+FFFD (PostgreSQL stores no NUL), cut to the column's size.
    name = "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in name)[:500]
    summary = ImportSummary(file_name=name, format="upload", kind=None, source="upload")
    summary.status, summary.message = "refused", reason
    now = datetime.now(UTC)
    run = ImportRun(
        file_name=name, source="upload", format="upload", started_at=now, finished_at=now,
        status="refused", message=reason, imported_by=who,
    )  # fmt: skip
    with Session(engine) as session:
        session.add(run)
        session.flush()
        data_version.changed(session.connection())  # the import history shows the refusal
        session.commit()
        summary.run_id = run.id
    return summary


def _failed(name: str, error: SQLAlchemyError) -> ImportSummary:
    summary = ImportSummary(file_name=name, format="upload", kind=None, source="upload")
    words = str(getattr(error, "orig", None) or error).splitlines()[0][:300]
    summary.status = "failed"
    summary.message = f"the database could not store it ({words}); nothing of it was stored"
    return summary


def _file_progress(
    report: Report | None, number: int, count: int, name: str
) -> Callable[[int, int | None], None]:
    def step(done: int, total: int | None) -> None:
        if report is None:
            return
        share = min(done / total, 1.0) if total else 0.0
        report((number + share) / count, f"{name}: {done:,} rows read")

    return step


def _audit(engine: Engine, summary: ImportSummary, actor: Viewer | None) -> None:
    detail = {column: getattr(summary, column) for column in SUMMARY_COLUMNS[1:]}
    with Session(engine) as session:
        audit.record(session, actor, AuditAction.IMPORT, summary.file_name, detail)
        session.commit()


def summary_table(summaries: Sequence[ImportSummary]) -> pd.DataFrame:
    """One row per file: what was stored, and for a refused file the reason."""
    return pd.DataFrame(
        [{column: getattr(s, column) for column in SUMMARY_COLUMNS} for s in summaries],
        columns=SUMMARY_COLUMNS,
    )
