"""The data version: raised once by each committed write a page shows, last in its transaction,
and what the cached loaders key on, so a write made anywhere shows on the next run while an
unchanged database is served from the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_harness import open_app
from import_support import HEADER, run
from postgres_support import empty_postgres_at
from sqlalchemy import Engine, event, text
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from data_sources import data_version, queries
from data_sources.engine import make_engine
from data_sources.models import Team
from data_sources.schema import upgrade


def _version(engine: Engine) -> int:
    with engine.connect() as connection:
        return data_version.current(connection)


def test_each_committed_write_raises_it_by_one_and_a_rolled_back_one_not(engine: Engine) -> None:
    """From whatever the new database holds (its migration raised it), two committed raises
    add 2, and a raise whose transaction rolled back adds nothing."""
    start = _version(engine)
    for _ in range(2):
        with engine.begin() as connection:
            data_version.changed(connection)
    assert _version(engine) == start + 2
    with pytest.raises(RuntimeError), engine.begin() as connection:
        data_version.changed(connection)
        raise RuntimeError("the write failed")
    assert _version(engine) == start + 2


def test_an_import_raises_it_once_as_its_last_statement(engine: Engine, tmp_path: Path) -> None:
    """A two-row import raises it by 1, and the raise is the import transaction's last
    statement (on PostgreSQL the raise locks the row until the commit: earlier, every other
    writer would wait for the whole import). A refused file raises it by 1 too (the history
    shows the refusal)."""
    start = _version(engine)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    rows = "1,2026-01-05T09:00:00Z,email,Alpha,Ann,5\n2,2026-01-05T10:00:00Z,chat,Alpha,Ann,4\n"
    content = HEADER + rows
    summary = run(engine, tmp_path, content)
    event.remove(engine, "before_cursor_execute", seen)
    assert summary.status == "done" and summary.inserted == 2
    assert _version(engine) == start + 1
    raised = [n for n, statement in enumerate(statements) if "appsetting" in statement]
    assert len(raised) == 1
    assert "INSERT INTO appsetting" in statements[raised[0]]
    later = statements[raised[0] + 1 :]
    assert all(s.lstrip().upper().startswith(("SELECT", "PRAGMA")) for s in later), later
    assert run(engine, tmp_path, b"\x00\x01\x02" * 100, name="binary.csv").status == "refused"
    assert _version(engine) == start + 2


def test_on_postgresql_a_write_does_not_wait_for_an_import_still_running(
    postgres_schema_url: str,
) -> None:
    """While one transaction has written rows and not yet raised the version (an import under
    way), another raises it and commits within a 2 s lock timeout (+1); the first then raises
    it and commits (+2). PostgreSQL only: SQLite lets one writer in at a time whatever the
    version does."""
    database_url = empty_postgres_at(postgres_schema_url)
    importing, saving = make_engine(database_url), make_engine(database_url)
    start = _version(saving)
    try:
        with importing.connect() as running:
            running.begin()
            running.execute(text("INSERT INTO team (name) VALUES ('Alpha')"))
            with saving.begin() as other:
                other.execute(text("SET LOCAL lock_timeout = '2s'"))
                data_version.changed(other)
            assert _version(saving) == start + 1
            data_version.changed(running)
            running.commit()
        assert _version(saving) == start + 2
    finally:
        importing.dispose()
        saving.dispose()


def _counting_team_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each call of the sidebar's team query (``loaders.teams``) appends to the list."""
    calls: list[int] = []
    original = queries.teams

    def counted(**arguments: Any) -> Any:
        calls.append(1)
        return original(**arguments)

    monkeypatch.setattr(queries, "teams", counted)
    return calls


def _team_options(app: AppTest) -> list[str]:
    (teams,) = [box for box in app.sidebar.multiselect if box.label == "Teams"]
    return [str(option) for option in teams.options]


def test_a_write_by_another_process_shows_on_the_next_run_and_nothing_else_reads_again(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alpha in the sidebar, read once; two more runs of the unchanged database read the
    teams 0 more times; Bravo added through another engine (as another process would) with
    the version raised: the very next run reads once and offers Alpha and Bravo; Charlie
    added without raising it (a write the version does not know) stays unseen."""
    writer = make_engine(database_url)
    try:
        with Session(writer) as session:
            session.add(Team(name="Alpha"))
            session.commit()
        calls = _counting_team_reads(monkeypatch)
        app = open_app(monkeypatch, database_url)
        assert _team_options(app) == ["Alpha"]
        assert len(calls) == 1
        app.run()
        app.run()
        assert len(calls) == 1  # served from the cache
        with Session(writer) as session:
            session.add(Team(name="Bravo"))
            session.flush()
            data_version.changed(session.connection())
            session.commit()
        app.run()
        assert sorted(_team_options(app)) == ["Alpha", "Bravo"]
        assert len(calls) == 2
        with Session(writer) as session:
            session.add(Team(name="Charlie"))
            session.commit()
        app.run()
        assert sorted(_team_options(app)) == ["Alpha", "Bravo"]
        assert len(calls) == 2
    finally:
        writer.dispose()


def test_bringing_the_schema_up_to_date_raises_it_and_an_up_to_date_one_does_not(
    tmp_path: Path,
) -> None:
    """A new SQLite file migrated to the head: 1 (a migration may fill what pages show); the
    same call again, with nothing to migrate: still 1."""
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        upgrade(engine)
        assert _version(engine) == 1
        upgrade(engine)
        assert _version(engine) == 1
    finally:
        engine.dispose()
