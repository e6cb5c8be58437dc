"""The app's one engine per database URL, with the schema brought up to date once."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from data_sources import data_version as versions
from data_sources.engine import database_url, make_engine
from data_sources.schema import upgrade

# Connections the app's engine keeps (pool size) and may open beyond them (overflow), per
# process. A cold overview reads eight things side by side, each on a connection (one of them
# held while it waits for another's result), and every run first reads the data version and
# the sign-in: with SQLAlchemy's default of 5 + 10, three cold pages at once used up the pool
# and a cached page's first read waited behind them (bench/README.md, Load). PostgreSQL gets
# fewer: each connection is a server process, and its default max_connections (100) is shared
# by every app process and command on the server.
POOL = {"sqlite": (10, 30), "postgresql": (10, 20)}


def current_url() -> str:
    """The database this app reads: ``PULSE_DATABASE_URL``, else the default SQLite file."""
    return database_url()


@st.cache_resource(show_spinner="Opening the database…")
def engine_for(url: str) -> Engine:
    """An engine (shared by every session: it holds no data) on an up-to-date schema."""
    size, overflow = POOL.get(make_url(url).get_backend_name(), (5, 10))
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
