"""Overview: how much the organisation handled in the window, per team and week by week."""

import streamlit as st

from dashboard import charts, loaders
from dashboard.components import database_is_empty, window_caption
from dashboard.filters import current_view

view = current_view()
st.title("Overview")
if not database_is_empty(loaders.newest_day(view.url, view.scope)):
    volume = loaders.volume(view.url, view.scope, view.window, view.filters)
    window_caption(view.first_day, view.last_day, "Interactions created")
    total, by_team = st.columns([1, 3])
    total.metric(
        "Interactions",
        f"{volume.total:,}",
        delta=f"{volume.total - volume.previous_total:+,}",
        delta_color="off",
        border=True,
    )
    total.caption(f"Previous {view.window.length.days} days: {volume.previous_total:,}.")
    if volume.total == 0:
        by_team.info("No interactions match these filters in this window.")
    else:
        by_team.subheader("Volume per team")
        by_team.plotly_chart(charts.volume_by_team_bar(volume.by_team), key="volume_by_team")
        st.subheader("Weekly trend per team")
        st.caption(
            "Whole weeks (Monday to Sunday, UTC) that overlap the window; "
            "an unfinished week joins once it ends."
        )
        st.plotly_chart(
            charts.weekly_trend_line(volume.weekly, data_until=view.anchor), key="weekly_trend"
        )
        st.dataframe(
            volume.by_team,
            key="volume_table",
            hide_index=True,
            column_config={"team": "Team", "interactions": "Interactions"},
        )
