"""The team view's links: which team it shows (``team_view=<id>``) and the drill-downs.

The chosen team travels in the link beside the shared filters (``dashboard/url_filters.py``
owns those keys and leaves this one alone). A clicked row opens the Interactions page with the
shared filters carried and ``id=<interaction id>``, or ``agent=<person id>`` for an agent.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import url_filters

TEAM_KEY = "team_view"
WIDGET_KEY = "team_page_team"
INTERACTIONS_PAGE = "../pages/interactions.py"


def chosen_team(names: dict[int, str]) -> int:
    """The selectbox of teams, started from the link (else the first team), kept in the link."""
    if WIDGET_KEY not in st.session_state or st.session_state[WIDGET_KEY] not in names:
        linked = st.query_params.get(TEAM_KEY, "")
        known = linked.isascii() and linked.isdigit() and int(linked) in names
        st.session_state[WIDGET_KEY] = int(linked) if known else next(iter(names))
    team_id: int = st.selectbox("Team", list(names), format_func=names.__getitem__, key=WIDGET_KEY)
    if st.query_params.get(TEAM_KEY) != str(team_id):
        st.query_params[TEAM_KEY] = str(team_id)
    return team_id


def _shared_filters() -> dict[str, list[str]]:
    return {
        key: st.query_params.get_all(key)
        for key in url_filters.KEYS
        if st.query_params.get_all(key)
    }


def _selected_row(frame: pd.DataFrame, event: Any) -> pd.Series | None:
    rows = event.selection.rows if event is not None else []
    if not rows or rows[0] >= len(frame):
        return None
    row: pd.Series = frame.iloc[rows[0]]
    return row


def open_selected_interaction(frame: pd.DataFrame, event: Any) -> None:
    """Open the Interactions page on the selected row's interaction (``id`` or
    ``interaction_id`` column)."""
    row = _selected_row(frame, event)
    if row is not None:
        column = "id" if "id" in frame.columns else "interaction_id"
        params = _shared_filters() | {"id": [str(int(row[column]))]}
        st.switch_page(INTERACTIONS_PAGE, query_params=params)


def open_selected_agent(frame: pd.DataFrame, event: Any, *, team_id: int) -> None:
    """Open the Interactions page on the selected agent's interactions in this team."""
    row = _selected_row(frame, event)
    if row is not None and pd.notna(row["agent_id"]) and int(row["agent_id"]) > 0:
        params = _shared_filters() | {"team": [str(team_id)], "agent": [str(int(row["agent_id"]))]}
        st.switch_page(INTERACTIONS_PAGE, query_params=params)
