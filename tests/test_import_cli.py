"""``pulse import``: what it prints and how it exits, and ``--watch``."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from import_support import HEADER, count, write
from sqlalchemy import Engine

from data_sources.importing.pipeline import import_file
from data_sources.importing.watch import changed_files, watch
from pulse_cli.main import main

GOOD = (
    HEADER
    + "A1,2026-03-02T09:00:00Z,email,Billing,ann,5\nA2,2026-03-02T09:00:00Z,email,Billing,ann,8\n"
)


def test_it_prints_the_counts_and_exits_0_with_quarantined_rows(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One row stored, one quarantined (CSAT 8): exit 0, and the counts are printed."""
    status = main(["import", str(write(tmp_path, "log.csv", GOOD)), "--db", database_url])
    output = capsys.readouterr().out
    assert status == 0
    assert "inserted 1, updated 0, unchanged 0, quarantined 1" in output
    assert "new teams created: Billing" in output
    assert count(engine, "interaction") == 1


def test_it_exits_2_when_a_file_is_refused_and_still_imports_the_others(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unreadable file and a good one: exit 2, the reason on stderr, the good file stored."""
    bad = write(tmp_path, "bad.csv", "what,is,this\n1,2,3\n")
    good = write(tmp_path, "good.csv", GOOD)
    status = main(["import", str(bad), str(good), "--db", database_url])
    captured = capsys.readouterr()
    assert status == 2
    assert "bad.csv: refused — unknown format" in captured.err
    assert count(engine, "interaction") == 1


def test_a_missing_file_is_refused(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path that does not exist is refused with the system's reason."""
    status = main(["import", str(tmp_path / "nowhere.csv"), "--db", database_url])
    assert status == 2
    assert "No such file" in capsys.readouterr().err


def test_an_unknown_time_zone_is_refused(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--tz Mars/Olympus`` is not a zone: the file is refused before anything is read."""
    status = main(
        [
            "import",
            str(write(tmp_path, "log.csv", GOOD)),
            "--tz",
            "Mars/Olympus",
            "--db",
            database_url,
        ]
    )
    assert status == 2
    assert "unknown time zone" in capsys.readouterr().err


def test_watch_imports_a_steady_file_once_and_leaves_partial_files_alone(
    engine: Engine, tmp_path: Path
) -> None:
    """Three looks: log.csv is imported once (it does not change); a .part download never."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    imported: list[str] = []

    def import_one(path: Path) -> None:
        imported.append(import_file(engine, path).file_name)

    write(inbox, "log.csv", GOOD)
    write(inbox, "partial.csv.part", "half")
    watch(inbox, import_one, interval=0, rounds=3)
    assert imported == ["log.csv"]
    assert count(engine, "interaction") == 1


def test_changed_files_waits_for_a_steady_state(tmp_path: Path) -> None:
    """A file appears (not ready), stays (ready), is imported, then changes (ready again)."""
    path = write(tmp_path, "a.csv", "x")
    ready, seen = changed_files(tmp_path, {}, {})
    assert ready == []
    ready, seen = changed_files(tmp_path, {}, seen)
    assert ready == [path]
    imported = dict(seen)
    path.write_text("xy")
    later = time.time() + 5
    os.utime(path, (later, later))
    ready, seen = changed_files(tmp_path, imported, seen)
    assert ready == []
    ready, seen = changed_files(tmp_path, imported, seen)
    assert ready == [path]
