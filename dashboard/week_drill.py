"""From a week on a trend chart to the interactions created in it, behind the KPI shown.

Pure functions, no Streamlit. The week replaces the window (as its dates, Monday to Sunday,
both included); teams and channels carry over, and the KPI adds its flag as the team grid's
cells do (``overview_figures.drill_down``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from dashboard import overview_figures


def clicked_week(points: Sequence[Mapping[str, Any]]) -> date | None:
    """The Monday of the first clicked point whose x is a week (``YYYY-MM-DD``)."""
    for point in points:
        try:
            return date.fromisoformat(str(point.get("x")))
        except ValueError:
            continue
    return None


def week_drill_down(
    shared: Mapping[str, Sequence[str]], *, monday: date, kpi_id: str | None = None
) -> dict[str, list[str]]:
    """The Interactions page's query parameters for the week starting ``monday``."""
    params = overview_figures.drill_down(shared, kpi_id=kpi_id)
    params.pop("window", None)
    params["start"] = [monday.isoformat()]
    params["end"] = [(monday + timedelta(days=6)).isoformat()]
    return params
