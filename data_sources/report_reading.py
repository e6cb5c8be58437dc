"""What a KPI report reads: summary cells, raw rows, open items and public ratings.

Each reader returns what it read before any grouping (``Counted``, open items, public rating
rows), so that one read serves every grouping a page asks for; grouped, they give counters
summed per report group and, for the percentile KPIs, their values per group: exact from raw
rows, or from the cells' mergeable histograms (plus the raw rows of partial days at the
window's edges). Filters and scope are in every query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Connection, String, select, type_coerce

from data_sources.aggregates import ALL_AGENTS, cell, with_cell_keys
from data_sources.kpi_rows import (
    created_between,
    interaction_rows,
    parse_times,
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
UNRATED = ("agent", "channel")
"""Groupings public ratings are undefined for: a public review names neither."""


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


def raw_facts(
    connection: Connection,
    spans: list[tuple[datetime, datetime]],
    filters: Filters,
    targets: dict[str, float],
) -> list[pd.DataFrame]:
    """The facts of the interactions created in ``spans`` that the filters keep, with their
    promises and internal reviews, each frame with its cell keys (not yet grouped)."""
    frames = []
    for start, end in spans:
        conditions = [*created_between(start, end), *filters.conditions()]
        interactions = interaction_facts(
            interaction_rows(connection, conditions), channel_targets=targets
        )
        promises = promise_facts(promise_rows(connection, conditions))
        reviews = review_facts(review_rows(connection, conditions))
        frames += [with_cell_keys(f) for f in (interactions, promises, reviews)]
    return frames


@dataclass
class Counted:
    """What a report has read before it is grouped, so that one read serves several groupings.

    Exact (``cells`` None): the facts of every raw row of the window. Otherwise the cells of
    its whole days, their histogram entries decoded once (owner: the cell's row), and the facts
    of the partial days at its edges.
    """

    facts: list[pd.DataFrame]
    cells: pd.DataFrame | None = None
    entries: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def grouped(self, by: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Sums and percentiles per group of ``by``: exact, or from the cells' histograms."""
        frames = [group_key(f, by) for f in self.facts]
        if self.cells is None or self.entries is None:
            return sums(frames, GROUP), exact_percentiles(frames, GROUP)
        cells = group_key(self.cells, by)
        totals = sums([cells[["group", *COUNTERS]], *frames], GROUP)
        edges_entries = histogram_entries(frames, GROUP)
        codes, groups = pd.factorize(pd.concat([cells["group"], edges_entries["group"]]))
        row, metric, bucket, count = self.entries
        spread = coded_percentiles(
            np.concatenate([codes[: len(cells)][row], codes[len(cells) :]]),
            np.concatenate([metric, edges_entries["metric"].to_numpy(np.int64)]),
            np.concatenate([bucket, edges_entries["bucket"].to_numpy(np.int64)]),
            np.concatenate([count, edges_entries["count"].to_numpy(np.int64)]).astype(np.float64),
            groups=len(groups),
        )
        spread.index = pd.Index(groups, name="group")
        return totals, spread


def from_raw_rows(
    connection: Connection, window: Window, filters: Filters, targets: dict[str, float]
) -> Counted:
    """Every raw row of the window: sums and exact percentiles."""
    return Counted(raw_facts(connection, [(window.start, window.end)], filters, targets))


def from_cells(
    connection: Connection,
    cells: pd.DataFrame,
    edges: list[tuple[datetime, datetime]],
    filters: Filters,
    targets: dict[str, float],
) -> Counted:
    """Cells plus the raw rows of the edges: sums and histogram percentiles."""
    rows = np.arange(len(cells), dtype=np.int64)
    entries = percentiles.decode(list(cells["histograms"]), rows)
    return Counted(raw_facts(connection, edges, filters, targets), cells, entries)


def open_items(
    connection: Connection,
    window: Window,
    filters: Filters,
    targets: dict[str, float],
    as_of: datetime,
) -> pd.DataFrame:
    """Unanswered interactions and unkept promises of the window, judged at ``as_of``, with
    their cell keys: the breaches of unanswered ones counted by the database, unkept promises
    row by row."""
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
    return with_cell_keys(pd.concat([breaches, promises], ignore_index=True))


def public_rating_rows(
    connection: Connection, *, window: Window, filters: Filters
) -> pd.DataFrame | None:
    """The public ratings of the window (team, UTC day, rating); None where the filters make
    them undefined (an agent or a channel: a public review names neither)."""
    if filters.agents or filters.channels:
        return None
    review = _public_review
    query = select(
        review.c.team_id, type_coerce(review.c.published_at, String).label("published_at"),
        review.c.rating,
    ).where(
        review.c.published_at >= window.start,
        review.c.published_at < window.end,
        filters.scope.where(review.c.team_id),
    )  # fmt: skip
    if teams := sorted(filters.teams):
        query = query.where(review.c.team_id.in_(teams))
    rows = parse_times(connection, read_frame(connection, query), ("published_at",))
    rows["day"] = rows["published_at"].dt.tz_convert(None).dt.normalize()
    return rows


def public_ratings(rows: pd.DataFrame | None, by: str | None) -> pd.DataFrame | None:
    """Sum and count of public ratings per group; None where they are undefined (agent, channel)."""
    if rows is None or by in UNRATED:
        return None
    if by == "team":
        rows = rows[rows["team_id"].notna()]
    if rows.empty:
        return pd.DataFrame(
            columns=["peer_review_sum", "peer_review_count"], index=pd.Index([], name="group")
        )
    if by in PERIODS:
        group = period_start(rows["day"], by)
    elif by == "team":
        group = rows["team_id"].astype("int64")
    else:
        group = pd.Series("", index=rows.index)
    grouped = rows["rating"].groupby(group.rename("group"))
    return pd.DataFrame({"peer_review_sum": grouped.sum(), "peer_review_count": grouped.count()})
