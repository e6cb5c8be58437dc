"""Adding new interactions to the summary cells gives the cells a full recomputation gives.

``refresh_after_write(added=…)`` adds the cells of newly stored interactions to the stored
ones (day cells, team roll-ups, week roll-ups) instead of recomputing their days. On random
organisations from the reference test, cells built in two additions, or in one addition on
top of cells recomputed for the other half, must equal cells recomputed from every raw row:
same keys, same counters, same histograms. Both databases.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, select

from data_sources.aggregates import refresh_after_write
from data_sources.kpi_rows import interaction, read_frame
from data_sources.models import KpiCell
from data_sources.week_cells import KEYS
from tests.test_kpi_property import interactions, store

cell = KpiCell.__table__  # type: ignore[attr-defined]


def stored_cells(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        frame = read_frame(connection, select(cell))
    frame["day"] = pd.to_datetime(frame["day"]).dt.strftime("%Y-%m-%d")
    frame["histograms"] = [bytes(blob) for blob in frame["histograms"]]
    return frame.sort_values(KEYS).reset_index(drop=True)


def created_days(engine: Engine, ids: list[int]) -> list[Any]:
    with engine.connect() as connection:
        query = select(interaction.c.created_at).where(interaction.c.id.in_(ids))
        return sorted({moment.date() for moment in connection.execute(query).scalars()})


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=interactions, split=st.floats(0, 1), interleaved=st.booleans(), days_too=st.booleans())
def test_added_interactions_give_the_recomputed_cells(
    engine: Engine, rows: list[dict[str, Any]], split: float, interleaved: bool, days_too: bool
) -> None:
    """Cells grown by two additions (consecutive ids, or every other id) hold exactly the
    counters and histograms of a recomputation, also when the second write names its days
    to recompute as well."""
    store(engine, rows, [])
    recomputed = stored_cells(engine)
    ids = list(range(1, len(rows) + 1))
    first, second = ids[: round(split * len(ids))], ids[round(split * len(ids)) :]
    if interleaved:
        first, second = ids[::2], ids[1::2]
    days = created_days(engine, second) if days_too else []
    with engine.begin() as connection:
        connection.execute(delete(cell))
        refresh_after_write(connection, days=(), added=first)
    with engine.begin() as connection:
        refresh_after_write(connection, days=days, added=second)
    grown = stored_cells(engine)
    assert len(grown) == len(recomputed)
    assert grown[KEYS].equals(recomputed[KEYS])
    pd.testing.assert_frame_equal(
        grown.drop(columns="qa_sum"), recomputed.drop(columns="qa_sum"), check_dtype=False
    )
    assert grown["qa_sum"].tolist() == pytest.approx(recomputed["qa_sum"].tolist())


def test_an_added_interaction_grows_its_cells_by_one(engine: Engine) -> None:
    """Three phone interactions stored, a fourth added: the team's day holds 4, its week 4."""
    from data_sources.aggregates import ALL_AGENTS
    from data_sources.week_cells import ALL_CHANNELS, WEEK_ALL_AGENTS

    row = {
        "created": 30, "micro": 0, "team": 1, "agent": 1, "channel": "phone", "answered": 10,
        "resolved": None, "escalated": False, "transfers": 0, "reopens": 0, "csat": None,
        "promises": [], "reviews": [],
    }  # fmt: skip
    store(engine, [row, row, row, row], [])
    with engine.begin() as connection:
        connection.execute(delete(cell))
        refresh_after_write(connection, days=(), added=[1, 2, 3])
        refresh_after_write(connection, days=(), added=[4])
    volumes = stored_cells(engine).set_index(["agent_key", "channel"])["volume"]
    assert volumes[(ALL_AGENTS, "phone")] == 4
    assert volumes[(ALL_AGENTS, ALL_CHANNELS)] == 4
    assert volumes[(WEEK_ALL_AGENTS, ALL_CHANNELS)] == 4
    assert volumes[(1, "phone")] == 4
    assert volumes[(1, ALL_CHANNELS)] == 4
