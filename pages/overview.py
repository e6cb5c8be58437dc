"""Overview: every KPI against its target, per team, week by week, and the leaders beside them."""

import streamlit as st

from dashboard import (
    channel_loaders,
    channel_sections,
    feedback_loaders,
    loaders,
    overview_loaders,
    overview_sections,
)
from dashboard.components import database_is_empty, window_caption
from dashboard.filters import current_view

view = current_view()
st.title("Overview")
if not database_is_empty(loaders.newest_day(view.url, view.scope)):
    with st.spinner("Reading the KPIs…"):
        report = overview_loaders.overview_report(view.url, view.scope, view.window, view.filters)
    window_caption(view.first_day, view.last_day, "Interactions created")
    if report.whole["volume"] == 0:
        st.info(
            "No interactions match these filters in this window. Pick a longer window or "
            "fewer teams and channels in the sidebar."
        )
    else:
        overview_sections.tiles(report, days=view.window.length.days, data_until=view.anchor)
        overview_sections.team_grid(report)
        overview_sections.top_themes(
            feedback_loaders.recurring_themes(view.url, view.scope, view.window, view.filters)
        )
        volume, trend = st.columns(2)
        with volume:
            overview_sections.volume(report)
        with trend:
            overview_sections.trend(report, data_until=view.anchor)
        with st.spinner("Reading the channels…"):
            channels = channel_loaders.channel_report(
                view.url, view.scope, view.window, view.filters.team_ids, view.filters.channels
            )
        channel_sections.kpis_per_channel(channels, key="overview_channels")
        channel_sections.response_heat_map(
            view, channels, key="overview_hours", team_ids=view.filters.team_ids
        )
        with st.spinner("Reading the leaders' figures…"):
            leaders = overview_loaders.leaders_beside_teams(
                view.url, view.scope, view.window, view.filters
            )
        overview_sections.walk_the_talk(leaders, channels=view.filters.channels)
