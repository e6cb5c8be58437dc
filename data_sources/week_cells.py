"""Roll-ups of the summary cells: fewer, fuller histograms for long windows.

A 90-day report over day cells merges tens of thousands of histograms at 10 M interactions.
Roll-ups merge far fewer, and they are keyed in the same ``kpicell`` table by sentinels:

- ``channel`` ``*`` (``ALL_CHANNELS``): every channel of the cell's other keys;
- ``agent_key`` -1 per team by day, -2 per team by ISO week (``day`` = the Monday), each per
  channel and over all channels;
- ``agent_key`` ≥ 0 with ``channel`` ``*``: one agent over every channel of an ISO week
  (``day`` = the Monday; there is no per-day all-channels row for an agent).

Week roll-ups are rebuilt from the day cells of their week whenever one of its days is
refreshed (and grow by addition on ``cell_additions``), so they never disagree with them.
Counters add up and histograms merge by addition (``kpis/percentiles.py``): ``merge_cells``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, delete, or_, select

from kpis import percentiles
from kpis.facts import COUNTERS

WEEK_ALL_AGENTS = -2
ALL_CHANNELS = "*"
KEYS = ["agent_key", "day", "team_id", "channel"]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def whole_weeks(first: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The span of whole ISO weeks inside ``[first, end)`` (both at UTC midnight)."""
    start = first + timedelta(days=(7 - first.weekday()) % 7)
    return start, end - timedelta(days=end.weekday())


def merge_cells(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per cell key of ``rows``: counters summed, histograms merged."""
    if rows.empty:
        return rows.reindex(columns=[*KEYS, *COUNTERS, "histograms"])
    codes, groups = pd.factorize(pd.MultiIndex.from_frame(rows[KEYS]))
    totals = rows.groupby(codes)[list(COUNTERS)].sum().sort_index()
    owner, metric, bucket, count = percentiles.decode(list(rows["histograms"]), codes)
    blobs = [b""] * len(groups)
    if len(owner):
        # One sort of (cell, entry) keys, then the counts of equal keys added up.
        combined = owner << 32 | percentiles.pair_keys(metric, bucket)
        order = np.argsort(combined, kind="stable")
        combined = combined[order]
        firsts = np.flatnonzero(np.diff(combined, prepend=-1))
        counts = np.add.reduceat(count[order], firsts)
        combined = combined[firsts]
        pairs = np.column_stack([combined & 0xFFFFFFFF, counts]).astype("<i4")
        owners = combined >> 32
        boundaries = np.flatnonzero(np.diff(owners)) + 1
        cell_of_chunk = owners[np.concatenate([[0], boundaries])]
        for cell_index, chunk in zip(cell_of_chunk, np.split(pairs, boundaries), strict=True):
            blobs[int(cell_index)] = chunk.tobytes()
    cells = pd.DataFrame(list(groups), columns=KEYS)
    cells = pd.concat([cells, totals.reset_index(drop=True)], axis=1)
    cells["histograms"] = blobs
    return cells


def week_rollups(day_cells: pd.DataFrame) -> pd.DataFrame:
    """The week roll-ups (per team, per agent) of day cells, ``day`` as ``YYYY-MM-DD``."""
    teams = day_cells[day_cells["agent_key"] == -1].assign(agent_key=WEEK_ALL_AGENTS)
    agents = day_cells[(day_cells["agent_key"] >= 0) & (day_cells["channel"] != ALL_CHANNELS)]
    rows = pd.concat([teams, agents.assign(channel=ALL_CHANNELS)], ignore_index=True)
    if rows.empty:
        return merge_cells(rows)
    days = pd.to_datetime(rows["day"])
    rows["day"] = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    return merge_cells(rows)


def refresh_weeks(connection: Connection, *, days: Iterable[date]) -> None:
    """Rebuild the week roll-ups of every ISO week holding one of ``days``."""
    from data_sources.aggregates import ALL_AGENTS, cell, write_cells
    from data_sources.kpi_rows import read_frame

    mondays = sorted({monday(day) for day in days})
    if not mondays:
        return
    first, end = mondays[0], mondays[-1] + timedelta(days=7)
    query = select(cell).where(
        cell.c.day >= first,
        cell.c.day < end,
        or_(
            cell.c.agent_key == ALL_AGENTS,
            and_(cell.c.agent_key >= 0, cell.c.channel != ALL_CHANNELS),
        ),
    )
    day_cells = read_frame(connection, query)
    days_read = pd.to_datetime(day_cells["day"])
    week_of = days_read - pd.to_timedelta(days_read.dt.day_of_week, unit="D")
    day_cells = day_cells[week_of.isin(pd.to_datetime(mondays))]
    for start in mondays:
        connection.execute(
            delete(cell).where(
                cell.c.day == start,
                or_(
                    cell.c.agent_key == WEEK_ALL_AGENTS,
                    and_(cell.c.agent_key >= 0, cell.c.channel == ALL_CHANNELS),
                ),
            )
        )
    write_cells(connection, week_rollups(day_cells))
