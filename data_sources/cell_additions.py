"""Newly stored interactions added to the summary cells, without recomputing their days.

A day holds tens of thousands of interactions at 10 M; an import adds a few thousand. Every
counter of a cell and every histogram bucket is a sum over the interactions (with their
promises and reviews) of the cell, so the cells of the new interactions alone — day cells,
team roll-ups, week roll-ups — are added to the stored cells of the same keys: the work is
in proportion to the import, not to the days it touches.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator

import pandas as pd
from sqlalchemy import ColumnElement, Connection, delete, select

from data_sources.aggregates import cell, cells_of, with_cell_keys, write_cells
from data_sources.kpi_rows import (
    interaction,
    interaction_rows,
    promise,
    promise_rows,
    read_frame,
    review,
    review_rows,
)
from data_sources.settings import channel_targets
from data_sources.week_cells import KEYS, merge_cells, week_rollups
from kpis.facts import interaction_facts, promise_facts, review_facts

IDS_PER_QUERY = 5_000
DAYS_PER_ROUND = 7


def _batches(ids: list[int]) -> Iterator[Callable[[ColumnElement[int]], ColumnElement[bool]]]:
    """Conditions on an interaction-id column that select ``ids`` (sorted, unique) a batch at
    a time: one range when they are consecutive, as an import's new ids usually are."""
    if ids and ids[-1] - ids[0] + 1 == len(ids):
        yield lambda column: column.between(ids[0], ids[-1])
        return
    for start in range(0, len(ids), IDS_PER_QUERY):
        chosen = ids[start : start + IDS_PER_QUERY]
        yield lambda column, chosen=chosen: column.in_(chosen)  # type: ignore[misc]


def _cells_of_interactions(connection: Connection, ids: list[int]) -> pd.DataFrame:
    targets = channel_targets(connection)
    parts = []
    for batch in _batches(ids):
        # Each table through its own index on the interaction id.
        day_cells = cells_of(
            [
                with_cell_keys(
                    interaction_facts(
                        interaction_rows(connection, [batch(interaction.c.id)]),
                        channel_targets=targets,
                    )
                ),
                with_cell_keys(
                    promise_facts(promise_rows(connection, [batch(promise.c.interaction_id)]))
                ),
                with_cell_keys(
                    review_facts(review_rows(connection, [batch(review.c.interaction_id)]))
                ),
            ]
        )
        parts += [day_cells, week_rollups(day_cells)]
    return pd.concat(parts, ignore_index=True)


def add_interactions(connection: Connection, ids: Collection[int]) -> None:
    """Add the interactions ``ids`` (not yet counted in any cell) to the summary cells.

    The stored cells of the touched days (and Mondays, for the weeks) and teams are read
    through the (team, day) index, replaced, and written back: the ones the new interactions
    touch merged with theirs, the others unchanged.
    """
    add_cells(connection, _cells_of_interactions(connection, sorted(set(ids))))  # a key may repeat


def add_cells(connection: Connection, added: pd.DataFrame) -> None:
    """Add cell rows (day cells and their week roll-ups, ``day`` as ``YYYY-MM-DD``) of
    interactions not yet counted to the stored cells of the same keys.

    The importer builds them from the rows it parsed (``importing/upkeep.py``) instead of
    reading the new interactions back.
    """
    if added.empty:
        return
    # A week of days at a time: the stored cells read and their histograms merged stay a
    # week's worth, however many days the addition spans.
    every_day = sorted(added["day"].unique())
    for start in range(0, len(every_day), DAYS_PER_ROUND):
        chosen = added[added["day"].isin(every_day[start : start + DAYS_PER_ROUND])]
        _add_days(connection, chosen.reset_index(drop=True))


def _add_days(connection: Connection, added: pd.DataFrame) -> None:
    days = sorted(pd.to_datetime(added["day"]).dt.date.unique())
    teams = sorted(int(team) for team in added["team_id"].unique())
    where = (cell.c.day.in_(days), cell.c.team_id.in_(teams))
    stored = read_frame(connection, select(cell).where(*where))
    connection.execute(delete(cell).where(*where))
    stored["day"] = pd.to_datetime(stored["day"]).dt.strftime("%Y-%m-%d")
    touched = pd.MultiIndex.from_frame(stored[KEYS]).isin(pd.MultiIndex.from_frame(added[KEYS]))
    write_cells(connection, stored[~touched])
    write_cells(connection, merge_cells(pd.concat([stored[touched], added], ignore_index=True)))
