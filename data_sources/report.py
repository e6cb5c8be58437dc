"""The KPI report: every KPI of the registry for a window, filters, a grouping and a scope.

How it reads (``design/performance-notes.md``): the whole UTC days inside the window come
from the summary cells (``aggregates``), the partial days at its edges from the raw rows;
when the cells say the report covers few interactions (``EXACT_LIMIT``), everything is read
from the raw rows instead and percentiles are exact. Open items, whose status depends on
``as_of`` (unanswered interactions, unkept promises), are always read directly through their
partial indexes. Filters and the viewer's scope are conditions in every query.

As-of. ``design/kpis.md`` lets as-of decide only what is *still open*: an unanswered
interaction's breach and an unkept promise's breach. Everything the data records is taken as
recorded, even when it happened after as-of: an interaction answered after as-of counts as
answered with its real first-response time (a past as-of does not rewind answers), and a
promise kept after as-of is judged by ``kept_at`` against ``due_at``. That keeps cells
independent of as-of, and for the SLA it changes nothing for interactions already past their
target at as-of (their answer came later still, so they miss either way).

The result is one row per group: key columns (``team_id``/``team``, ``agent_id``/``agent``,
``channel``, or ``day``/``week``/``month`` as ``YYYY-MM-DD``), then one column per KPI id in
registry order, NaN where undefined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Connection, select

from data_sources.aggregates import ALL_AGENTS, cell, midnight, with_cell_keys
from data_sources.kpi_rows import (
    created_between,
    interaction_rows,
    matching,
    promise_rows,
    read_frame,
    review_rows,
    unanswered_rows,
    unkept_promise_rows,
)
from data_sources.models import Person, PublicReview, Team
from data_sources.scope import Scope
from data_sources.settings import channel_targets
from kpis import percentiles
from kpis.calculations import kpi_values
from kpis.facts import COUNTERS, interaction_facts, open_facts, promise_facts, review_facts
from kpis.registry import KPIS
from kpis.summaries import coded_percentiles, exact_percentiles, histogram_entries, sums
from kpis.window import Window

GROUPINGS = ("team", "agent", "channel", "day", "week", "month")
PERIODS = ("day", "week", "month")
EXACT_LIMIT = 20_000
"""Reports over at most this many interactions read raw rows: exact, and still fast."""

NO_AGENT = "(no agent)"
GROUP = ["group"]
_team = Team.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]
_public_review = PublicReview.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Filters:
    """What a report keeps: the viewer's scope and the chosen teams, agents and channels."""

    scope: Scope
    teams: frozenset[int] = frozenset()
    agents: frozenset[int] = frozenset()
    channels: frozenset[str] = frozenset()

    def conditions(self, *, open_items: bool = False) -> list[ColumnElement[bool]]:
        return matching(
            scope=self.scope,
            teams=self.teams,
            agents=self.agents,
            channels=self.channels,
            open_items=open_items,
        )


def _group_key(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Add the column ``group`` to a frame that has cell keys (day, team_id, agent_key, channel)."""
    if by is None:
        frame["group"] = ""
    elif by == "team":
        frame["group"] = frame["team_id"].astype("int64")
    elif by == "agent":
        frame["group"] = frame["agent_key"].astype("int64")
    elif by == "channel":
        frame["group"] = frame["channel"].astype(str)
    else:
        frame["group"] = period_start(frame["day"], by)
    return frame


def period_start(days: pd.Series, by: str) -> pd.Series:
    """The first day (``YYYY-MM-DD``) of each day's UTC day, ISO week or calendar month."""
    day = pd.to_datetime(days)
    if by == "week":
        day = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    elif by == "month":
        day = day - pd.to_timedelta(day.dt.day - 1, unit="D")
    return day.dt.strftime("%Y-%m-%d")


def _whole_days(window: Window) -> tuple[datetime, datetime]:
    """The span of whole UTC days inside the window (may be empty: first >= end)."""
    first = midnight(window.start.date())
    if first < window.start:
        first += timedelta(days=1)
    return first, midnight(window.end.date())


def _cells(
    connection: Connection,
    first: datetime,
    end: datetime,
    *,
    by_agent: bool,
    filters: Filters,
) -> pd.DataFrame:
    query = select(cell).where(cell.c.day >= first.date(), cell.c.day < end.date())
    query = query.where(filters.scope.where(cell.c.team_id))
    if teams := sorted(filters.teams):
        query = query.where(cell.c.team_id.in_(teams))
    if channels := sorted(filters.channels):
        query = query.where(cell.c.channel.in_(channels))
    if agents := sorted(filters.agents):
        query = query.where(cell.c.agent_key.in_(agents))
    elif by_agent:
        query = query.where(cell.c.agent_key != ALL_AGENTS)
    else:
        query = query.where(cell.c.agent_key == ALL_AGENTS)
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
    return [_group_key(with_cell_keys(f), by) for f in (interactions, promises, reviews)]


def _from_raw_rows(
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


def _from_cells(
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
    cells = _group_key(cells, by)
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


def _open_items(
    connection: Connection,
    window: Window,
    filters: Filters,
    targets: dict[str, float],
    as_of: datetime,
    by: str | None,
) -> pd.DataFrame:
    """Unanswered interactions and unkept promises of the window, judged at ``as_of``."""
    conditions = [
        *created_between(window.start, window.end),
        *filters.conditions(open_items=True),
    ]
    opened = open_facts(
        unanswered_rows(connection, conditions),
        unkept_promise_rows(connection, conditions),
        as_of=as_of,
        channel_targets=targets,
    )
    return _group_key(with_cell_keys(opened), by)


def kpi_report(
    connection: Connection,
    *,
    window: Window,
    as_of: datetime,
    scope: Scope,
    teams: Iterable[int] = (),
    agents: Iterable[int] = (),
    channels: Iterable[str] = (),
    by: str | None = None,
    exact_limit: int = EXACT_LIMIT,
) -> pd.DataFrame:
    """Every KPI per group of ``by`` (None: one row), over ``window`` as seen at ``as_of``."""
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")
    filters = Filters(scope, frozenset(teams), frozenset(agents), frozenset(channels))
    targets = channel_targets(connection)
    first, end = _whole_days(window)
    cells = pd.DataFrame()
    if first < end:
        cells = _cells(connection, first, end, by_agent=by == "agent", filters=filters)
    if cells.empty or int(cells["volume"].sum()) <= exact_limit:
        totals, spread = _from_raw_rows(connection, window, filters, targets, by)
    else:
        edges = [(window.start, first), (end, window.end)]
        edges = [(a, b) for a, b in edges if a < b]
        totals, spread = _from_cells(connection, cells, edges, filters, targets, by)
    opened = _open_items(connection, window, filters, targets, as_of, by)
    totals = sums([totals.reset_index(), opened], GROUP)
    reviews = _public_reviews(connection, window=window, by=by, filters=filters)
    if reviews is not None:
        totals = totals.join(reviews, how="outer").fillna(0)
    values = kpi_values(totals, spread)
    if reviews is None:
        values["peer_review_rating"] = np.nan
    return _labelled(connection, values, by)


def _public_reviews(
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


def _labelled(connection: Connection, values: pd.DataFrame, by: str | None) -> pd.DataFrame:
    ids = [kpi.id for kpi in KPIS]
    values = values[ids].sort_index()
    if by is None:
        if values.empty:
            values = kpi_values(pd.DataFrame(index=pd.Index([""], name="group")), pd.DataFrame())
            values["peer_review_rating"] = np.nan
        return values[ids].reset_index(drop=True)
    frame = values.reset_index()
    if by in ("team", "agent"):
        table = _team if by == "team" else _person
        keys = [int(g) for g in frame["group"]]
        query = select(table.c.id, table.c.name).where(table.c.id.in_(keys))
        names = {int(k): str(v) for k, v in connection.execute(query).all()}
        fallback = "" if by == "team" else NO_AGENT
        frame.insert(0, f"{by}_id", frame["group"].astype("int64"))
        frame.insert(1, by, [names.get(k, fallback) for k in keys])
        frame = frame.sort_values(by, kind="stable")
    else:
        frame.insert(0, by, frame["group"].astype(str))
    return frame.drop(columns="group").reset_index(drop=True)
