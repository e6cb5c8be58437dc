"""How the app tests open the dashboard: AppTest from the entrypoint on a given database,
signed in (by default as a CEO made for the tests, or as any account by its e-mail)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard.sign_in_state import TOKEN_KEY
from data_sources.accounts import add_account, find_account
from data_sources.engine import DATABASE_URL_VARIABLE, make_engine
from data_sources.models import AccountRole
from data_sources.sign_in import start_session

ENTRYPOINT = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
TEST_CEO = "test-ceo@pulse.test"  # made on first use by ``open_app``; its person has no team


def open_app(
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    *,
    account: str | None = TEST_CEO,
    **query_params: str | list[str],
) -> AppTest:
    """The app on ``url``, signed in as ``account``, first run done, opened with the given
    link parameters.

    ``account`` is the e-mail of an account already in the database (any role: make it with
    ``data_sources.accounts.add_account``, ``tests/access_builders.Office.account`` or
    ``pulse users add``; it needs no password), signed in through a fresh session token
    exactly as the sign-in form does. The default, ``TEST_CEO``, is a CEO account made here
    when missing. ``None`` opens the app signed out: only the sign-in page is offered.
    """
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    # Caches are per process and a PostgreSQL test URL is reused (emptied) between tests.
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ENTRYPOINT), default_timeout=60)
    if account is not None:
        app.session_state[TOKEN_KEY] = session_token(url, account)
    for key, value in query_params.items():
        app.query_params[key] = value
    return app.run()


def session_token(url: str, email: str) -> str:
    """A new session token of ``email``'s account (the test CEO is made when missing)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            found = find_account(session, email)
            if found is None and email == TEST_CEO:
                found = add_account(
                    session, email=TEST_CEO, name="Test CEO", role=AccountRole.CEO, now=NOW
                )
            if found is None:
                raise LookupError(f"no account {email}: add it before open_app(account=...)")
            token = start_session(session, found, now=datetime.now(UTC))
            session.commit()
    finally:
        engine.dispose()
    return token


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page that has all of ``columns`` (AppTest drops a table's key)."""
    found = [e.value for e in app.dataframe if set(columns) <= set(e.value.columns)]
    if len(found) != 1:
        shown = [list(e.value.columns) for e in app.dataframe]
        raise AssertionError(f"{len(found)} tables with columns {columns}; tables: {shown}")
    frame: pd.DataFrame = found[0]
    return frame


def texts(app: AppTest) -> str:
    """Every caption, info, warning and metric of the run, one per line, to search in."""
    parts = [
        element.value
        for kind in ("caption", "info", "warning", "error")
        for element in getattr(app, kind)
    ]
    parts += [f"{metric.label}: {metric.value}" for metric in app.metric]
    return "\n".join(str(part) for part in parts)


def link(app: AppTest, key: str) -> list[str]:
    """A query parameter's values (AppTest keeps a single value as a plain string)."""
    value = app.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)
