"""Who is signed in, resolved afresh from the database on every run.

A browser session holds only a session token: in ``st.session_state`` for this session and
in the ``pulse_session`` cookie for the next ones (``dashboard.sign_in_cookie``). Every run
looks the token up with ``account_for_token``, so a session that was ended, has expired, or
whose account was disabled stops working on the person's next rerun; rights (the scope) are
read from the database by ``dashboard.access``, never kept in the session.

With OpenID Connect (``st.login``), the identity provider's e-mail is mapped to an enabled
account once per browser session; from then on that session holds a token of its own like a
password sign-in, so a reload does not sign in again and a disabled account stops at once.
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard import sign_in_cookie
from data_sources import audit
from data_sources.access import Viewer, viewer_of
from data_sources.models import Account, AuditAction
from data_sources.sign_in import account_for_email, account_for_token, end_session, start_session

TOKEN_KEY = "_pulse_session_token"
WROTE_COOKIE_KEY = "_pulse_wrote_cookie"
IGNORE_COOKIE_KEY = "_pulse_ignore_cookie"  # signed out, or its token was spent
NOTE_KEY = "_pulse_sign_in_note"
OIDC_REFUSED_KEY = "_pulse_oidc_refused"
ENDED = "Your session has ended (signed out elsewhere, expired, or the account was disabled)."
NO_ACCOUNT = "No account here has the e-mail your identity provider gave; ask your admin."


def signed_in(engine: Engine, *, now: datetime | None = None) -> Viewer | None:
    """The viewer this run serves, or None: then only the sign-in page is offered."""
    now = now or datetime.now(UTC)
    token = st.session_state.get(TOKEN_KEY)
    if token is None and not st.session_state.get(IGNORE_COOKIE_KEY):
        token = sign_in_cookie.token_from_cookie()
    with Session(engine) as session:
        account = account_for_token(session, token, now)
        if account is None and token is not None:
            st.session_state.pop(TOKEN_KEY, None)
            st.session_state[IGNORE_COOKIE_KEY] = True
            st.session_state[NOTE_KEY] = ENDED
            token = None
        if account is None:
            account, token = _from_identity_provider(session, now)
        viewer = None if account is None else viewer_of(session, account)
        session.commit()
    if token is not None:
        st.session_state[TOKEN_KEY] = token
    return viewer


def _from_identity_provider(session: Session, now: datetime) -> tuple[Account | None, str | None]:
    """An OpenID Connect user mapped to their account (once per browser session)."""
    if not st.user.get("is_logged_in"):
        return None, None
    email = str(st.user.get("email") or "")
    account = account_for_email(session, email, now=now)
    if account is None:
        if st.session_state.get(OIDC_REFUSED_KEY) != email:  # one event per refusal
            audit.record(
                session,
                None,
                AuditAction.SIGN_IN_FAILED,
                email or None,
                {"reason": "no enabled account for this e-mail", "method": "oidc"},
                at=now,
            )
            st.session_state[OIDC_REFUSED_KEY] = email
        st.session_state[NOTE_KEY] = NO_ACCOUNT
        return None, None
    st.session_state.pop(OIDC_REFUSED_KEY, None)
    return account, start_session(session, account, now=now)


def remember(token: str) -> None:
    """After a successful sign-in: this session, and the cookie, carry ``token``."""
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(NOTE_KEY, None)


def sign_out(engine: Engine, *, now: datetime | None = None) -> None:
    """End the session in the database (every replica) and forget it here; an OpenID
    Connect user is also signed out of Streamlit's identity cookie (a new session starts)."""
    token = st.session_state.pop(TOKEN_KEY, None)
    with Session(engine) as session:
        end_session(session, token, now=now or datetime.now(UTC))
        session.commit()
    st.session_state[IGNORE_COOKIE_KEY] = True
    if st.user.get("is_logged_in"):
        st.logout()


def keep_cookie_in_step(viewer: Viewer | None) -> None:
    """Write the cookie when this session's token is not the one the browser sent, remove it
    when signed out and the browser had (or was given) one; otherwise draw nothing."""
    token = st.session_state.get(TOKEN_KEY) if viewer is not None else None
    sent = sign_in_cookie.token_from_cookie()
    if token is not None and token != sent:
        sign_in_cookie.write(token)
        st.session_state[WROTE_COOKIE_KEY] = True
    elif token is None and (sent is not None or st.session_state.get(WROTE_COOKIE_KEY)):
        sign_in_cookie.write(None)


def take_note() -> str | None:
    """Why the viewer is on the sign-in page (session ended, unknown e-mail), shown once."""
    note: str | None = st.session_state.pop(NOTE_KEY, None)
    return note
