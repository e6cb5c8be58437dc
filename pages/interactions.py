"""Interactions (QA): the filtered list, one page of 50, and the opened interaction to score."""

import streamlit as st

from dashboard import (
    interaction_list,
    interaction_loaders,
    interaction_view,
    loaders,
    scorecard_form,
)
from dashboard.components import database_is_empty, window_caption
from dashboard.filters import current_view

view = current_view()
st.title("Interactions")
if not database_is_empty(loaders.newest_day(view.url, view.version, view.scope)):
    window_caption(view.first_day, view.last_day, "Interactions created")
    chosen = interaction_list.choice(view)
    interaction_list.show(view, chosen)
    opened = st.session_state.get(interaction_list.OPEN)
    if opened is not None:
        st.divider()
        if st.button("Close the interaction", key="interaction_close", icon=":material/close:"):
            st.session_state[interaction_list.OPEN] = None
            interaction_list.write_link()
            st.rerun()
        as_of = interaction_loaders.this_minute()
        with st.spinner(f"Opening interaction {opened}…"):
            detail = interaction_loaders.detail(view.url, view.version, view.scope, opened, as_of)
        column = interaction_view.show(opened, detail)
        if column is not None:
            with column:
                scorecard_form.show(view.url, view.version, view.scope, opened)
    interaction_list.write_link()
