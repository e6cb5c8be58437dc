"""Team: what one team has waiting right now, and who handled how much in the window."""

import streamlit as st

from dashboard import loaders
from dashboard.components import database_is_empty, full_height, utc_time_column, window_caption
from dashboard.filters import current_view

view = current_view()
st.title("Team")
teams = loaders.teams(view.url, view.scope)
if view.filters.team_ids:  # the sidebar's teams narrow the choice
    teams = teams[teams["team_id"].isin(view.filters.team_ids)]
names = dict(zip(teams["team_id"].tolist(), teams["team"].tolist(), strict=True))
if not database_is_empty(loaders.newest_day(view.url, view.scope)) and names:
    team_id = st.selectbox("Team", list(names), format_func=names.__getitem__, key="team_page_team")
    waiting = loaders.open_work(view.url, view.scope, team_id, view.filters)
    st.subheader("Open now")
    st.caption(
        "Unresolved interactions of this team, whenever they were created, oldest first "
        "(at most 50); age in hours as of now."
    )
    st.dataframe(
        waiting,
        key="open_work",
        height=full_height(len(waiting)),
        hide_index=True,
        column_order=["created_at", "age_hours", "channel", "agent", "answered", "topic"],
        column_config={
            "created_at": utc_time_column("Created (UTC)"),
            "channel": "Channel",
            "agent": "Agent",
            "topic": "Topic",
            "age_hours": st.column_config.NumberColumn("Age (h)", format="%.1f"),
            "answered": st.column_config.CheckboxColumn("Answered"),
        },
    )
    st.subheader("Interactions per agent")
    window_caption(view.first_day, view.last_day, "Created")
    agents = loaders.agent_volumes(view.url, view.scope, view.window, team_id, view.filters)
    st.dataframe(
        agents,
        key="agent_volumes",
        hide_index=True,
        column_config={"agent": "Agent", "interactions": "Interactions"},
    )
elif not names:
    st.info("No team to show: the database has no teams you may see.")
