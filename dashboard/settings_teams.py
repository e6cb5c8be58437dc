"""Settings section: the teams, their names and leaders."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import settings_loaders
from dashboard.access import current_viewer as who  # the actor in the audit log
from dashboard.components import data_table
from dashboard.downloads import csv_download
from dashboard.settings_save import save
from data_sources import team_settings
from data_sources.scope import Scope


def teams(url: str, version: int, scope: Scope) -> None:
    listed = settings_loaders.teams(url, version, scope)
    if listed.empty:
        st.info("No team yet: teams are created by `pulse demo` or by importing interactions.")
        return
    data_table(
        listed,
        key="team_table",
        hide_index=True,
        column_order=["name", "leader"],
        column_config={"name": "Team", "leader": "Leader"},
    )
    csv_download(listed, file_name="teams.csv", key="teams_csv")
    names: dict[int, str] = dict(zip(listed["id"].tolist(), listed["name"], strict=True))
    team_id: int = st.selectbox(
        "Team", list(names), format_func=lambda chosen: names[chosen], key="team_pick"
    )
    team = listed.set_index("id").loc[team_id]
    people = settings_loaders.people(url, version, scope)
    labels = {
        person: f"{name} ({team_name})" if team_name else name
        for person, name, team_name in people[["id", "name", "team"]].itertuples(index=False)
    }
    choices = [None, *labels]
    leader: int | None = None if pd.isna(team["leader_id"]) else int(team["leader_id"])
    with st.form(f"team_form_{team_id}"):
        name = st.text_input("Name", value=str(team["name"]), key=f"team_name_{team_id}")
        leader_id = st.selectbox(
            "Leader",
            choices,
            index=choices.index(leader) if leader in choices else 0,
            format_func=lambda person: "No leader" if person is None else labels[person],
            key=f"team_leader_{team_id}",
        )
        if st.form_submit_button("Save team", type="primary"):
            save(
                url,
                lambda session: team_settings.save_team(
                    session, who(), team_id, name=name, leader_id=leader_id
                ),
            )
