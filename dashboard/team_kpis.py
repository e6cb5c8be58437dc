"""The team view's KPI tables: one row per agent, and the leader's own work beside the team's.

Figures come from ``kpi_report`` (summary cells, so cheap) for the sidebar's window; each
value is coloured by ``kpis.status`` against the organisation's targets: green met, amber near,
red missed, no colour where a KPI has no target or no value.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from dashboard.database import engine_for
from dashboard.loaders import TTL_SECONDS
from data_sources import settings
from data_sources.report import kpi_report, kpi_reports
from data_sources.scope import Scope
from kpis.registry import BY_ID, KPIS
from kpis.status import Status, status
from kpis.window import Window

COLOURS = {Status.MET: "#d8f0dc", Status.NEAR: "#fbefc5", Status.MISSED: "#f6d2d0"}
KPI_IDS = [kpi.id for kpi in KPIS]


@dataclass(frozen=True)
class TeamKpis:
    agents: pd.DataFrame  # agent_id, agent, one column per KPI id
    leader_beside_team: pd.DataFrame  # kpi, label, team, leader
    targets: dict[str, float]


def team_kpis(
    url: str, version: int, scope: Scope, window: Window, team_id: int, channels: tuple[str, ...],
    leader_id: int | None,
) -> TeamKpis:  # fmt: skip
    """The team's agents and the leader beside the team, as of the current minute."""
    minute = datetime.now(UTC).replace(second=0, microsecond=0)
    return _team_kpis(url, version, scope, window, team_id, channels, leader_id, minute)


@st.cache_data(ttl=TTL_SECONDS, max_entries=100, show_spinner=False)
def _team_kpis(
    url: str, version: int, scope: Scope, window: Window, team_id: int, channels: tuple[str, ...],
    leader_id: int | None, as_of: datetime,
) -> TeamKpis:  # fmt: skip
    arguments: dict[str, Any] = {
        "window": window,
        "as_of": as_of,
        "scope": scope,
        "channels": channels,
    }
    with engine_for(url).connect() as connection:
        # One read for both groupings (open items, ratings and rows are shared).
        both = kpi_reports(connection, teams=[team_id], groupings=("agent", None), **arguments)
        agents, team = both["agent"], both[None]
        leader = kpi_report(connection, agents=[leader_id if leader_id else -1], **arguments)
        targets = settings.kpi_targets(connection)
    beside = pd.DataFrame(
        {
            "kpi": KPI_IDS,
            "label": [BY_ID[k].label for k in KPI_IDS],
            "team": team.iloc[0][KPI_IDS].to_numpy(dtype=float),
            "leader": leader.iloc[0][KPI_IDS].to_numpy(dtype=float),
        }
    )
    return TeamKpis(agents, beside, targets)


def readable(kpi_id: str, value: float) -> str:
    """A KPI value as people say it: 0.93 -> "93 %", 5400 s -> "1.5 h", 4.25 -> "4.25"."""
    if value != value:
        return "–"
    unit = BY_ID[kpi_id].unit
    if unit == "rate":
        return f"{value:.0%}"
    if unit == "s":
        if abs(value) < 120:
            return f"{value:.0f} s"
        return f"{value / 60:.0f} min" if abs(value) < 7200 else f"{value / 3600:.1f} h"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _colour(kpi_id: str, value: float, targets: dict[str, float]) -> str:
    found = status(BY_ID[kpi_id], value, target=targets.get(kpi_id))
    return f"background-color: {COLOURS[found]}" if found else ""


def styled_agents(agents: pd.DataFrame, targets: dict[str, float]) -> Styler:
    """The per-agent table, KPI values formatted and coloured, headed by their labels."""
    labels = {"agent": "Agent"} | {k: BY_ID[k].label for k in KPI_IDS}
    styler = agents[list(labels)].rename(columns=labels).style
    for kpi_id in KPI_IDS:
        column: list[Hashable] = [labels[kpi_id]]
        styler = styler.format(partial(readable, kpi_id), subset=column)
        styler = styler.map(partial(_colour, kpi_id, targets=targets), subset=column)
    return styler


def styled_beside(beside: pd.DataFrame, targets: dict[str, float]) -> Styler:
    """KPI per row, the team's value and the leader's own, each coloured by its status.

    The values are shown as text ("93 %", "–"): each row holds another unit, and Streamlit
    draws a missing number as "None" whatever the Styler's format says.
    """
    rows = beside.set_index("kpi")
    columns = {"team": "Team", "leader": "Leader's own work"}
    shown = pd.DataFrame({"KPI": rows["label"]}, index=rows.index)
    colours = pd.DataFrame({"KPI": ""}, index=rows.index)
    for column, heading in columns.items():
        pairs = list(rows[column].items())
        shown[heading] = [readable(str(kpi_id), value) for kpi_id, value in pairs]
        colours[heading] = [_colour(str(kpi_id), value, targets) for kpi_id, value in pairs]
    return shown.style.apply(lambda _: colours, axis=None)
