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

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from data_sources.aggregates import midnight
from data_sources.models import Person, Team
from data_sources.report_groups import GROUP, GROUPINGS, Filters, group_key
from data_sources.report_reading import (
    UNRATED,
    Counted,
    from_cells,
    from_raw_rows,
    open_items,
    public_rating_rows,
    public_ratings,
    read_cells,
)
from data_sources.scope import Scope
from data_sources.settings import channel_targets
from kpis.calculations import kpi_values
from kpis.registry import KPIS
from kpis.summaries import sums
from kpis.window import Window

__all__ = ["EXACT_LIMIT", "GROUPINGS", "NO_AGENT", "kpi_report", "kpi_reports"]

EXACT_LIMIT = 5_000
"""Reports over at most this many interactions read raw rows: exact, and still fast. Above
it the cells are cheaper: on the 1 M demo one team's 30 days (14-22 k interactions) took
0.27-0.38 s CPU from the raw rows and 0.08-0.11 s from the cells, percentiles within the
error kpis.md allows (median first response 43.9 s raw, 43.5 s from the cells)."""

NO_AGENT = "(no agent)"
_team = Team.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]


def _whole_days(window: Window) -> tuple[datetime, datetime]:
    """The span of whole UTC days inside the window (may be empty: first >= end)."""
    first = midnight(window.start.date())
    if first < window.start:
        first += timedelta(days=1)
    return first, midnight(window.end.date())


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
    return kpi_reports(
        connection, window=window, as_of=as_of, scope=scope, teams=teams, agents=agents,
        channels=channels, groupings=(by,), exact_limit=exact_limit,
    )[by]  # fmt: skip


def kpi_reports(
    connection: Connection,
    *,
    window: Window,
    as_of: datetime,
    scope: Scope,
    teams: Iterable[int] = (),
    agents: Iterable[int] = (),
    channels: Iterable[str] = (),
    groupings: Sequence[str | None],
    exact_limit: int = EXACT_LIMIT,
) -> dict[str | None, pd.DataFrame]:
    """The same report in several groupings at once (each ``kpi_report(by=...)``'s frame).

    What the groupings can share is read once: the open items, the public ratings, the raw
    rows of a small report, and the cells for groupings that read the same ones (``_family``),
    whose histograms are decoded once. A page that shows every team and the total, or the
    benchmark's teams and weeks, reads its window once instead of once per grouping.
    """
    for by in groupings:
        if by is not None and by not in GROUPINGS:
            raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")
    filters = Filters(scope, frozenset(teams), frozenset(agents), frozenset(channels))
    targets = channel_targets(connection)
    first, end = _whole_days(window)
    opened = open_items(connection, window, filters, targets, as_of)
    rating_rows = None  # a public review names no agent or channel: those groups never use them
    if any(by not in UNRATED for by in groupings):
        rating_rows = public_rating_rows(connection, window=window, filters=filters)
    raw: Counted | None = None
    results: dict[str | None, pd.DataFrame] = {}
    for family in _families(groupings):
        counted = raw
        if counted is None:
            day_cells = pd.DataFrame()
            if first < end:
                day_cells = read_cells(connection, first, end, by=family[0], filters=filters)
            if day_cells.empty or int(day_cells["volume"].sum()) <= exact_limit:
                counted = raw = from_raw_rows(connection, window, filters, targets)
            else:
                edges = [(window.start, first), (end, window.end)]
                edges = [(a, b) for a, b in edges if a < b]
                counted = from_cells(connection, day_cells, edges, filters, targets)
        for by in family:
            totals, spread = counted.grouped(by)
            totals = sums([totals.reset_index(), group_key(opened, by)], GROUP)
            reviews = public_ratings(rating_rows, by)
            if reviews is not None:
                totals = totals.join(reviews, how="outer").fillna(0)
            values = kpi_values(totals, spread)
            if reviews is None:
                values["peer_review_rating"] = np.nan
            results[by] = _labelled(connection, values, by)
    return {by: results[by] for by in groupings}


def _families(groupings: Sequence[str | None]) -> list[list[str | None]]:
    """The groupings in runs that read the same cells (``read_cells`` chooses them by whether
    a grouping is by agent, by channel, or by day or month), first come first."""
    families: dict[tuple[bool, bool, bool], list[str | None]] = {}
    for by in dict.fromkeys(groupings):
        families.setdefault((by == "agent", by == "channel", by in ("day", "month")), []).append(by)
    return list(families.values())


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
