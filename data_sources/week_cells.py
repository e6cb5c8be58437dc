"""Week roll-ups of the summary cells: fewer, fuller histograms for long windows.

A 90-day overview over day cells merges tens of thousands of histograms at 10 M
interactions; one roll-up per ISO week × team × channel (``agent_key`` -2, ``day`` = the
Monday) merges a seventh as many. They are rebuilt from the day roll-ups (``agent_key`` -1)
of their week whenever one of its days is refreshed, so they never disagree with them.
Reports use them for whole weeks inside the window when they group by nothing, team,
channel or week and do not filter by agent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, select

from kpis import percentiles
from kpis.facts import COUNTERS

WEEK_ALL_AGENTS = -2
ROLLUP_KEYS = ["day", "team_id", "channel"]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def whole_weeks(first: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The span of whole ISO weeks inside ``[first, end)`` (both at UTC midnight)."""
    start = first + timedelta(days=(7 - first.weekday()) % 7)
    return start, end - timedelta(days=end.weekday())


def week_rollups(day_rollups: pd.DataFrame) -> pd.DataFrame:
    """Week roll-up rows from the day roll-up rows of whole weeks (any cell columns)."""
    rows = day_rollups.copy()
    rows["day"] = pd.to_datetime(rows["day"])
    rows["day"] = rows["day"] - pd.to_timedelta(rows["day"].dt.day_of_week, unit="D")
    codes, groups = pd.factorize(pd.MultiIndex.from_frame(rows[ROLLUP_KEYS]))
    totals = rows.groupby(codes)[list(COUNTERS)].sum().sort_index()
    owner, metric, bucket, count = percentiles.decode(list(rows["histograms"]), codes)
    entries = pd.DataFrame({"group": owner, "metric": metric, "bucket": bucket, "count": count})
    merged = entries.groupby(["group", "metric", "bucket"], sort=True)["count"].sum().reset_index()
    blobs = [b""] * len(groups)
    if len(merged):
        boundaries = np.flatnonzero(np.diff(merged["group"].to_numpy())) + 1
        for part in np.split(np.arange(len(merged)), boundaries):
            chosen = merged.iloc[part]
            blobs[int(chosen["group"].iloc[0])] = percentiles.encode(
                chosen["metric"].to_numpy(np.int64),
                chosen["bucket"].to_numpy(np.int64),
                chosen["count"].to_numpy(np.int64),
            )
    weeks = pd.DataFrame(list(groups), columns=ROLLUP_KEYS)
    weeks = pd.concat([weeks, totals.reset_index(drop=True)], axis=1)
    weeks["agent_key"] = WEEK_ALL_AGENTS
    weeks["histograms"] = blobs
    return weeks


def refresh_weeks(connection: Connection, *, days: Iterable[date]) -> None:
    """Rebuild the week roll-ups of every ISO week holding one of ``days``."""
    from data_sources.aggregates import ALL_AGENTS, cell, write_cells
    from data_sources.kpi_rows import read_frame

    mondays = sorted({monday(day) for day in days})
    if not mondays:
        return
    first, end = mondays[0], mondays[-1] + timedelta(days=7)
    query = select(cell).where(
        cell.c.agent_key == ALL_AGENTS, cell.c.day >= first, cell.c.day < end
    )
    rollups = read_frame(connection, query)
    days_read = pd.to_datetime(rollups["day"])
    week_of = days_read - pd.to_timedelta(days_read.dt.day_of_week, unit="D")
    rollups = rollups[week_of.isin(pd.to_datetime(mondays))]
    for start in mondays:
        connection.execute(
            delete(cell).where(cell.c.agent_key == WEEK_ALL_AGENTS, cell.c.day == start)
        )
    if len(rollups):
        weeks = week_rollups(rollups)
        weeks["day"] = weeks["day"].dt.strftime("%Y-%m-%d")
        write_cells(connection, weeks)
