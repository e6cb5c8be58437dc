"""Cached reads for the channel view: KPIs per channel, and one channel's week of hours.

Like ``overview_loaders``: the database URL, the viewer's scope, the window and the filters
are ordinary (hashed) arguments, ``ttl`` 30 s, as-of the window's end or the current minute.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.database import engine_for
from dashboard.loaders import TTL_SECONDS
from dashboard.overview_loaders import as_of
from data_sources.report import kpi_report
from data_sources.response_hours import response_by_hour
from data_sources.scope import Scope
from data_sources.settings import channel_targets, kpi_targets
from kpis.window import Window


@dataclass(frozen=True)
class ChannelReport:
    channels: pd.DataFrame  # per channel with interactions: channel, KPIs...
    targets: dict[str, float]  # KPI targets
    response_targets: dict[str, float]  # first-response target in seconds per channel


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def channel_report(
    url: str, scope: Scope, window: Window, team_ids: tuple[int, ...], channels: tuple[str, ...]
) -> ChannelReport:
    """Every KPI per channel, from the summary cells (``kpi_report`` grouped by channel)."""
    with engine_for(url).connect() as connection:
        report = kpi_report(
            connection,
            window=window,
            as_of=as_of(window),
            scope=scope,
            teams=team_ids,
            channels=channels,
            by="channel",
        )
        targets, response_targets = kpi_targets(connection), channel_targets(connection)
    shown = report[report["volume"] > 0].reset_index(drop=True)
    return ChannelReport(shown, targets, response_targets)


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def response_hours(
    url: str, scope: Scope, window: Window, team_ids: tuple[int, ...], channel: str
) -> pd.DataFrame:
    """``channel``'s answered-within-target counters per weekday × hour (UTC)."""
    with engine_for(url).connect() as connection:
        return response_by_hour(
            connection,
            window=window,
            as_of=as_of(window),
            scope=scope,
            channel=channel,
            teams=team_ids,
        )
