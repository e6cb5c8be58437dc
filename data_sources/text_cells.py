"""The text KPIs' counters in the summary cells follow the stored transcript flags.

The cell refresh (``aggregates``) reads each interaction with its stored flags, so a cell
counts what ``InteractionText`` says at the time it is built. The transcript analysis runs
after that refresh, in the same transaction, and may change the flags (new interactions,
new messages, an edited phrase list): ``TextCellChanges`` collects, per analysed batch, the
difference between the counters of the flags before and after, summed per cell key, and
``apply`` adds it to the stored day cells, their team roll-ups and week roll-ups. The work
is in proportion to the cells touched, not to the days, and nothing is done for flags that
did not change (re-analysing with the same lists writes no cell).

It relies on the cells already counting the analysed interactions, which holds when the
analysis runs after the writer's ``refresh_after_write``, as every writer does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, select

from data_sources.aggregates import CELL_KEYS, cells_of, with_cell_keys
from data_sources.kpi_rows import interaction, parse_times, read_frame, text_flags
from data_sources.week_cells import week_rollups
from kpis.facts import GROUP_COLUMNS, TEXT_COUNTERS, TEXT_FLAGS, text_counters


def stored_flags(connection: Connection, ids: Sequence[int]) -> pd.DataFrame:
    """The interactions ``ids`` with their cell keys and stored flags (None: not analysed)."""
    query = (
        select(
            interaction.c.id.label("interaction_id"),
            interaction.c.team_id,
            interaction.c.agent_id,
            interaction.c.channel,
            interaction.c.created_at.label("created_at"),
            *(text_flags.c[name] for name in TEXT_FLAGS),
        )
        .select_from(
            interaction.outerjoin(text_flags, text_flags.c.interaction_id == interaction.c.id)
        )
        .where(interaction.c.id.in_(list(ids)))
    )
    frame = parse_times(connection, read_frame(connection, query), ("created_at",))
    frame["agent_id"] = frame["agent_id"].fillna(0).astype("int64")
    return frame


def _counted(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(text_counters(rows), index=rows.index)


class TextCellChanges:
    """What the text counters of the cells must gain, gathered batch by batch."""

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []

    def add(self, before: pd.DataFrame, after: Mapping[str, Sequence[Any]]) -> None:
        """``before``: ``stored_flags`` of a batch; ``after``: the flags now stored for it, as
        columns (``interaction_id`` and ``TEXT_FLAGS``), an interaction absent having none."""
        if before.empty:
            return
        new = pd.DataFrame(
            {name: list(after.get(name, ())) for name in ("interaction_id", *TEXT_FLAGS)}
        )
        now = before[["interaction_id", *GROUP_COLUMNS]].merge(new, on="interaction_id", how="left")
        change = _counted(now.set_index(before.index)) - _counted(before)
        moved = change.ne(0).any(axis=1)
        if not moved.any():
            return
        facts = pd.concat([before.loc[moved, list(GROUP_COLUMNS)], change[moved]], axis=1)
        facts = with_cell_keys(facts)
        self._parts.append(facts.groupby(list(CELL_KEYS), sort=False)[list(TEXT_COUNTERS)].sum())

    def apply(self, connection: Connection) -> int:
        """Add the gathered changes to the stored cells; returns how many cells changed."""
        if not self._parts:
            return 0
        summed = pd.concat(self._parts).groupby(level=list(range(len(CELL_KEYS)))).sum()
        self._parts = []
        day_cells = cells_of([summed.reset_index()])
        cells = pd.concat([day_cells, week_rollups(day_cells)], ignore_index=True)
        cells = cells[cells[list(TEXT_COUNTERS)].ne(0).any(axis=1)]
        add_to_cells(connection, cells)
        return len(cells)


def add_to_cells(connection: Connection, cells: pd.DataFrame) -> None:
    """Add the text counters of ``cells`` (keys ``CELL_KEYS``, ``day`` as ``YYYY-MM-DD``) to
    the stored cells of the same keys: ``executemany`` on SQLite, ``COPY`` into a temporary
    table and one ``UPDATE ... FROM`` on PostgreSQL. Names are this module's constants;
    values are bound or streamed, never spliced."""
    if cells.empty:
        return
    columns = [*CELL_KEYS, *TEXT_COUNTERS]
    typed = cells[columns].astype(
        {name: "int64" for name in (*TEXT_COUNTERS, "team_id", "agent_key")}
    )
    rows = list(zip(*(typed[c].tolist() for c in columns), strict=True))
    raw: Any = connection.connection.driver_connection
    if connection.dialect.name == "sqlite":
        gains = ", ".join(f"{name} = {name} + ?" for name in TEXT_COUNTERS)
        keys = " AND ".join(f"{key} = ?" for key in CELL_KEYS)
        ordered = [(*row[len(CELL_KEYS) :], *row[: len(CELL_KEYS)]) for row in rows]
        raw.executemany(f"UPDATE kpicell SET {gains} WHERE {keys}", ordered)  # noqa: S608
        return
    counters = ", ".join(f"{name} integer" for name in TEXT_COUNTERS)
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE text_cell_change (day date, team_id integer, "
            f"agent_key integer, channel varchar(20), {counters})"
        )
        with cursor.copy(f"COPY text_cell_change ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        gains = ", ".join(f"{name} = k.{name} + c.{name}" for name in TEXT_COUNTERS)
        keys = " AND ".join(f"k.{key} = c.{key}" for key in CELL_KEYS)
        cursor.execute(f"UPDATE kpicell AS k SET {gains} FROM text_cell_change AS c WHERE {keys}")  # noqa: S608
        cursor.execute("DROP TABLE text_cell_change")
