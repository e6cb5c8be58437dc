"""Plotly figures from plain dicts, without plotly's property-by-property validation.

Building a figure through ``go.Heatmap(...)``, ``px.bar(...)`` and ``update_layout(...)``
validates every property as it is set: about 75 ms for the overview's status grid, and most
of the overview's CPU once its data is cached. The same figure written as a dict and wrapped
with ``_validate=False`` takes about 1 ms. What validation would have caught (a misspelt
property) is caught by the tests instead: ``tests/test_app_charts.py`` rebuilds every chart
builder's output through the validating constructor.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

FONT = "sans-serif"


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """``data`` (traces, each with its ``type``) and ``layout`` as one unvalidated figure."""
    return go.Figure({"data": data, "layout": {"font": {"family": FONT}} | layout}, _validate=False)


def values(column: Any) -> list[Any]:
    """A column as a plain list (what plotly's validation would have turned it into)."""
    return list(column)


def target_line(target: float) -> dict[str, Any]:
    """Layout additions: a dashed horizontal line at ``target``, labelled "target"."""
    return {
        "shapes": [
            {
                "type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y",
                "y0": target, "y1": target, "line": {"dash": "dash", "color": "#616161"},
            }
        ],
        "annotations": [
            {
                "text": "target", "showarrow": False, "xref": "x domain", "x": 0, "yref": "y",
                "y": target, "xanchor": "left", "yanchor": "bottom",
            }
        ],
    }  # fmt: skip
