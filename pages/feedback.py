"""Feedback: what the public wrote about the service in the window."""

import streamlit as st

from dashboard import loaders
from dashboard.components import database_is_empty, table_or_note, utc_time_column, window_caption
from dashboard.filters import current_view

view = current_view()
st.title("Feedback")
database_is_empty(loaders.newest_day(view.url, view.scope))
st.subheader("Public reviews")
window_caption(view.first_day, view.last_day, "Published")
if view.filters.channels:
    st.caption("Channels do not apply here: a public review belongs to no channel.")
reviews = loaders.public_reviews(view.url, view.scope, view.window, view.filters)
table_or_note(
    reviews,
    key="public_reviews",
    empty="No public reviews were published in this window.",
    caption=f"{len(reviews):,} reviews shown, newest first (at most 200).",
    column_config={
        "published_at": utc_time_column("Published (UTC)"),
        "platform": "Platform",
        "rating": st.column_config.NumberColumn("Stars", format="%d ★"),
        "team": "Team",
        "text": st.column_config.TextColumn("Review", width="large"),
    },
)
