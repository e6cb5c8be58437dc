"""Cached reads for the overview: the KPI report four ways, targets, walking the talk.

Like ``dashboard.loaders``: the database URL, the data version, the viewer's scope, the
window and the filters are ordinary (hashed) arguments. As-of is the window's end, or now while
the window (or the weeks of its trend) is still running, rounded down to the minute: the cached
reads take that moment as a hashed argument too, so open items are judged afresh each minute
while a window runs, and a window that is over is served from the cache until the data changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from dashboard.database import engine_for
from dashboard.loaders import TTL_SECONDS
from dashboard.side_by_side_reads import start_reads
from data_sources.leaders import walk_the_talk
from data_sources.queries import Filters, weeks_covering
from data_sources.report import kpi_reports
from data_sources.scope import Scope
from data_sources.settings import kpi_targets
from kpis.health import health_index, previous_period_change
from kpis.registry import IDS
from kpis.window import Window


@dataclass(frozen=True)
class OverviewReport:
    whole: pd.Series  # every KPI for the window, all teams in the filters
    change: pd.Series  # whole minus the previous period of the same length
    teams: pd.DataFrame  # per team (team_id, team, KPIs..., health)
    weekly: pd.DataFrame  # per ISO week overlapping the window (week, KPIs...)
    targets: dict[str, float]
    health: float | None  # the whole organisation's health index


def _values(row: pd.Series) -> dict[str, float | None]:
    return {kpi_id: row.get(kpi_id) for kpi_id in IDS}


def as_of(window: Window, now: datetime | None = None) -> datetime:
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    return min(window.end, moment)


def overview_report(
    url: str, version: int, scope: Scope, window: Window, filters: Filters
) -> OverviewReport:
    return _overview_report(url, version, scope, window, filters, as_of(weeks_covering(window)))


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def _overview_report(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, moment: datetime
) -> OverviewReport:
    """``moment``: the as-of of the trend's weeks, which end last; each period's own is
    ``as_of(period, moment)``."""
    engine = engine_for(url)

    def report(period: Window, groupings: tuple[str | None, ...]) -> dict[str | None, pd.DataFrame]:
        with engine.connect() as connection:
            return kpi_reports(
                connection, window=period, as_of=as_of(period, moment), scope=scope,
                teams=filters.team_ids, channels=filters.channels, groupings=groupings,
            )  # fmt: skip

    # The three periods side by side, each on a connection of its own (on PostgreSQL each
    # waits mostly on the database); the total and the teams of one window: one read, grouped
    # twice.
    reads = start_reads(
        now=lambda: report(window, (None, "team")),
        before=lambda: report(window.previous(), (None,)),
        weekly=lambda: report(weeks_covering(window), ("week",)),
    )
    with engine.connect() as connection:
        targets = kpi_targets(connection)
    whole, teams = reads["now"][None], reads["now"]["team"]
    before, weekly = reads["before"][None], reads["weekly"]["week"]
    change = previous_period_change(
        whole.assign(all=1), before.assign(all=1), keys=["all"], ids=IDS
    )
    teams["health"] = [health_index(_values(row), targets=targets) for _, row in teams.iterrows()]
    return OverviewReport(
        whole=whole.iloc[0],
        change=change.iloc[0].drop("all"),
        teams=teams,
        weekly=weekly,
        targets=targets,
        health=health_index(_values(whole.iloc[0]), targets=targets),
    )


def leaders_beside_teams(
    url: str, version: int, scope: Scope, window: Window, filters: Filters
) -> pd.DataFrame:
    """Per team: the leader, their escalation and writing figures, and KPI pairs (team / leader),
    for the sidebar's teams and channels."""
    moment = as_of(weeks_covering(window))
    return _leaders_beside_teams(url, version, scope, window, filters, moment)


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def _leaders_beside_teams(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, moment: datetime
) -> pd.DataFrame:

    def team_kpis() -> pd.DataFrame:
        # The teams' own figures are the overview's (same window, as-of, scope and filters):
        # taken from its cache rather than read a second time, once the leaders' are read
        # (the overview page reads the two side by side).
        report = _overview_report(url, version, scope, window, filters, moment)
        return report.teams.drop(columns="health")

    with engine_for(url).connect() as connection:
        found = walk_the_talk(
            connection, window=window, as_of=as_of(window, moment), scope=scope,
            teams=filters.team_ids, channels=filters.channels, team_kpis=team_kpis,
        )  # fmt: skip
    if found.leaders.empty:
        return found.leaders
    kpis = found.kpis.drop(columns="team").pivot(index="team_id", columns="whose")
    kpis.columns = [f"{pair[1]}_{pair[0]}" for pair in kpis.columns]
    return found.leaders.merge(kpis, left_on="team_id", right_index=True, how="left")
