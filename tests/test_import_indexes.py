"""A large file into a small SQLite table rebuilds its indexes; every index is there after it.

``importing/indexes.py`` drops the interaction tables' secondary indexes for a file large
against the table and builds them again inside the import's transaction. Whatever happens,
the database must end with the same indexes: after an import, after an import that fails
half-way (rolled back), and on PostgreSQL, where nothing is dropped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect

from data_sources.importing import indexes, pipeline
from tests.import_support import count, run

HEADER = "interaction_id,created_at,channel,team,agent\n"


def index_names(engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {
        table.name: sorted(str(index["name"]) for index in inspector.get_indexes(table.name))
        for table in indexes.TABLES
    }


def rows_of(first: int, number: int) -> str:
    lines = (
        f"I{n},2026-06-{1 + n % 28:02d}T10:00:00Z,chat,Team {n % 3},a{n % 5}\n"
        for n in range(first, first + number)
    )
    return HEADER + "".join(lines)


def test_indexes_are_back_after_a_large_file(engine: Engine, tmp_path: Path) -> None:
    before = index_names(engine)
    assert "ix_interaction_team_created" in before["interaction"]
    with engine.begin() as connection:
        dropped = indexes.set_aside(connection, 10)
        # On SQLite an empty table is small against any file; PostgreSQL is never touched.
        assert len(dropped) == (10 if engine.dialect.name == "sqlite" else 0)
        indexes.restore(connection, dropped)
    summary = run(engine, tmp_path, rows_of(0, 30))
    assert summary.inserted == 30
    assert index_names(engine) == before


def test_a_small_file_into_a_large_table_keeps_the_indexes(engine: Engine, tmp_path: Path) -> None:
    """40 rows stored, a file of 5 (40 > 4 × 5): the indexes stay, the rows are written."""
    run(engine, tmp_path, rows_of(0, 40), "big.csv")
    with engine.begin() as connection:
        assert indexes.set_aside(connection, 5) == []
    run(engine, tmp_path, rows_of(40, 5), "small.csv")
    assert count(engine, "interaction") == 45


def test_a_failed_import_leaves_rows_and_indexes_as_before(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second batch fails: nothing of the file is stored and every index is still there."""
    before = index_names(engine)
    calls = []
    real = pipeline.WRITERS[0][1]

    def failing(batch: object, rows: list[object]) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        real(batch, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "BATCH_ROWS", 10)
    monkeypatch.setattr(pipeline, "WRITERS", (("interactions", failing), *pipeline.WRITERS[1:]))
    with pytest.raises(RuntimeError):
        run(engine, tmp_path, rows_of(0, 30))
    assert count(engine, "interaction") == 0
    assert index_names(engine) == before
