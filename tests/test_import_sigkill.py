"""An import killed with SIGKILL at any point leaves the database exactly as it was before."""

from __future__ import annotations

import csv
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from import_support import HEADER, write
from sqlalchemy import Engine, select

from data_sources.engine import make_engine
from data_sources.importing.pipeline import import_file
from data_sources.models import metadata

ROWS = 600_000
"""Enough rows that every kill lands while the import runs (the last at most 9 s in): on a
quiet machine 120,000 rows were imported in under 7.3 s, and 400,000 took 16.5 s."""


def snapshot(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table's row count and a SHA-256 over its rows in primary-key order."""
    result = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            digest = hashlib.sha256()
            count = 0
            order = list(table.primary_key.columns) or list(table.columns)
            for row in connection.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
                count += 1
            result[table.name] = (count, digest.hexdigest())
    return result


def big_file(path: Path) -> Path:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["interaction_id", "created_at", "channel", "team", "agent", "csat"])
        for number in range(ROWS):
            day = 1 + number % 28
            writer.writerow(
                [
                    f"K{number}",
                    f"2026-02-{day:02d}T10:00:00Z",
                    "chat",
                    f"Team {number % 5}",
                    f"a{number % 40}",
                    1 + number % 5,
                ]
            )
    return path


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_the_database_unchanged(
    database_url: str, tmp_path: Path
) -> None:
    """Kills at 1 s (starting up) and three seeded random moments: every table is unchanged."""
    engine = make_engine(database_url)
    import_file(
        engine,
        write(tmp_path, "first.csv", HEADER + "A1,2026-03-02T09:00:00Z,email,Billing,ann,5\n"),
    )
    before = snapshot(engine)
    path = big_file(tmp_path / "big.csv")
    moments = [1.0, *sorted(random.Random(20261123).uniform(2.0, 9.0) for _ in range(3))]
    # A 2 MiB page cache makes SQLite spill the import's pages to its log as it goes, so the
    # kills land on a half-written log, not only on pages still in the process's memory.
    environment = {**os.environ, "PULSE_IMPORT_CACHE_MB": "2"}
    command = [sys.executable, "-m", "pulse_cli.main", "import", str(path), "--db", database_url]
    wal = Path(database_url.removeprefix("sqlite:///") + "-wal")
    written_before_kill = []
    for moment in moments:
        process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(moment)
        assert process.poll() is None, f"the import had already ended at {moment:.1f} s"
        if database_url.startswith("sqlite"):
            written_before_kill.append(wal.exists() and wal.stat().st_size > 0)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert snapshot(engine) == before, f"killed at {moment:.1f} s"
    # On SQLite the write-ahead log shows the import was writing when it was killed.
    assert not database_url.startswith("sqlite") or any(written_before_kill)
    again = import_file(engine, tmp_path / "first.csv")
    assert (again.status, again.unchanged) == ("done", 1)
    engine.dispose()
