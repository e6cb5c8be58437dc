"""The Feedback page's sections: recurring themes (a picked theme lists its interactions, a
picked interaction opens on the Interactions page), example quotes, public reviews and CSAT
comments. Every table comes with a CSV download; text from data is shown in tables only."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import feedback_loaders, loaders, url_filters
from dashboard.components import data_table, table_or_note, utc_time_column
from dashboard.downloads import csv_download
from dashboard.filters import View

INTERACTIONS_PAGE = "../pages/interactions.py"
QUOTED_THEMES = 10  # the top themes whose example quotes are shown
THEME_COLUMNS = {
    "theme": "Theme",
    "customers": st.column_config.NumberColumn("Customers", format="%d"),
    "interactions": st.column_config.NumberColumn("Interactions", format="%d"),
    "first_heard": utc_time_column("First heard (UTC)"),
    "last_heard": utc_time_column("Last heard (UTC)"),
    "teams": st.column_config.TextColumn("Teams", width="large"),
}


def _picked(event: Any, frame: pd.DataFrame) -> pd.Series | None:
    rows = event.selection.rows if event is not None else []
    return frame.iloc[rows[0]] if rows and rows[0] < len(frame) else None


def _shared_filters() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in url_filters.KEYS if key in st.query_params}


def recurring_themes(view: View) -> pd.DataFrame:
    """The three-times rule's table; picking a row lists that theme's interactions."""
    themes = feedback_loaders.recurring_themes(
        view.url, view.version, view.scope, view.window, view.filters
    )
    st.caption(
        "Complaint themes that 3 or more different customers raised in the window, from the "
        "interactions' topics and tags and the customers' own words. Pick a theme to list "
        "its interactions."
    )
    if themes.empty:
        st.info("No theme was raised by 3 or more different customers in this window.")
        return themes
    event = data_table(
        themes,
        key="recurring_themes",
        hide_index=True,
        column_config=THEME_COLUMNS,
        on_select="rerun",
        selection_mode="single-row",
    )
    csv_download(themes, file_name="recurring-themes.csv", key="recurring_themes_csv")
    picked = _picked(event, themes)
    if picked is not None:
        _theme_interactions(view, str(picked["theme"]))
    elif (linked := linked_theme(themes)) is not None:
        _theme_interactions(view, linked)
    return themes


def linked_theme(themes: pd.DataFrame) -> str | None:
    """The theme a link names (``?theme=``, e.g. from the Overview), if it is listed."""
    named = st.query_params.get("theme")
    return named if named is not None and named in set(themes["theme"]) else None


def _theme_interactions(view: View, theme: str) -> None:
    st.text(f"Interactions that raised “{theme}” (newest first, at most 200); pick one to open it.")
    found = feedback_loaders.theme_interactions(
        view.url, view.version, view.scope, view.window, view.filters, theme
    )
    event = data_table(
        found,
        key="theme_interactions",
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "id": st.column_config.NumberColumn("Interaction", format="%d"),
            "created_at": utc_time_column("Created (UTC)"),
            "team": "Team",
            "channel": "Channel",
            "quote": st.column_config.TextColumn("The customer said", width="large"),
        },
    )
    csv_download(found, file_name="theme-interactions.csv", key="theme_interactions_csv")
    picked = _picked(event, found)
    if picked is not None:
        params = _shared_filters() | {"id": [str(int(picked["id"]))]}
        st.switch_page(INTERACTIONS_PAGE, query_params=params)


def example_quotes(view: View, themes: pd.DataFrame) -> None:
    top = tuple(themes["theme"].head(QUOTED_THEMES)) if not themes.empty else ()
    quotes = feedback_loaders.theme_quotes(
        view.url, view.version, view.scope, view.window, view.filters, top
    )
    table_or_note(
        quotes.drop(columns="interaction_id"),
        key="theme_quotes",
        empty="No recurring theme, so no quotes.",
        caption="The newest three quotes of each of the top recurring themes.",
        column_config={
            "theme": "Theme",
            "heard_at": utc_time_column("Heard (UTC)"),
            "quote": st.column_config.TextColumn("Quote", width="large"),
        },
    )
    csv_download(quotes, file_name="theme-quotes.csv", key="theme_quotes_csv")


def public_reviews(view: View) -> None:
    if view.filters.channels:
        st.caption("Channels do not apply here: a public review belongs to no channel.")
    reviews = loaders.public_reviews(view.url, view.version, view.scope, view.window, view.filters)
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
    csv_download(reviews, file_name="public-reviews.csv", key="public_reviews_csv")


def csat_comments(view: View) -> None:
    comments = feedback_loaders.csat_comments(
        view.url, view.version, view.scope, view.window, view.filters
    )
    table_or_note(
        comments,
        key="csat_comments",
        empty="No CSAT answer came with a comment in this window.",
        caption=f"{len(comments):,} comments shown, newest first (at most 200).",
        column_config={
            "id": st.column_config.NumberColumn("Interaction", format="%d"),
            "created_at": utc_time_column("Created (UTC)"),
            "team": "Team",
            "channel": "Channel",
            "csat": st.column_config.NumberColumn("CSAT", format="%d"),
            "comment": st.column_config.TextColumn("Comment", width="large"),
        },
    )
    csv_download(comments, file_name="csat-comments.csv", key="csat_comments_csv")
