"""The app's connection pool: 10 + 30 on SQLite and 10 + 20 on PostgreSQL unless set, and a
setting that cannot be used stops ``pulse serve`` with its name instead of being ignored."""

from __future__ import annotations

import pytest

from data_sources.environment import SettingError
from data_sources.pool_settings import pool_settings
from pulse_cli.main import main

SQLITE = "sqlite:///data/pulse.db"
POSTGRES = "postgresql+psycopg://pulse@db:5432/pulse"


def test_each_database_has_its_own_defaults() -> None:
    assert pool_settings(SQLITE, {}) == (10, 30)
    assert pool_settings(POSTGRES, {}) == (10, 20)
    assert pool_settings(POSTGRES, {"PULSE_DB_POOL_SIZE": " ", "PULSE_DB_MAX_OVERFLOW": ""}) == (
        10,
        20,
    )


def test_four_replicas_on_one_postgresql_fit_in_its_100_connections() -> None:
    """4 × (8 + 12) = 80 connections, under PostgreSQL's default max_connections."""
    settings = {"PULSE_DB_POOL_SIZE": "8", "PULSE_DB_MAX_OVERFLOW": "12"}
    size, overflow = pool_settings(POSTGRES, settings)
    assert 4 * (size + overflow) == 80
    assert pool_settings(POSTGRES, {"PULSE_DB_MAX_OVERFLOW": "0"}) == (10, 0)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PULSE_DB_POOL_SIZE", "0", "from 1 to 1000 (default 10), not '0'"),
        ("PULSE_DB_POOL_SIZE", "ten", "from 1 to 1000 (default 10), not 'ten'"),
        ("PULSE_DB_MAX_OVERFLOW", "-1", "from 0 to 1000 (default 20), not '-1'"),
        ("PULSE_DB_MAX_OVERFLOW", "5000", "from 0 to 1000 (default 20), not '5000'"),
    ],
)
def test_an_unusable_value_is_refused_by_name(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingError) as refused:
        pool_settings(POSTGRES, {variable: value})
    assert str(refused.value) == f"{variable} must be a whole number {message}"


def test_serve_refuses_to_start_with_an_unusable_pool_setting(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_DB_POOL_SIZE", "lots")
    assert main(["serve", "--db", database_url]) == 2
    default = 10
    assert capsys.readouterr().err == (
        f"pulse serve: PULSE_DB_POOL_SIZE must be a whole number from 1 to 1000 "
        f"(default {default}), not 'lots'\n"
    )
