"""How a KPI report is cut: its filters (with the viewer's scope) and its groups.

A report's rows are grouped by team, agent, channel, or the UTC day, ISO week (Monday) or
calendar month of ``created_at``, each period keyed by its first day as ``YYYY-MM-DD``
(``design/kpis.md``). Every frame the report reads gets one column ``group`` holding that key.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import ColumnElement

from data_sources.kpi_rows import matching
from data_sources.scope import Scope

GROUPINGS = ("team", "agent", "channel", "day", "week", "month")
PERIODS = ("day", "week", "month")
GROUP = ["group"]


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


def group_key(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
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
