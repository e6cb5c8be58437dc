"""The app's pages, in the order of ``design/product.md``, and what runs before each one."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import filters
from dashboard.access import current_scope
from dashboard.components import escape_markdown
from dashboard.database import current_url, engine_for, safe_url


@dataclass(frozen=True)
class PageEntry:
    script: str
    title: str
    url_path: str
    icon: str


PAGES = (
    PageEntry("../pages/overview.py", "Overview", "overview", ":material/monitoring:"),
    PageEntry("../pages/team.py", "Team", "team", ":material/groups:"),
    PageEntry("../pages/interactions.py", "Interactions", "interactions", ":material/forum:"),
    PageEntry("../pages/feedback.py", "Feedback", "feedback", ":material/reviews:"),
    PageEntry("../pages/data.py", "Data", "data", ":material/database:"),
    PageEntry("../pages/settings.py", "Settings", "settings", ":material/tune:"),
)


def pages() -> list[st.Page]:
    """Every page a viewer may open; the first one is the default (``/``)."""
    return [
        st.Page(
            entry.script,
            title=entry.title,
            url_path=entry.url_path,
            icon=entry.icon,
            default=index == 0,
        )
        for index, entry in enumerate(PAGES)
    ]


def run() -> None:
    """Set up the page, the database and the sidebar filters, then run the chosen page."""
    st.set_page_config(page_title="Service Pulse", page_icon=":material/monitoring:", layout="wide")
    navigation = st.navigation(pages())
    url = current_url()
    try:
        engine_for(url)
        filters.sidebar(url=url, scope=current_scope())  # pages read it: filters.current_view()
    except SQLAlchemyError as error:
        st.error(
            escape_markdown(
                f"Cannot read the database {safe_url(url)}: {error.__class__.__name__}."
            ),
            icon=":material/error:",
        )
        # The driver's own words (never the URL's password), shown as text.
        st.text(str(getattr(error, "orig", None) or error)[:500])
        st.stop()
    navigation.run()
