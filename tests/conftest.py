"""Fixtures shared by every test: the same test code runs on SQLite and on PostgreSQL.

``engine`` is parametrised over both databases. SQLite gets a fresh migrated file per test;
PostgreSQL gets one schema of its own per test session (so parallel runs never meet),
migrated once and emptied before every test. Set ``PULSE_TEST_POSTGRES_URL`` to run the
PostgreSQL half; without it those tests skip and say why (CI sets it and also sets
``PULSE_REQUIRE_POSTGRES=1``, which turns the skip into a failure).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_support import empty_postgres_at
from served_downloads import served  # noqa: F401 (a fixture for every test module)
from sqlalchemy import Engine, text

from data_sources.engine import make_engine
from data_sources.schema import upgrade

POSTGRES_URL_VARIABLE = "PULSE_TEST_POSTGRES_URL"


def postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("PULSE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PULSE_REQUIRE_POSTGRES=1 but {POSTGRES_URL_VARIABLE} is not set")
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file that each test copies (migrating per test is slow)."""
    path = tmp_path_factory.mktemp("template") / "pulse.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    url = postgres_url()
    if url is None:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_URL_VARIABLE} (e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    schema = f"pulse_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    scoped = f"{url}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(scoped)
    upgrade(engine)
    engine.dispose()
    yield scoped
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database of each kind shared by one test module, for modules whose tests
    only read what the module builds once (mark them ``xdist_group`` so that one worker runs
    the module in one go: ``database_url`` empties the same PostgreSQL schema per test)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("module_database") / "pulse.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        yield empty_postgres_at(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty, migrated database of each kind."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "pulse.db"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
    else:
        yield empty_postgres_at(request.getfixturevalue("postgres_schema_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on an empty, migrated database, once per database kind."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
