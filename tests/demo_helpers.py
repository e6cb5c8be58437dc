"""Writing a small demo into a test database and reading it back as plain frames.

The stories are checked with pandas and SQL written in the tests, not with the product's KPI
engine, so a mistake in one cannot hide a mistake in the other.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from data_sources.demo import DemoSummary, generate_demo
from data_sources.engine import make_engine
from data_sources.models import metadata

# The demo's "now" in these tests: the end of 2026-03-31 (pulse demo --until 2026-03-31).
NOW = datetime(2026, 4, 1, tzinfo=UTC)
SIZE = 6_000
SEED = 11


def write_demo(engine: Engine, *, size: int = SIZE, seed: int = SEED) -> DemoSummary:
    with engine.begin() as connection:
        return generate_demo(connection, interactions=size, seed=seed, now=NOW)


def frame(engine: Engine, query: str) -> pd.DataFrame:
    """The query's rows; every column ending in ``_at`` read as UTC timestamps."""
    with engine.connect() as connection:
        rows = pd.read_sql(text(query), connection)
    for column in rows.columns:
        if column.endswith("_at"):
            rows[column] = pd.to_datetime(rows[column], utc=True, format="ISO8601")
    return rows


def interactions(engine: Engine) -> pd.DataFrame:
    return frame(
        engine,
        """
        SELECT i.*, t.name AS team
        FROM interaction i JOIN team t ON t.id = i.team_id
        """,
    )


TABLES = (
    "team", "person", "customer", "interaction", "message", "promise",
    "scorecard", "scorecardcategory", "qareview", "qaanswer", "publicreview",
)  # fmt: skip


def dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return {
            table: [
                tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))
            ]
            for table in TABLES
        }


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One demo of ``SIZE`` interactions per database, shared by a module's read-only tests."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("demo") / "pulse.db"
        shutil.copy(template, path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_schema_url"))
        tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    write_demo(engine)
    yield engine
    engine.dispose()
