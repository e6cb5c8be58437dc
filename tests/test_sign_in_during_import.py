"""Signing in while an import is writing, on SQLite and PostgreSQL.

An import writes everything in one transaction (all or nothing), and signing in writes too
(the session, the account's last sign-in, an audit event). SQLite lets one writer in at a
time: a sign-in during an import waits the busy timeout (30 s; shortened here) and is then
refused with "database is locked" — the form must say the database is busy, not show a
traceback, and change nothing. PostgreSQL writes both at once: the sign-in goes through.
The load bench (bench/load.py) signs one session in four in during its import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from app_harness import open_app
from sqlalchemy import Engine, func, insert, select
from test_sign_in_app import (  # noqa: F401 (office: the fixture, used by name)
    CARLA,
    PASSWORD,
    office,
    sign_in_through_form,
    titles,
)

from dashboard.sign_in_form import BUSY
from data_sources import engine as engine_module
from data_sources.models import SignInSession, Team

SHORT_BUSY_TIMEOUT_MS = 300


@contextmanager
def import_writing(engine: Engine) -> Iterator[None]:
    """A transaction that has written, as an import's has from its first batch to its commit
    (it creates the teams a file names, among the rest); rolled back at the end."""
    with engine.connect() as connection:
        transaction = connection.begin()
        team = Team.__table__  # type: ignore[attr-defined]
        connection.execute(insert(team).values(name="Imported, not yet committed"))
        try:
            yield
        finally:
            transaction.rollback()


def sessions(engine: Engine) -> int:
    with engine.connect() as connection:
        table = SignInSession.__table__  # type: ignore[attr-defined]
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.mark.usefixtures("office")
def test_a_sign_in_during_an_import(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: "busy", nothing written, and the same sign-in works once the import is over.
    PostgreSQL: signed in while the import writes."""
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", SHORT_BUSY_TIMEOUT_MS)
    app = open_app(monkeypatch, database_url, account=None)
    with import_writing(engine):
        app = sign_in_through_form(app, CARLA, PASSWORD)
        assert not app.exception
        if engine.dialect.name == "sqlite":
            assert [error.value for error in app.error] == [BUSY]
            assert titles(app) == ["Sign in"]
            assert sessions(engine) == 0  # read outside the import's transaction
    if engine.dialect.name == "sqlite":
        app = sign_in_through_form(app, CARLA, PASSWORD)
    assert not app.exception and not app.error
    assert titles(app) == ["Overview"]
    assert sessions(engine) == 1
