"""What a KPI report reads: summary cells, raw rows, open items and public ratings.

Each reader returns counters summed per report group and, for the percentile KPIs, their
values per group: exact from raw rows, or from the cells' mergeable histograms (plus the raw
rows of partial days at the window's edges). Filters and scope are in every query.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Connection, select

from data_sources.aggregates import ALL_AGENTS, cell, with_cell_keys
from data_sources.kpi_rows import (
    created_between,
    interaction_rows,
    promise_rows,
    read_frame,
    review_rows,
    unkept_promise_rows,
)
from data_sources.models import PublicReview
from data_sources.report_groups import GROUP, PERIODS, Filters, group_key, period_start
from data_sources.unanswered_work import unanswered_breaches
from data_sources.week_cells import ALL_CHANNELS, WEEK_ALL_AGENTS, whole_weeks
from kpis import percentiles
from kpis.facts import COUNTERS, interaction_facts, open_facts, promise_facts, review_facts
from kpis.summaries import coded_percentiles, exact_percentiles, histogram_entries, sums
from kpis.window import Window

_public_review = PublicReview.__table__  # type: ignore[attr-defined]


def read_cells(
    connection: Connection,
    first: datetime,
    end: datetime,
    *,
    by: str | None,
    filters: Filters,
) -> pd.DataFrame:
    """The cells of the whole days ``[first, end)`` that the report can use: the fewest that
    still hold its groups and filters (``week_cells`` lists the roll-ups).

    Per agent when the report groups or filters by agent, else the team roll-ups; over all
    channels unless it groups or filters by channel; week roll-ups for the whole weeks inside
    the span unless it groups by day or month (an agent's weeks exist over all channels only).
    """
    # A scope that reaches single agents (an agent's own figures) needs the per-agent cells.
    by_agent = by == "agent" or bool(filters.agents) or _scoped_to_agents(filters)
    every_channel = by != "channel" and not filters.channels
    weekly = by not in ("day", "month") and (every_channel or not by_agent)
    week_start, week_end = whole_weeks(first, end)
    if not weekly or week_start >= week_end:
        return _cells(connection, first, end, filters, by_agent, every_channel, weeks=False)
    parts = [_cells(connection, week_start, week_end, filters, by_agent, every_channel, weeks=True)]
    for start, stop in ((first, week_start), (week_end, end)):
        if start < stop:
            parts.append(
                _cells(connection, start, stop, filters, by_agent, every_channel, weeks=False)
            )
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _scoped_to_agents(filters: Filters) -> bool:
    return not filters.scope.sees_everything and bool(filters.scope.agent_ids)


def _cells(
    connection: Connection,
    first: datetime,
    end: datetime,
    filters: Filters,
    by_agent: bool,
    every_channel: bool,
    *,
    weeks: bool,
) -> pd.DataFrame:
    query = select(cell).where(cell.c.day >= first.date(), cell.c.day < end.date())
    query = query.where(filters.scope.where_interaction(cell.c.team_id, cell.c.agent_key))
    if teams := sorted(filters.teams):
        query = query.where(cell.c.team_id.in_(teams))
    if agents := sorted(filters.agents):
        query = query.where(cell.c.agent_key.in_(agents))
    elif by_agent:
        query = query.where(cell.c.agent_key >= 0)
    else:
        query = query.where(cell.c.agent_key == (WEEK_ALL_AGENTS if weeks else ALL_AGENTS))
    if channels := sorted(filters.channels):
        query = query.where(cell.c.channel.in_(channels))
    elif every_channel and (weeks or not by_agent):
        query = query.where(cell.c.channel == ALL_CHANNELS)
    else:
        query = query.where(cell.c.channel != ALL_CHANNELS)
    frame = read_frame(connection, query)
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def _raw_facts(
    connection: Connection,
    conditions: list[ColumnElement[bool]],
    targets: dict[str, float],
    by: str | None,
) -> list[pd.DataFrame]:
    interactions = interaction_facts(
        interaction_rows(connection, conditions), channel_targets=targets
    )
    promises = promise_facts(promise_rows(connection, conditions))
    reviews = review_facts(review_rows(connection, conditions))
    return [group_key(with_cell_keys(f), by) for f in (interactions, promises, reviews)]


def from_raw_rows(
    connection: Connection,
    window: Window,
    filters: Filters,
    targets: dict[str, float],
    by: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sums and exact percentiles per group, from every raw row of the window."""
    conditions = [*created_between(window.start, window.end), *filters.conditions()]
    frames = _raw_facts(connection, conditions, targets, by)
    return sums(frames, GROUP), exact_percentiles(frames, GROUP)


def from_cells(
    connection: Connection,
    cells: pd.DataFrame,
    edges: list[tuple[datetime, datetime]],
    filters: Filters,
    targets: dict[str, float],
    by: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sums and histogram percentiles per group, from cells plus the raw rows of the edges."""
    frames = []
    for start, end in edges:
        conditions = [*created_between(start, end), *filters.conditions()]
        frames += _raw_facts(connection, conditions, targets, by)
    cells = group_key(cells, by)
    totals = sums([cells[["group", *COUNTERS]], *frames], GROUP)
    edges_entries = histogram_entries(frames, GROUP)
    codes, groups = pd.factorize(pd.concat([cells["group"], edges_entries["group"]]))
    owner, metric, bucket, count = percentiles.decode(
        list(cells["histograms"]), codes[: len(cells)]
    )
    spread = coded_percentiles(
        np.concatenate([owner, codes[len(cells) :]]),
        np.concatenate([metric, edges_entries["metric"].to_numpy(np.int64)]),
        np.concatenate([bucket, edges_entries["bucket"].to_numpy(np.int64)]),
        np.concatenate([count, edges_entries["count"].to_numpy(np.int64)]).astype(np.float64),
        groups=len(groups),
    )
    spread.index = pd.Index(groups, name="group")
    return totals, spread


def open_items(
    connection: Connection,
    window: Window,
    filters: Filters,
    targets: dict[str, float],
    as_of: datetime,
    by: str | None,
) -> pd.DataFrame:
    """Unanswered interactions and unkept promises of the window, judged at ``as_of``: the
    breaches of unanswered ones counted by the database, unkept promises row by row."""
    conditions = [
        *created_between(window.start, window.end),
        *filters.conditions(open_items=True),
    ]
    breaches = unanswered_breaches(connection, conditions, as_of=as_of, channel_targets=targets)
    promises = open_facts(
        breaches.iloc[:0].drop(columns="unanswered_breached"),  # no row: counted above
        unkept_promise_rows(connection, conditions),
        as_of=as_of,
        channel_targets=targets,
    )
    opened = pd.concat([breaches, promises], ignore_index=True)
    return group_key(with_cell_keys(opened), by)


def public_ratings(
    connection: Connection, *, window: Window, by: str | None, filters: Filters
) -> pd.DataFrame | None:
    """Sum and count of public ratings per group; None where they are undefined (agent, channel)."""
    if by in ("agent", "channel") or filters.agents or filters.channels:
        return None
    review = _public_review
    query = select(review.c.team_id, review.c.published_at, review.c.rating).where(
        review.c.published_at >= window.start,
        review.c.published_at < window.end,
        filters.scope.where(review.c.team_id),
    )
    if teams := sorted(filters.teams):
        query = query.where(review.c.team_id.in_(teams))
    if by == "team":
        query = query.where(review.c.team_id.is_not(None))
    rows = pd.DataFrame.from_records(
        list(connection.execute(query)), columns=["team_id", "published_at", "rating"]
    )
    if rows.empty:
        return pd.DataFrame(
            columns=["peer_review_sum", "peer_review_count"], index=pd.Index([], name="group")
        )
    if by in PERIODS:
        days = pd.to_datetime(rows["published_at"], utc=True).dt.tz_convert(None).dt.normalize()
        rows["group"] = period_start(days, by)
    elif by == "team":
        rows["group"] = rows["team_id"].astype("int64")
    else:
        rows["group"] = ""
    grouped = rows.groupby("group")["rating"]
    return pd.DataFrame({"peer_review_sum": grouped.sum(), "peer_review_count": grouped.count()})
