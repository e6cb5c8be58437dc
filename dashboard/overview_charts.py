"""The overview's charts: the team × KPI status grid, health per team, a KPI's weekly trend.

Plain DataFrame -> plotly figure functions (no Streamlit). Team names are HTML-escaped, as in
``dashboard.charts``, because plotly reads a few tags in labels.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figure_spec import figure, target_line, values
from dashboard.overview_figures import COLOURS
from kpis.status import Status

NO_STATUS = "#e0e0e0"
_LEVELS = {None: 0, Status.MISSED.value: 1, Status.NEAR.value: 2, Status.MET.value: 3}


def _colourscale() -> list[list[float | str]]:
    colours = [NO_STATUS, COLOURS[Status.MISSED], COLOURS[Status.NEAR], COLOURS[Status.MET]]
    scale: list[list[float | str]] = []
    for level, colour in enumerate(colours):  # flat bands: one colour per status level
        scale += [[level / 4, colour], [(level + 1) / 4, colour]]
    return scale


def status_grid(
    cells: pd.DataFrame, *, x_axis: dict[str, Any] | None = None, text_size: int | None = None
) -> go.Figure:
    """Groups down, KPIs across; each cell coloured by status and showing its value and mark.

    ``cells`` is ``overview_figures.grid``'s frame; the hover names the target too.
    ``x_axis`` overrides the x axis's settings (KPIs across: on top, slanted), ``text_size``
    the cells' text size.
    """
    frame = cells.assign(group=cells["group"].map(html.escape))
    groups = list(dict.fromkeys(frame["group"]))
    labels = list(dict.fromkeys(frame["label"]))
    cells_at = list(zip(frame["group"], frame["label"], strict=True))

    def matrix(column: str) -> list[list[object]]:
        # One dict, not a DataFrame lookup per cell: .loc per cell took seconds per grid.
        value = dict(zip(cells_at, frame[column], strict=True))
        return [[value[(g, k)] for k in labels] for g in groups]

    statuses = [[s if isinstance(s, str) else None for s in row] for row in matrix("status")]
    levels = [[_LEVELS[s] + 0.5 for s in row] for row in statuses]
    heatmap = {
        "type": "heatmap", "z": levels, "x": labels, "y": groups, "text": matrix("text"),
        "texttemplate": "%{text}", "hoverinfo": "skip", "colorscale": _colourscale(),
        **({"textfont": {"size": text_size}} if text_size else {}),
        "zmin": 0, "zmax": 4, "showscale": False, "xgap": 2, "ygap": 2,
    }  # fmt: skip
    # Plotly cannot select heatmap cells, so Streamlit would never hear a click: an invisible
    # square marker over each cell takes the hover and the click instead.
    markers = {
        "type": "scatter", "x": values(frame["label"]), "y": values(frame["group"]),
        "mode": "markers", "marker": {"symbol": "square", "size": 30, "opacity": 0},
        "text": values(frame["text"]),
        "customdata": [s if isinstance(s, str) else "no status" for s in frame["status"]],
        "hovertemplate": "%{y} · %{x}<br>%{text} (%{customdata})<extra></extra>",
        "showlegend": False,
    }  # fmt: skip
    layout = {
        "yaxis": {"autorange": "reversed"},
        "xaxis": {"side": "top", "tickangle": -30} | (x_axis or {}),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": 120 + 34 * len(groups),
        "dragmode": False,
        "plot_bgcolor": "white",
    }
    return figure([heatmap, markers], layout)


def health_bars(health: pd.DataFrame) -> go.Figure:
    """One horizontal bar per team (columns ``team``, ``health``), worst at the top."""
    frame = health.dropna(subset=["health"]).sort_values("health")
    bar = {
        "type": "bar", "x": values(frame["health"]), "y": values(frame["team"].map(html.escape)),
        "orientation": "h", "text": [f"{h:.0f}" for h in frame["health"]],
        "textposition": "outside", "cliponaxis": False, "marker": {"color": "#1565c0"},
        "hovertemplate": "%{y}: %{x:.1f}<extra></extra>",
    }  # fmt: skip
    layout = {
        "xaxis": {"range": [0, 105], "title": {"text": "health index"}},
        "margin": {"l": 10, "r": 30, "t": 10, "b": 10},
        "height": 360,
    }
    return figure([bar], layout)


def weekly_kpi_line(
    weekly: pd.DataFrame, *, kpi_id: str, label: str, target: float | None, percent: bool
) -> go.Figure:
    """The organisation's ``kpi_id`` week by week (column ``week``), its target dashed."""
    frame = weekly.dropna(subset=[kpi_id])
    line = {
        "type": "scatter", "x": values(frame["week"]), "y": values(frame[kpi_id]),
        "mode": "lines+markers", "name": label,
    }  # fmt: skip
    y_axis: dict[str, object] = {"title": {"text": label}, "rangemode": "tozero"}
    if percent:
        y_axis["tickformat"] = ".0%"
    layout = {
        "xaxis": {"type": "category", "title": {"text": "week starting (Monday)"}},
        "yaxis": y_axis,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "height": 320,
    }
    return figure([line], layout | (target_line(target) if target is not None else {}))
