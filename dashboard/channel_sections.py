"""The channel view, drawn: KPIs per channel against targets, and one channel's week of hours.

Both are status grids (``overview_charts.status_grid``) that open the Interactions page behind
a clicked cell, the window and teams carried: a channel's KPI (with the KPI's flag), or the
interactions a weekday × hour cell counts (only the breached ones when it has any).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard import channel_loaders, overview_charts, overview_figures, url_filters
from dashboard.channel_figures import (
    drill_down,
    hour_grid,
    hours_table,
    missed_any,
    shown_channel,
    worst_channel,
)
from dashboard.channel_loaders import ChannelReport
from dashboard.components import data_table, readable_duration
from dashboard.downloads import csv_download
from dashboard.filters import View, open_page
from data_sources.response_hours import KPI_ID
from kpis.registry import BY_ID, KPIS

INTERACTIONS = "../pages/interactions.py"
HOURS_CHANNEL = "hours_channel"  # the link parameter naming the heat map's channel


def _shared() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in url_filters.KEYS}


def _clicked(figure: object, key: str) -> list[dict[str, object]]:
    st.plotly_chart(figure, key=key, on_select="rerun", selection_mode="points")
    event = st.session_state.get(key) or {}
    points: list[dict[str, object]] = (event.get("selection") or {}).get("points") or []
    return points


def kpis_per_channel(report: ChannelReport, *, key: str, team_id: int | None = None) -> None:
    """Channels × KPIs coloured met / near / missed; a cell opens its interactions."""
    st.subheader("Channels against targets")
    if report.channels.empty:
        st.info(
            "No interaction on any channel in this window: pick a longer window, or fewer "
            "filters in the sidebar."
        )
        return
    cells = overview_figures.grid(report.channels, report.targets, key="channel")
    st.caption("Click a cell to open that channel's interactions behind the KPI.")
    points = _clicked(overview_charts.status_grid(cells), key)
    targeted = [kpi.id for kpi in overview_figures.targeted(report.targets)]
    table = report.channels[["channel", "volume", *targeted]]
    with st.expander("The channels as a table"):
        data_table(
            table,
            key=f"{key}_table",
            hide_index=True,
            column_config={"channel": "Channel", **{k.id: k.label for k in KPIS}},
        )
        csv_download(table, file_name="kpis_per_channel.csv", key=f"{key}_csv")
    cell = overview_figures.clicked_cell(points, cells)
    if cell:
        params = drill_down(_shared(), channel=str(cell[0]), team_id=team_id, kpi_id=cell[1])
        open_page(INTERACTIONS, params)


def _chosen_channel(report: ChannelReport, key: str) -> str:
    """The selectbox, started from the link, else the worst channel; the link names the
    channel only when it is not that default (the same link still gives the same view)."""
    names = report.channels["channel"].tolist()
    worst = worst_channel(report.channels)
    if st.session_state.get(key) not in names:
        linked = st.query_params.get(HOURS_CHANNEL, "")
        st.session_state[key] = shown_channel(report.channels, chosen=None, linked=linked)
    channel: str = st.selectbox("Channel", names, key=key)
    if channel == worst:
        if HOURS_CHANNEL in st.query_params:
            del st.query_params[HOURS_CHANNEL]
    elif st.query_params.get(HOURS_CHANNEL) != channel:
        st.query_params[HOURS_CHANNEL] = channel
    return channel


def channel_reads(
    view: View, *, key: str, team_ids: tuple[int, ...]
) -> dict[str, Callable[[], object]]:
    """For ``start_reads``: ``channels``, the channel report, and ``hours``, which reads into
    the cache the hours of the channel ``response_heat_map(key=key)`` will open on (the heat
    map then takes them from there)."""
    chosen = st.session_state.get(f"{key}_channel")
    linked = st.query_params.get(HOURS_CHANNEL, "")

    def channels() -> ChannelReport:
        return channel_loaders.channel_report(
            view.url, view.version, view.scope, view.window, team_ids, view.filters.channels
        )

    def hours() -> object:
        channel = shown_channel(channels().channels, chosen=chosen, linked=linked)
        if channel is None:
            return None
        return channel_loaders.response_hours(
            view.url, view.version, view.scope, view.window, team_ids, channel
        )

    return {"channels": channels, "hours": hours}


def response_heat_map(
    view: View,
    report: ChannelReport,
    *,
    key: str,
    team_ids: tuple[int, ...],
    team_id: int | None = None,
) -> None:
    """One channel's share answered within target per weekday × hour; a cell opens its
    interactions. Starts on the link's channel, else the channel answering worst."""
    st.subheader("Answered within target, hour by hour")
    if report.channels.empty:
        return  # the channel grid above says why
    channel = _chosen_channel(report, f"{key}_channel")
    with st.spinner(f"Counting {channel} hour by hour…"):
        hours = channel_loaders.response_hours(
            view.url, view.version, view.scope, view.window, team_ids, channel
        )
    if hours.empty:
        st.info(
            f"No {channel} interaction in this window was answered or has waited past its "
            "target yet: nothing to judge. Pick a longer window or another channel."
        )
        return
    target = report.targets.get(KPI_ID) or BY_ID[KPI_ID].target or 0.9
    response = readable_duration(int(report.response_targets.get(channel, 0)))
    st.caption(
        f"When the {channel} interactions came in (weekday × hour, UTC): the share answered "
        f"within {response}. Green meets the {target:.0%} target, amber is within 10 %, red "
        "misses it, grey had nothing to judge. Click a cell to list its interactions (the "
        "breached ones, when it has any)."
    )
    cells = hour_grid(hours, target=target)
    figure = overview_charts.status_grid(
        cells, x_axis={"type": "category", "tickangle": 0, "side": "bottom"}, text_size=10
    )
    points = _clicked(figure, key)
    with st.expander("The hours as a table"):
        table = hours_table(hours)
        data_table(
            table,
            key=f"{key}_table",
            hide_index=True,
            column_config={KPI_ID: st.column_config.NumberColumn(BY_ID[KPI_ID].label)},
        )
        csv_download(table, file_name=f"{channel}_by_hour.csv", key=f"{key}_csv")
    cell = overview_figures.clicked_cell(points, cells)
    if cell:
        when = (int(cell[0]), int(cell[1]))
        breached = missed_any(hours, *when)
        params = drill_down(
            _shared(), channel=channel, team_id=team_id, when=when, breached=breached
        )
        open_page(INTERACTIONS, params)
