"""Interactions: the list behind every number, one page of 50 at a time, newest first."""

import math

import streamlit as st

from dashboard import loaders
from dashboard.components import database_is_empty, full_height, utc_time_column, window_caption
from dashboard.filters import current_view
from data_sources.queries import PAGE_SIZE

view = current_view()
st.title("Interactions")
if not database_is_empty(loaders.newest_day(view.url, view.scope)):
    total = loaders.interaction_count(view.url, view.scope, view.window, view.filters)
    window_caption(view.first_day, view.last_day, f"{total:,} interactions created")
    pages = max(math.ceil(total / PAGE_SIZE), 1)
    # A page number from other filters may be past the end now; start again at the first.
    if st.session_state.get("interactions_page", 1) > pages:
        st.session_state["interactions_page"] = 1
    page = st.columns([1, 4])[0].number_input(
        f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key="interactions_page"
    )
    rows = loaders.interaction_page(view.url, view.scope, view.window, view.filters, int(page))
    st.dataframe(
        rows,
        key="interaction_list",
        height=full_height(len(rows)),
        hide_index=True,
        column_config={
            "id": st.column_config.NumberColumn("Id", format="%d"),
            "created_at": utc_time_column("Created (UTC)"),
            "team": "Team",
            "channel": "Channel",
            "agent": "Agent",
            "topic": "Topic",
            "status": "Status",
            "csat": st.column_config.NumberColumn("CSAT", format="%d"),
        },
    )
    shown_from = (int(page) - 1) * PAGE_SIZE + 1 if total else 0
    st.caption(f"Rows {shown_from:,}–{(int(page) - 1) * PAGE_SIZE + len(rows):,} of {total:,}.")
