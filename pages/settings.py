"""Settings: targets, scorecards, teams and phrase lists — stored, effective on the next run."""

import streamlit as st

from dashboard import loaders
from dashboard.access import require_role
from dashboard.components import database_is_empty
from dashboard.filters import current_view
from dashboard.settings_phrases import phrases
from dashboard.settings_save import saved_note
from dashboard.settings_scorecards import scorecards
from dashboard.settings_targets import channel_targets, kpi_targets
from dashboard.settings_teams import teams
from data_sources.models import AccountRole

require_role(AccountRole.CEO)  # settings apply to the whole organisation: the admin's alone
view = current_view()
st.title("Settings")
database_is_empty(loaders.newest_day(view.url, view.version, view.scope))
if not view.scope.sees_everything:
    st.info("Settings apply to the whole organisation; ask someone who sees every team.")
    st.stop()
saved_note()
kpi_tab, channel_tab, scorecard_tab, team_tab, phrase_tab = st.tabs(
    ["KPI targets", "Response targets", "Scorecards", "Teams", "Phrase lists"]
)
with kpi_tab:
    kpi_targets(view.url, view.version)
with channel_tab:
    channel_targets(view.url, view.version)
with scorecard_tab:
    scorecards(view.url, view.version)
with team_tab:
    teams(view.url, view.version, view.scope)
with phrase_tab:
    phrases(view.url, view.version)
