"""Settings: the targets the dashboard measures against (read-only for now)."""

import streamlit as st

from dashboard import loaders
from dashboard.components import database_is_empty, readable_duration
from dashboard.filters import current_view

view = current_view()
st.title("Settings")
database_is_empty(loaders.newest_day(view.url, view.scope))
st.subheader("First-response target per channel")
st.caption(
    "How soon a first answer is due: the defaults of design/kpis.md (phone 18 s — three "
    "rings —, chat 60 s, every other channel 24 h) unless the organisation set its own."
)
targets = loaders.response_targets(view.url)
st.dataframe(
    targets.assign(target=targets["first_response_seconds"].map(readable_duration)),
    key="response_targets",
    column_order=["channel", "target", "first_response_seconds", "source"],
    hide_index=True,
    column_config={
        "channel": "Channel",
        "target": "Target",
        "first_response_seconds": st.column_config.NumberColumn("Target (s)", format="%d"),
        "source": "Set by",
    },
)
