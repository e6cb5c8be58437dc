"""Uploads the Data page refuses on the server, whatever the browser widget let through.

A client can post any name and any size to the upload endpoint; ``import_uploads`` checks
each file itself before writing a byte of it, refuses it with a reason a person can act on,
keeps the refusal in the import history and stores nothing from it. Both databases.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import Engine, text
from test_page_data import Upload

from dashboard.data_upload import FILE_TYPES, import_uploads, refusal

ROWS = (
    b"interaction_id,created_at,channel,team,agent,csat\n"
    b"U1,2026-10-01T09:00:00Z,email,Billing,Ann,5\n"
    b"U2,2026-10-02T09:00:00Z,phone,Billing,Ann,4\n"
)


def stored(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("payload.exe", "“.exe”"),
        ("Makefile", "no file ending"),
        ("report.csv.sh", "“.sh”"),
        ("report.", "no file ending"),
        ("..", "no file ending"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(
    engine: Engine, name: str, says: str
) -> None:
    """Good CSV rows under a name the page does not take: refused, named, 0 interactions."""
    [summary] = import_uploads(engine, [Upload(name, ROWS)], max_bytes=10 * 2**20)
    assert summary.refused
    assert says in (summary.message or "")
    assert "csv, jsonl, json, parquet, log, txt" in (summary.message or "")
    assert stored(engine, "SELECT count(*) FROM interaction") == [(0,)]
    assert stored(engine, "SELECT status, format, inserted FROM importrun") == [
        ("refused", "upload", 0)
    ]


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_imported(
    engine: Engine,
) -> None:
    """A limit of exactly len(ROWS) bytes: that file imports (2 rows), one byte more does not."""
    limit = len(ROWS)
    over, at = import_uploads(
        engine,
        [Upload("over.csv", ROWS + b"\n"), Upload("at.csv", ROWS)],
        max_bytes=limit,
    )
    assert over.refused
    assert "over the upload limit" in (over.message or "")
    assert "pulse import FILE" in (over.message or "")
    assert (at.status, at.inserted) == ("done", 2)
    assert stored(engine, "SELECT file_name, status FROM importrun ORDER BY id") == [
        ("over.csv", "refused"),
        ("at.csv", "done"),
    ]


def test_the_page_passes_its_upload_limit_in_bytes() -> None:
    """500 MB in the config is 524,288,000 bytes: one byte more is refused, that many is not."""
    assert refusal("big.csv", 500 * 2**20, 500 * 2**20) is None
    reason = refusal("big.csv", 500 * 2**20 + 1, 500 * 2**20)
    assert reason is not None
    assert "500.0 MB, over the upload limit of 500 MB" in reason


def test_names_a_file_system_cannot_hold_are_refused_and_shown_safely(engine: Engine) -> None:
    """A NUL in the name (PostgreSQL stores none) and a 300-byte name: refused, history kept."""
    nul, long = import_uploads(
        engine, [Upload("a\x00b.csv", ROWS), Upload("x" * 300 + ".csv", ROWS)]
    )
    assert nul.refused and "control characters" in (nul.message or "")
    assert long.refused and "longer than 255 bytes" in (long.message or "")
    names = [row[0] for row in stored(engine, "SELECT file_name FROM importrun ORDER BY id")]
    assert names == ["a\ufffdb.csv", "x" * 300 + ".csv"]
    assert stored(engine, "SELECT count(*) FROM interaction") == [(0,)]


@pytest.mark.parametrize("name", ["../../escape.csv", "..\\..\\escape.csv", "/etc/escape.csv"])
def test_a_path_in_the_name_is_dropped_and_nothing_is_written_outside(
    engine: Engine, name: str
) -> None:
    """Only the last part of the name is used: stored as escape.csv, no file left behind."""
    [summary] = import_uploads(engine, [Upload(name, ROWS)])
    assert (summary.file_name, summary.inserted) == ("escape.csv", 2)
    for outside in ("/escape.csv", "/tmp/escape.csv", "/etc/escape.csv"):
        assert not os.path.exists(outside)
    assert stored(engine, "SELECT file_name FROM importrun") == [("escape.csv",)]


def test_binary_bytes_named_csv_are_refused_by_the_importer(engine: Engine) -> None:
    """An executable's bytes renamed .csv pass the name check and are refused as not text."""
    elf = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
    [summary] = import_uploads(engine, [Upload("data.csv", elf)], max_bytes=2**20)
    assert summary.refused
    assert "not a text file" in (summary.message or "")
    assert stored(engine, "SELECT count(*) FROM interaction") == [(0,)]


def test_every_accepted_ending_passes_the_name_check() -> None:
    """Each of the six endings, in any case, is accepted; the check reads only the last one."""
    for ending in FILE_TYPES:
        assert refusal(f"export.{ending.upper()}", 10, 100) is None
    assert refusal("export.csv.exe", 10, 100) is not None
