"""Team (leader): what waits right now, refreshed in place, and each agent's KPIs in the window."""

import streamlit as st

from dashboard import channel_sections, loaders, team_drill, team_kpis, team_live
from dashboard.components import (
    channels_counted,
    data_table,
    database_is_empty,
    escape_markdown,
    full_height,
    window_caption,
)
from dashboard.downloads import csv_download
from dashboard.filters import current_view
from dashboard.side_by_side_reads import start_reads

view = current_view()
st.title("Team")
teams = loaders.teams(view.url, view.version, view.scope)
if view.filters.team_ids:  # the sidebar's teams narrow the choice
    teams = teams[teams["team_id"].isin(view.filters.team_ids)]
names = dict(zip(teams["team_id"].tolist(), teams["team"].tolist(), strict=True))
# An empty database says how to load data.
empty = database_is_empty(loaders.newest_day(view.url, view.version, view.scope))
if not empty and not names:
    st.info("No team to show: the database has no teams you may see, or the sidebar hides them.")
elif not empty:
    team_id = team_drill.chosen_team(names)
    seconds = team_live.refresh_seconds(view.url, view.version)
    leader = team_live.leader(view.url, view.version, view.scope, team_id)
    live = (view.url, view.scope, team_id, view.filters.channels, seconds)
    reads = start_reads(  # side by side: each waits on its database, not on the others
        live=lambda: team_live.live_now(*live),  # the fragment below draws it from the cache
        kpis=lambda: team_kpis.team_kpis(
            view.url,
            view.version,
            view.scope,
            view.window,
            team_id,
            view.filters.channels,
            leader[0] if leader else None,
        ),
        **channel_sections.channel_reads(view, key="team_hours", team_ids=(team_id,)),
    )
    st.fragment(team_live.draw, run_every=seconds)(*live)
    with st.spinner("Reading the agents' KPIs…"):
        kpis = reads["kpis"]
    st.subheader("Agents")
    window_caption(view.first_day, view.last_day, "Interactions created")
    if kpis.agents.empty:
        st.info("No interaction of this team in the window: widen the window in the sidebar.")
    else:
        chosen = data_table(
            team_kpis.styled_agents(kpis.agents, kpis.targets),
            key="team_agents",
            hide_index=True,
            on_select="rerun",
            selection_mode="single-row",
        )
        st.caption("Green meets the target, amber is within 10 %, red misses it. Click an agent.")
        team_drill.open_selected_agent(kpis.agents, chosen, team_id=team_id)
        csv_download(kpis.agents, file_name="team_agents.csv", key="team_agents_csv")
    if leader is None:
        st.info("This team has no leader in the data: nothing to show beside the team.")
    else:
        st.subheader(f"{escape_markdown(leader[1])} beside the team")
        st.caption(
            "The leader's own interactions (in any team) against the team's, same window; "
            f"{channels_counted(view.filters.channels)}."
        )
        data_table(
            team_kpis.styled_beside(kpis.leader_beside_team, kpis.targets),
            key="team_leader",
            height=full_height(len(kpis.leader_beside_team)),
            hide_index=True,
        )
        csv_download(kpis.leader_beside_team, file_name="team_leader.csv", key="team_leader_csv")
    with st.spinner("Reading the team's channels…"):
        channels = reads["channels"]
    channel_sections.kpis_per_channel(channels, key="team_channels", team_id=team_id)
    channel_sections.response_heat_map(
        view, channels, key="team_hours", team_ids=(team_id,), team_id=team_id
    )
