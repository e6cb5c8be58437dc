"""Who is looking: the one place the app decides what the viewer may see.

Each run resolves the signed-in viewer from their session token (``dashboard.sign_in_state``,
which reads the database) and every call of ``current_scope`` computes their scope afresh
with ``scope_for``: a role revoked, a team withdrawn or an account disabled takes effect on
the person's next rerun. Only the token lives in the browser's session, never rights.
Every loader takes the scope returned here, and the pages that only some roles may open
check the role themselves (``require_role``): the navigation hides them as well, but hiding
is not the protection.
"""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from dashboard.database import current_url, engine_for
from data_sources.access import Viewer, scope_for
from data_sources.models import AccountRole
from data_sources.scope import Scope

VIEWER_KEY = "_pulse_viewer"  # this run's viewer, written by the navigation on every run
ROLE_LABELS = {
    AccountRole.CEO: "CEO / admin",
    AccountRole.LEADER: "Team leader",
    AccountRole.QA: "QA reviewer",
    AccountRole.AGENT: "Agent",
}
NOT_FOR_YOU = "This page is not open to your role. Ask your admin if you need it."


def current_viewer() -> Viewer | None:
    """The signed-in viewer of this run (None on the sign-in page)."""
    viewer: Viewer | None = st.session_state.get(VIEWER_KEY)
    return viewer


def current_scope() -> Scope:
    """What the signed-in viewer may see now, read from the database; nothing when signed out."""
    viewer = current_viewer()
    if viewer is None:
        return Scope.nothing()
    with Session(engine_for(current_url())) as session:
        return scope_for(viewer, session)


def role_label(role: str) -> str:
    try:
        return ROLE_LABELS[AccountRole(role)]
    except ValueError:
        return role


def require_role(*roles: AccountRole) -> Viewer:
    """Stop the page unless the viewer's role is one of ``roles`` (read afresh this run)."""
    viewer = current_viewer()
    if viewer is None or viewer.role not in {role.value for role in roles}:
        st.error(NOT_FOR_YOU, icon=":material/block:")
        st.stop()
    return viewer
