"""Newly stored interactions added to the summary cells, without recomputing their days.

A day holds tens of thousands of interactions at 10 M; an import adds a few thousand. Every
counter of a cell and every histogram bucket is a sum over the interactions (with their
promises and reviews) of the cell, so the cells of the new interactions alone — day cells,
team roll-ups, week roll-ups — are added to the stored cells of the same keys: the work is
in proportion to the import, not to the days it touches.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
from sqlalchemy import Connection, delete, select, tuple_

from data_sources.aggregates import cell, cells_of, with_cell_keys, write_cells
from data_sources.kpi_rows import (
    interaction,
    interaction_rows,
    promise_rows,
    read_frame,
    review_rows,
)
from data_sources.settings import channel_targets
from data_sources.week_cells import KEYS, merge_cells, week_rollups
from kpis.facts import interaction_facts, promise_facts, review_facts

IDS_PER_QUERY = 5_000
KEYS_PER_QUERY = 500


def _cells_of_interactions(connection: Connection, ids: list[int]) -> pd.DataFrame:
    targets = channel_targets(connection)
    parts = []
    for start in range(0, len(ids), IDS_PER_QUERY):
        conditions = [interaction.c.id.in_(ids[start : start + IDS_PER_QUERY])]
        day_cells = cells_of(
            [
                with_cell_keys(
                    interaction_facts(
                        interaction_rows(connection, conditions), channel_targets=targets
                    )
                ),
                with_cell_keys(promise_facts(promise_rows(connection, conditions))),
                with_cell_keys(review_facts(review_rows(connection, conditions))),
            ]
        )
        parts += [day_cells, week_rollups(day_cells)]
    return merge_cells(pd.concat(parts, ignore_index=True))


def _key_tuples(cells: pd.DataFrame) -> list[tuple[int, object, int, str]]:
    days = pd.to_datetime(cells["day"]).dt.date
    return list(
        zip(
            cells["agent_key"].astype("int64").tolist(),
            days.tolist(),
            cells["team_id"].astype("int64").tolist(),
            cells["channel"].astype(str).tolist(),
            strict=True,
        )
    )


def add_interactions(connection: Connection, ids: Collection[int]) -> None:
    """Add the interactions ``ids`` (not yet counted in any cell) to the summary cells."""
    added = _cells_of_interactions(connection, sorted(set(ids)))
    if added.empty:
        return
    key = tuple_(*(cell.c[name] for name in KEYS))
    keys = _key_tuples(added)
    stored = []
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chosen = keys[start : start + KEYS_PER_QUERY]
        stored.append(read_frame(connection, select(cell).where(key.in_(chosen))))
        connection.execute(delete(cell).where(key.in_(chosen)))
    both = pd.concat([*stored, added], ignore_index=True)
    both["day"] = pd.to_datetime(both["day"]).dt.strftime("%Y-%m-%d")
    write_cells(connection, merge_cells(both))
