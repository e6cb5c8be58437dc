"""The channel view as people read it: the week's hours as a grid, the worst channel, links.

Pure functions, no Streamlit. The hours grid has the shape of ``overview_figures.grid`` (a
group per weekday, a column per hour), so ``overview_charts.status_grid`` draws it and
``overview_figures.clicked_cell`` reads its clicks, exactly as for the team × KPI grid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard import interaction_link, overview_figures
from data_sources.response_hours import HOURS, KPI_ID, WEEKDAYS
from kpis.registry import BY_ID
from kpis.status import status


def worst_channel(channels: pd.DataFrame) -> str | None:
    """The channel (column ``channel``) with the lowest share answered within target."""
    rated = channels.dropna(subset=[KPI_ID])
    if rated.empty:
        return None if channels.empty else str(channels.iloc[0]["channel"])
    return str(rated.sort_values([KPI_ID, "channel"]).iloc[0]["channel"])


def shown_channel(channels: pd.DataFrame, *, chosen: object, linked: str) -> str | None:
    """The channel the heat map opens on: the one chosen before in this session, else the
    link's, else the channel answering worst."""
    names = channels["channel"].tolist()
    for channel in (chosen, linked):
        if channel in names:
            return str(channel)
    return worst_channel(channels)


def hour_grid(hours: pd.DataFrame, *, target: float) -> pd.DataFrame:
    """Every weekday × hour (``overview_figures.GRID_COLUMNS``): the rate, its status against
    ``target``, and a short text; hours with nothing eligible have no value and no status."""
    kpi = BY_ID[KPI_ID]
    keys = zip(hours["weekday"].astype(int), hours["hour"].astype(int), strict=True)
    rates = dict(zip(keys, hours[KPI_ID].astype(float), strict=True))
    rows = []
    for weekday, name in enumerate(WEEKDAYS):
        for hour in HOURS:
            value = rates.get((weekday, hour))
            state = status(kpi, value, target=target)
            rows.append(
                {
                    "group": name,
                    "group_id": weekday,
                    "kpi": hour,
                    "label": f"{hour:02d}:00",
                    "value": value,
                    "target": target,
                    "status": state.value if state else None,
                    "text": "" if value is None else f"{value:.0%}",
                }
            )
    return pd.DataFrame(rows, columns=list(overview_figures.GRID_COLUMNS))


def hours_table(hours: pd.DataFrame) -> pd.DataFrame:
    """The heat map's figures as a table people can read and download, Monday 00:00 first
    (the database's GROUP BY gives no order, and PostgreSQL's differs from SQLite's)."""
    hours = hours.sort_values(["weekday", "hour"], kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "weekday": [WEEKDAYS[int(d)] for d in hours["weekday"]],
            "hour": hours["hour"].map(lambda h: f"{int(h):02d}:00"),
            "answered": hours["answered"],
            "unanswered_past_target": hours["unanswered_breached"],
            "answered_within_target": hours["sla_met"],
            KPI_ID: hours[KPI_ID],
        }
    )


def missed_any(hours: pd.DataFrame, weekday: int, hour: int) -> bool:
    """Whether the cell holds an interaction that missed the target."""
    cell = hours[(hours["weekday"] == weekday) & (hours["hour"] == hour)]
    return bool((cell["answered"] + cell["unanswered_breached"] > cell["sla_met"]).any())


def drill_down(
    shared: Mapping[str, Sequence[str]],
    *,
    channel: str,
    team_id: int | None = None,
    kpi_id: str | None = None,
    when: tuple[int, int] | None = None,
    breached: bool = False,
) -> dict[str, list[str]]:
    """The Interactions page's query parameters behind one channel's KPI, or one heat-map
    cell (``when``: weekday, hour), the shared window and teams carried."""
    params = overview_figures.drill_down(shared, team_id=team_id, kpi_id=kpi_id)
    params["channel"] = [channel]
    if when is not None:
        params["weekday"] = [interaction_link.WEEKDAYS[when[0]]]
        params["hour"] = [str(when[1])]
    if breached:
        params["flag"] = ["breached"]
    return params
