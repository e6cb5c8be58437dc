"""Chart builders: plain functions from a small grouped DataFrame to a plotly Figure.

They know nothing of Streamlit, so tests call them directly. Names that come from data
(team names) are HTML-escaped, because plotly reads a few HTML tags in labels; escaped,
a team called ``<b>Billing</b>`` shows exactly that text.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figure_spec import figure, values

MARGIN = {"l": 10, "r": 10, "t": 10, "b": 10}


def _layout(*, x_title: str, y_title: str, x_axis: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "margin": MARGIN,
        "legend": {"title": {"text": ""}},
        "xaxis": {"title": {"text": x_title}, **(x_axis or {})},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"},
        "height": 360,
    }


def _as_text(column: pd.Series) -> pd.Series:
    return column.astype(str).map(html.escape)


def volume_by_team_bar(volumes: pd.DataFrame) -> go.Figure:
    """One bar per team, its height the team's interactions (columns ``team``, ``interactions``)."""
    teams, counts = values(_as_text(volumes["team"])), values(volumes["interactions"])
    bar = {
        "type": "bar", "x": teams, "y": counts, "text": counts, "textposition": "outside",
        "cliponaxis": False, "hovertemplate": "%{x}: %{y} interactions<extra></extra>",
    }  # fmt: skip
    return figure([bar], _layout(x_title="", y_title="interactions") | {"showlegend": False})


def weekly_trend_line(weekly: pd.DataFrame, *, data_until: date | None = None) -> go.Figure:
    """One line per team over ISO weeks (columns ``week``, ``team``, ``interactions``).

    A week that ends after ``data_until`` (the newest data's day) is unfinished: its low count
    would read as a drop, so it is left out while a finished week exists, and otherwise shown
    labelled "so far".

    A week in which a team had no interaction is drawn as 0, not skipped: the database only
    returns the weeks that have rows, and a line that jumps over an empty week would hide it.
    """
    frame = weekly.assign(team=_as_text(weekly["team"]))
    if not frame.empty:
        full = pd.MultiIndex.from_product(
            [sorted(frame["week"].unique()), sorted(frame["team"].unique())], names=["week", "team"]
        )
        frame = (
            frame.set_index(["week", "team"])["interactions"]
            .reindex(full, fill_value=0)
            .reset_index()
        )
    if data_until is not None and not frame.empty:
        finished = frame["week"].map(lambda week: _week_end(week) <= data_until)
        if finished.any():
            frame = frame[finished]
        else:
            frame = frame.assign(week=frame["week"] + " (so far)")
    lines = [_team_line(str(team), rows) for team, rows in frame.groupby("team", sort=False)]
    return figure(
        lines,
        _layout(
            x_title="week starting (Monday)",
            y_title="interactions per week",
            x_axis={"type": "category"},
        ),
    )


def _team_line(team: str, rows: pd.DataFrame) -> dict[str, Any]:
    return {
        "type": "scatter", "mode": "lines+markers", "name": team, "legendgroup": team,
        "x": values(rows["week"]), "y": values(rows["interactions"]),
        "hovertemplate": "%{fullData.name}<br>week %{x}: %{y} interactions<extra></extra>",
    }  # fmt: skip


def _week_end(week: str) -> date:
    return date.fromisoformat(week) + timedelta(days=6)
