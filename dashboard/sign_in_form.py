"""The sign-in page, the "no access yet" page, and who is signed in in the sidebar.

Local accounts sign in with e-mail and password in one ``st.form``; any failure (unknown
e-mail, wrong password, disabled account) gets the same message, so the page never tells
which e-mails have accounts. An e-mail with too many recent failed sign-ins, known or not, is
told how long to wait (``data_sources.sign_in_throttle``). When ``.streamlit/secrets.toml``
has an ``[auth]`` section the page also offers ``st.login`` for each OpenID Connect provider
configured there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from streamlit.auth_util import get_secrets_auth_section

from dashboard import sign_in_state
from dashboard.access import role_label
from dashboard.components import escape_markdown
from dashboard.database import current_url, engine_for, is_locked
from data_sources.access import Viewer
from data_sources.environment import SettingError
from data_sources.models import Account
from data_sources.sign_in import authenticate, start_session
from data_sources.sign_in_throttle import Throttled, settings_from

FORM_KEY = "sign_in"
FAILED = (
    "The e-mail and password do not match an account that may sign in. Check both and try again."
)
# Signing in writes (the session, the last sign-in, the audit), and a SQLite database lets one
# writer in at a time: an import holds it until its one transaction commits, often minutes.
BUSY = (
    "The database is busy saving an import, so you could not be signed in yet (nothing was "
    "changed). Try again in a minute."
)
SWITCHED_OFF = "Signing in is switched off until the server's setting is fixed:"
NO_ACCESS = (
    "You are signed in, but your account has no access yet: no role, or no team to see. "
    "Ask your admin to give you a role or a team, then reload this page."
)


def identity_providers() -> list[str | None]:
    """The OpenID Connect providers of ``[auth]`` in secrets.toml: None for a single provider
    written in ``[auth]`` itself, else the names of its ``[auth.<name>]`` tables."""
    section = get_secrets_auth_section()
    if not section:
        return []
    if "client_id" in section:
        return [None]
    return [name for name, value in section.items() if isinstance(value, Mapping)]


def draw() -> None:
    """The sign-in page."""
    st.title("Sign in")
    st.caption("Service Pulse shows each person the teams and interactions their role allows.")
    note = sign_in_state.take_note()
    if note:
        st.warning(note, icon=":material/info:")
    with st.form(FORM_KEY, enter_to_submit=True):
        email = st.text_input("E-mail", key="sign_in_email", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key="sign_in_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        _sign_in(engine_for(current_url()), email, password)
    providers = identity_providers()
    if providers:
        st.divider()
        st.caption("Or sign in with your organisation's account:")
        for provider in providers:
            label = "Sign in with " + (provider.replace("_", " ").title() if provider else "SSO")
            if st.button(label, key=f"oidc_{provider or 'default'}", icon=":material/key:"):
                st.login(provider) if provider else st.login()


def _sign_in(engine: Engine, email: str, password: str) -> None:
    now = datetime.now(UTC)
    try:
        throttle = settings_from()
    except SettingError as problem:  # the operator's mistake: nobody signs in unguarded
        st.error(escape_markdown(f"{SWITCHED_OFF} {problem}."), icon=":material/error:")
        return
    try:
        with Session(engine) as session:
            outcome = authenticate(session, email, password, now=now, throttle=throttle)
            account = outcome if isinstance(outcome, Account) else None
            token = None if account is None else start_session(session, account, now=now)
            session.commit()
    except OperationalError as error:
        if not is_locked(error):
            raise
        st.error(BUSY, icon=":material/hourglass_top:")
        return
    if isinstance(outcome, Throttled):
        st.error(escape_markdown(outcome.message), icon=":material/timer:")
        return
    if token is None:
        st.error(FAILED, icon=":material/error:")
        return
    sign_in_state.remember(token)
    st.rerun()


def no_access_page() -> st.Page:
    return st.Page(_no_access, title="No access yet", url_path="no-access", icon=":material/block:")


def _no_access() -> None:
    st.title("No access yet")
    st.info(NO_ACCESS, icon=":material/lock:")


def account_sidebar(engine: Engine, viewer: Viewer) -> None:
    """Who is signed in, their role, and the sign-out button."""
    with st.sidebar:
        # The e-mail as a code span: markdown would turn a bare address into a mailto link.
        email = viewer.email.replace("`", "'")
        st.caption(
            f"Signed in as {escape_markdown(viewer.display_name)} · "
            f"**{escape_markdown(role_label(viewer.role))}**  \n`{email}`"
        )
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            sign_in_state.sign_out(engine)
            st.rerun()
