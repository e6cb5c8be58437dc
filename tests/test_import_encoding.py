"""Encodings: a file's bytes decide how it is read, by the rules of ``encoding.py``."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from import_support import rows, run, write
from sqlalchemy import Engine

from data_sources.importing.encoding import inspect_file

TEXT = (
    "interaction_id,created_at,channel,team,topic\n"
    "A1,2026-03-02T09:00:00Z,email,Billing,Café “déjà vu”\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.replace("“déjà vu”", "déjà vu").encode("latin-1") + b"\x81", "latin-1"),
    ],
    ids=[
        "utf-8",
        "utf-8 BOM",
        "utf-16 BOM",
        "utf-16 LE no BOM",
        "utf-16 BE no BOM",
        "cp1252",
        "latin-1",
    ],
)
def test_the_encoding_is_decided_by_rules(tmp_path: Path, raw: bytes, expected: str) -> None:
    """BOM first, then UTF-16's NUL pattern, then UTF-8 if it decodes, then cp1252 or Latin-1."""
    assert inspect_file(write(tmp_path, "f.csv", raw)).encoding == expected


def test_facts_count_lines_and_hash_the_bytes(tmp_path: Path) -> None:
    """Two lines, the last without a newline, count as two; the hash is SHA-256 of the bytes."""
    facts = inspect_file(write(tmp_path, "f.csv", b"a\nb"))
    assert (facts.lines, facts.size) == (2, 3)
    assert (
        facts.sha256 == "7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78"
    )  # sha256sum of the same three bytes


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_each_encoding_stores_the_same_text(engine: Engine, tmp_path: Path, encoding: str) -> None:
    """A BOM, UTF-16 and Windows-1252 file each store the topic Café “déjà vu” exactly."""
    summary = run(engine, tmp_path, TEXT.encode(encoding))
    assert (summary.inserted, summary.quarantined) == (1, 0)
    assert rows(engine, "SELECT topic FROM interaction") == [("Café “déjà vu”",)]


def test_latin1_bytes_are_kept_as_latin1(engine: Engine, tmp_path: Path) -> None:
    """A byte cp1252 leaves undefined (0x81) makes the file Latin-1: é stays é."""
    raw = "interaction_id,created_at,channel,team,topic\nA1,2026-03-02T09:00:00Z,email,B,é\x81\n"
    run(engine, tmp_path, raw.encode("latin-1"))
    assert rows(engine, "SELECT topic FROM interaction") == [("é\x81",)]
