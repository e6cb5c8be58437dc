"""The app's pages, in the order of ``design/product.md``, offered per role, and what runs
before each one.

Deny by default: a browser that is not signed in is offered only the sign-in page, and a
signed-in account whose scope reaches nothing (a leader without teams, a disabled or unknown
role) only the "no access yet" page. Otherwise the navigation is built on every run from the
viewer's role, read afresh from the database:

- ceo (admin): every page, including Data, Settings and the Audit log.
- leader: Overview (of their teams), Team, Interactions, Feedback.
- qa: Interactions (to review), Feedback, Overview (of their teams).
- agent: their own figures — Team and Interactions, both limited by the agent's scope to the
  interactions they handled themselves (an agent's scope reaches no team-level figures).

Data (imports) and Settings change what everyone sees, so they are for the admin alone.
A page missing from the navigation cannot be opened by link (Streamlit sends the link to the
first page), and each role-limited page checks the role itself too.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import filters, sign_in_form, sign_in_state
from dashboard.access import VIEWER_KEY, current_scope
from dashboard.components import escape_markdown
from dashboard.database import current_url, data_version, engine_for, safe_url
from data_sources.models import AccountRole

CEO, LEADER, QA, AGENT = AccountRole.CEO, AccountRole.LEADER, AccountRole.QA, AccountRole.AGENT


@dataclass(frozen=True)
class PageEntry:
    script: str
    title: str
    url_path: str
    icon: str
    roles: frozenset[AccountRole]


PAGES = (
    PageEntry(
        "../pages/overview.py", "Overview", "overview", ":material/monitoring:",
        frozenset({CEO, LEADER, QA}),
    ),
    PageEntry(
        "../pages/team.py", "Team", "team", ":material/groups:", frozenset({CEO, LEADER, AGENT})
    ),
    PageEntry(
        "../pages/interactions.py", "Interactions", "interactions", ":material/forum:",
        frozenset({CEO, LEADER, QA, AGENT}),
    ),
    PageEntry(
        "../pages/feedback.py", "Feedback", "feedback", ":material/reviews:",
        frozenset({CEO, LEADER, QA}),
    ),
    PageEntry("../pages/data.py", "Data", "data", ":material/database:", frozenset({CEO})),
    PageEntry("../pages/settings.py", "Settings", "settings", ":material/tune:", frozenset({CEO})),
    PageEntry("../pages/audit.py", "Audit log", "audit", ":material/policy:", frozenset({CEO})),
)  # fmt: skip
SIGN_IN = PageEntry("../pages/sign_in.py", "Sign in", "sign-in", ":material/login:", frozenset())


def entries_for(role: str) -> list[PageEntry]:
    """The pages ``role`` may open, in order; none for a role that is not known."""
    return [entry for entry in PAGES if role in {r.value for r in entry.roles}]


def pages(entries: list[PageEntry]) -> list[st.Page]:
    """The ``st.Page`` of each entry; the first one is the default (``/``)."""
    return [
        st.Page(
            entry.script,
            title=entry.title,
            url_path=entry.url_path,
            icon=entry.icon,
            default=index == 0,
        )
        for index, entry in enumerate(entries)
    ]


def signed_out_pages() -> list[st.Page]:
    """The sign-in page, at ``/`` and at every page's own path: a link to ``/team?…`` shows
    the sign-in form (not "page not found"), and after signing in the same run of the link
    opens that page with its parameters, when the role may see it."""
    form = [
        st.Page(sign_in_form.draw, title=SIGN_IN.title, url_path=entry.url_path, icon=SIGN_IN.icon)
        for entry in PAGES
    ]
    return [*pages([SIGN_IN]), *form]


def _cannot_read_database(url: str, error: SQLAlchemyError) -> None:
    st.error(
        escape_markdown(f"Cannot read the database {safe_url(url)}: {error.__class__.__name__}."),
        icon=":material/error:",
    )
    # The driver's own words (never the URL's password), shown as text.
    st.text(str(getattr(error, "orig", None) or error)[:500])
    st.stop()


def run() -> None:
    """Sign the viewer in (or not), offer their pages and the sidebar, run the chosen page."""
    st.set_page_config(page_title="Service Pulse", page_icon=":material/monitoring:", layout="wide")
    url = current_url()
    try:
        engine = engine_for(url)
        viewer = sign_in_state.signed_in(engine)
        st.session_state[VIEWER_KEY] = viewer
        scope = current_scope()
        entries = [] if viewer is None or scope.sees_nothing else entries_for(viewer.role)
        if viewer is None:
            navigation = st.navigation(signed_out_pages(), position="hidden")
        elif not entries:
            navigation = st.navigation([sign_in_form.no_access_page()], position="hidden")
        else:
            navigation = st.navigation(pages(entries))
        if viewer is not None:
            sign_in_form.account_sidebar(engine, viewer)
        if entries:
            # The data version, once per run: the cached reads of the sidebar and the page are
            # served while it stands, and read afresh once any process has written.
            version = data_version(url)
            filters.sidebar(url=url, version=version, scope=scope)  # filters.current_view()
        with st.sidebar if viewer is not None else st.container():  # out of the page's way
            sign_in_state.keep_cookie_in_step(viewer)
    except SQLAlchemyError as error:
        _cannot_read_database(url, error)
        return
    navigation.run()
