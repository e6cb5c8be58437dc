"""The storage layer keeps its promises on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from data_sources.engine import make_engine, normalise_url
from data_sources.models import Interaction, Person, Team, metadata
from data_sources.schema import is_up_to_date, upgrade


def _team_with_interaction(session: Session, created_at: datetime) -> Interaction:
    team = Team(name="Billing")
    session.add(team)
    session.flush()
    interaction = Interaction(
        source="file", external_id="T-1", channel="email", created_at=created_at, team_id=team.id
    )
    session.add(interaction)
    session.commit()
    return interaction


def test_migrations_match_the_models(engine: Engine) -> None:
    """It finds no difference between the migrated schema and the SQLModel tables."""
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    assert is_up_to_date(engine)


def test_upgrading_an_up_to_date_database_changes_nothing(engine: Engine) -> None:
    """It can run the migrations again on start without touching the data."""
    with Session(engine) as session:
        _team_with_interaction(session, datetime(2026, 3, 1, 9, tzinfo=UTC))
    upgrade(engine)
    with Session(engine) as session:
        assert len(session.exec(select(Interaction)).all()) == 1


def test_timestamps_come_back_as_the_same_utc_instant(engine: Engine) -> None:
    """It stores 10:30 at UTC+02:00 and reads back 08:30 UTC, timezone-aware."""
    paris_summer = timezone(timedelta(hours=2))
    with Session(engine) as session:
        _team_with_interaction(session, datetime(2026, 6, 1, 10, 30, tzinfo=paris_summer))
    with Session(engine) as session:
        stored = session.exec(select(Interaction)).one()
    assert stored.created_at == datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    assert stored.created_at.utcoffset() == timedelta(0)


def test_a_naive_timestamp_is_refused(engine: Engine) -> None:
    """It refuses a timestamp without a zone rather than guess one."""
    with Session(engine) as session, pytest.raises((StatementError, ValueError)):
        _team_with_interaction(session, datetime(2026, 6, 1, 10, 30))


def test_one_record_per_source_and_id(engine: Engine) -> None:
    """It refuses a second interaction with the same (source, interaction_id)."""
    with Session(engine) as session:
        first = _team_with_interaction(session, datetime(2026, 3, 1, 9, tzinfo=UTC))
        session.add(
            Interaction(
                source="file",
                external_id="T-1",
                channel="chat",
                created_at=datetime(2026, 3, 2, tzinfo=UTC),
                team_id=first.team_id,
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    """It refuses a person in a team that does not exist (SQLite too: foreign_keys is on)."""
    with Session(engine) as session:
        session.add(Person(key="a1", name="Ann", team_id=999))
        with pytest.raises(IntegrityError):
            session.commit()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: object) -> None:
    """It opens the embedded file in WAL mode so pages read while an import writes."""
    engine = make_engine(f"sqlite:///{tmp_path}/pulse.db")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    """It reads postgresql:// as psycopg 3, the driver the project installs."""
    assert normalise_url("postgresql://postgres@127.0.0.1:5432/test").startswith(
        "postgresql+psycopg://"
    )
    assert normalise_url("sqlite:///data/pulse.db") == "sqlite:///data/pulse.db"
