"""Feedback: recurring complaint themes (the three-times rule), what customers said in their
own words, public reviews and CSAT comments, all in the window."""

import streamlit as st

from dashboard import feedback_sections, loaders
from dashboard.components import database_is_empty, window_caption
from dashboard.filters import current_view

view = current_view()
st.title("Feedback")
if not database_is_empty(loaders.newest_day(view.url, view.version, view.scope)):
    window_caption(view.first_day, view.last_day, "Heard")
    st.subheader("Recurring complaints")
    with st.spinner("Finding the themes customers keep raising…"):
        themes = feedback_sections.recurring_themes(view)
    st.subheader("In the customers' words")
    with st.spinner("Reading the customers' words…"):
        feedback_sections.example_quotes(view, themes)
    st.subheader("Public reviews")
    with st.spinner("Reading the public reviews…"):
        feedback_sections.public_reviews(view)
    st.subheader("CSAT comments")
    with st.spinner("Reading the CSAT comments…"):
        feedback_sections.csat_comments(view)
