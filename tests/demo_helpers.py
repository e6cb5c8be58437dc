"""Writing a small demo into a test database and reading it back as plain frames.

The stories are checked with pandas and SQL written in the tests, not with the product's KPI
engine, so a mistake in one cannot hide a mistake in the other.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, text

from data_sources.demo import DemoSummary, generate_demo

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
