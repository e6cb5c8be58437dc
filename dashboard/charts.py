"""Chart builders: plain functions from a small grouped DataFrame to a plotly Figure.

They know nothing of Streamlit, so tests call them directly. Names that come from data
(team names) are HTML-escaped, because plotly reads a few HTML tags in labels; escaped,
a team called ``<b>Billing</b>`` shows exactly that text.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

FONT = "sans-serif"


def _as_text(values: pd.Series) -> pd.Series:
    return values.astype(str).map(html.escape)


def _layout(figure: go.Figure, *, x_title: str, y_title: str) -> go.Figure:
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font_family=FONT,
        legend_title_text="",
        yaxis_title=y_title,
        xaxis_title=x_title,
        height=360,
    )
    figure.update_yaxes(rangemode="tozero")
    return figure


def volume_by_team_bar(volumes: pd.DataFrame) -> go.Figure:
    """One bar per team, its height the team's interactions (columns ``team``, ``interactions``)."""
    frame = volumes.assign(team=_as_text(volumes["team"]))
    figure = px.bar(frame, x="team", y="interactions", text="interactions")
    figure.update_traces(textposition="outside", cliponaxis=False)
    return _layout(figure, x_title="", y_title="interactions")


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
    figure = px.line(frame, x="week", y="interactions", color="team", markers=True)
    figure.update_xaxes(type="category")
    return _layout(figure, x_title="week starting (Monday)", y_title="interactions per week")


def _week_end(week: str) -> date:
    return date.fromisoformat(week) + timedelta(days=6)
