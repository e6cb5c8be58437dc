"""Emptying a test PostgreSQL schema between tests (a module of its own, so test files can
import it: ``from conftest import`` finds tests/browser/conftest.py under pytest-xdist)."""

from __future__ import annotations

from sqlalchemy import Engine, text

from data_sources.engine import make_engine
from data_sources.models import metadata


def empty_postgres(engine: Engine) -> None:
    """Every table of the schema emptied, identities restarted."""
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def empty_postgres_at(url: str) -> str:
    """The schema at ``url`` emptied as above; returns ``url``."""
    engine = make_engine(url)
    empty_postgres(engine)
    engine.dispose()
    return url
