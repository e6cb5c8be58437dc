"""Imports under faults: the same file twice at once, a full disk, a read-only database.

- Two ``pulse import`` processes started together on one file: every interaction is stored
  once, and each process ends with a clear outcome (stored, or unchanged), never a traceback.
- SQLite out of room (``PRAGMA max_page_count`` caps the file, as a full disk would): the
  upload fails with a clear message and nothing of it is stored.
- A read-only database file or folder (``chattr +i``, which holds even for root): ``pulse
  import`` stops with a clear error, no traceback, nothing half-written.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from import_support import count, rows
from sqlalchemy import Engine, event
from test_page_data import Upload

from dashboard.data_upload import import_uploads
from data_sources.engine import make_engine
from data_sources.importing.pipeline import import_file

ROWS = 3_000


def interactions_file(path: Path, rows_wanted: int = ROWS) -> Path:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["interaction_id", "created_at", "channel", "team", "agent", "topic"])
        for number in range(rows_wanted):
            writer.writerow(
                [f"D{number}", f"2026-02-{1 + number % 28:02d}T10:00:00Z", "chat",
                 f"Team {number % 4}", f"a{number % 30}", "x" * 200]
            )  # fmt: skip
    return path


@pytest.mark.slow
def test_the_same_file_imported_twice_at_once_is_stored_once(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    """Two processes, one file of 3,000 rows: 3,000 interactions, no key twice, both exit
    with a summary (one inserted 3,000, the other found them unchanged or waited its turn)."""
    path = interactions_file(tmp_path / "same.csv")
    command = [sys.executable, "-m", "pulse_cli.main", "import", str(path), "--db", database_url]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = [process.communicate(timeout=240) for process in processes]
    codes = [process.returncode for process in processes]
    assert count(engine, "interaction") == ROWS
    assert rows(engine, "SELECT count(DISTINCT external_id) FROM interaction")[0][0] == ROWS
    for (out, err), code in zip(outcomes, codes, strict=True):
        assert "Traceback" not in err, err[-3000:]
        assert code == 0, f"exit {code}: {out[-1000:]} {err[-1000:]}"
    inserted = sorted(
        int(value)
        for (value,) in rows(engine, "SELECT inserted FROM importrun WHERE status = 'done'")
    )
    assert inserted in ([0, ROWS], [ROWS]), inserted


def migrated_sqlite(path: Path) -> Engine:
    from data_sources.schema import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    first = import_file(engine, interactions_file(path.parent / "one.csv", 1))
    assert (first.status, first.inserted) == ("done", 1)
    return engine


def test_a_full_disk_fails_the_upload_clearly_and_stores_nothing(tmp_path: Path) -> None:
    """The file may grow by 40 pages only (as on a full disk): the 3,000-row upload fails
    with "database or disk is full" in its summary, and the one earlier row is all there is."""
    engine = migrated_sqlite(tmp_path / "small.db")
    with engine.connect() as connection:
        pages = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())

    def cap(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count = {pages + 40}")
        cursor.close()

    event.listen(engine, "connect", cap)
    engine.dispose()  # new connections get the cap
    content = interactions_file(tmp_path / "big.csv").read_bytes()
    [summary] = import_uploads(engine, [Upload("big.csv", content)])
    assert summary.status == "failed"
    assert "database or disk is full" in (summary.message or "")
    assert "nothing of it was stored" in (summary.message or "")
    event.remove(engine, "connect", cap)
    engine.dispose()
    assert count(engine, "interaction") == 1
    assert count(engine, "quarantinedrow") == 0
    engine.dispose()


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i``: not even root may write ``path`` (or create files in it, a folder)."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not available here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_database_stops_the_import_with_a_clear_error(
    tmp_path: Path, locked: str
) -> None:
    """The database file (or its folder) made immutable: ``pulse import`` exits 1 saying the
    database failed, without a traceback; unlocked, the database holds its one row only."""
    folder = tmp_path / "db"
    folder.mkdir()
    engine = migrated_sqlite(folder / "pulse.db")
    engine.dispose()
    source = interactions_file(tmp_path / "in.csv", 50)
    url = f"sqlite:///{folder / 'pulse.db'}"
    with immutable(folder / "pulse.db" if locked == "file" else folder):
        done = subprocess.run(
            [sys.executable, "-m", "pulse_cli.main", "import", str(source), "--db", url],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert "pulse import: the database failed:" in done.stderr
    assert re.search(r"readonly|read-only|unable to open", done.stderr), done.stderr
    assert count(engine, "interaction") == 1
    engine.dispose()
