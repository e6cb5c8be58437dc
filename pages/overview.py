"""Overview: every KPI against its target, per team, week by week, and the leaders beside them."""

import streamlit as st

from dashboard import (
    channel_sections,
    feedback_loaders,
    loaders,
    overview_loaders,
    overview_sections,
)
from dashboard.components import database_is_empty, window_caption
from dashboard.filters import current_view
from dashboard.side_by_side_reads import start_reads

view = current_view()
st.title("Overview")
if not database_is_empty(loaders.newest_day(view.url, view.version, view.scope)):
    arguments = (view.url, view.version, view.scope, view.window, view.filters)
    reads = start_reads(  # side by side: each waits on its database, not on the others
        report=lambda: overview_loaders.overview_report(*arguments),
        themes=lambda: feedback_loaders.recurring_themes(*arguments),
        leaders=lambda: overview_loaders.leaders_beside_teams(*arguments),
        **channel_sections.channel_reads(
            view, key="overview_hours", team_ids=view.filters.team_ids
        ),
    )
    with st.spinner("Reading the KPIs…"):
        report = reads["report"]
    window_caption(view.first_day, view.last_day, "Interactions created")
    if report.whole["volume"] == 0:
        st.info(
            "No interactions match these filters in this window. Pick a longer window or "
            "fewer teams and channels in the sidebar."
        )
    else:
        overview_sections.tiles(report, days=view.window.length.days, data_until=view.anchor)
        overview_sections.team_grid(report)
        overview_sections.top_themes(reads["themes"])
        volume, trend = st.columns(2)
        with volume:
            overview_sections.volume(report)
        with trend:
            overview_sections.trend(report, data_until=view.anchor)
        with st.spinner("Reading the channels…"):
            channels = reads["channels"]
        channel_sections.kpis_per_channel(channels, key="overview_channels")
        channel_sections.response_heat_map(
            view, channels, key="overview_hours", team_ids=view.filters.team_ids
        )
        with st.spinner("Reading the leaders' figures…"):
            leaders = reads["leaders"]
        overview_sections.walk_the_talk(leaders, channels=view.filters.channels)
