"""Cached reads for the channel view: KPIs per channel, and one channel's week of hours.

Like ``overview_loaders``: the database URL, the data version, the viewer's scope, the window
and the filters are ordinary (hashed) arguments, and so is the as-of (the window's end, or the
current minute while the window runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


def channel_report(
    url: str, version: int, scope: Scope, window: Window, team_ids: tuple[int, ...],
    channels: tuple[str, ...],
) -> ChannelReport:  # fmt: skip
    """Every KPI per channel, from the summary cells (``kpi_report`` grouped by channel)."""
    return _channel_report(url, version, scope, window, team_ids, channels, as_of(window))


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def _channel_report(
    url: str, version: int, scope: Scope, window: Window, team_ids: tuple[int, ...],
    channels: tuple[str, ...], moment: datetime,
) -> ChannelReport:  # fmt: skip
    with engine_for(url).connect() as connection:
        report = kpi_report(
            connection,
            window=window,
            as_of=moment,
            scope=scope,
            teams=team_ids,
            channels=channels,
            by="channel",
        )
        targets, response_targets = kpi_targets(connection), channel_targets(connection)
    shown = report[report["volume"] > 0].reset_index(drop=True)
    return ChannelReport(shown, targets, response_targets)


def response_hours(
    url: str, version: int, scope: Scope, window: Window, team_ids: tuple[int, ...], channel: str
) -> pd.DataFrame:
    """``channel``'s answered-within-target counters per weekday × hour (UTC)."""
    return _response_hours(url, version, scope, window, team_ids, channel, as_of(window))


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def _response_hours(
    url: str, version: int, scope: Scope, window: Window, team_ids: tuple[int, ...],
    channel: str, moment: datetime,
) -> pd.DataFrame:  # fmt: skip
    with engine_for(url).connect() as connection:
        return response_by_hour(
            connection,
            window=window,
            as_of=moment,
            scope=scope,
            channel=channel,
            teams=team_ids,
        )
