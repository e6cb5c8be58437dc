"""The app's one engine per database URL, with the schema brought up to date once."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from data_sources import data_version as versions
from data_sources.engine import database_url, make_engine
from data_sources.pool_settings import pool_settings
from data_sources.schema import upgrade


def current_url() -> str:
    """The database this app reads: ``PULSE_DATABASE_URL``, else the default SQLite file."""
    return database_url()


@st.cache_resource(show_spinner="Opening the database…")
def engine_for(url: str) -> Engine:
    """An engine (shared by every session: it holds no data) on an up-to-date schema."""
    size, overflow = pool_settings(url)
    engine = make_engine(url, pool_size=size, max_overflow=overflow)
    upgrade(engine)
    return engine


def data_version(url: str) -> int:
    """The data version now (``data_sources.data_version``): read once per script run and
    passed to every cached loader, so a write in any process shows on the next run."""
    with engine_for(url).connect() as connection:
        return versions.current(connection)


def safe_url(url: str) -> str:
    """The URL with its password hidden, fit to show in an error message."""
    return make_url(url).render_as_string(hide_password=True)


def is_locked(error: OperationalError) -> bool:
    """Whether ``error`` is SQLite's "database is locked": another writer (an import) held the
    database for longer than the busy timeout."""
    return "database is locked" in str(getattr(error, "orig", None) or error).lower()
