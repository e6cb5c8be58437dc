"""The bulk writer: fast paths that still keep keys, timestamps and sequences right."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.bulk import BulkWriter, table_of, timestamp_texts, with_nulls
from data_sources.models import Interaction, Team
from data_sources.timestamps import sqlite_text


def test_sqlite_timestamps_are_written_as_sqlite_text_writes_them() -> None:
    """It renders a datetime64 exactly as timestamps.sqlite_text does, and NaT as None."""
    moment = datetime(2026, 3, 31, 23, 59, 59, 123456, tzinfo=UTC)
    values = np.array(["2026-03-31T23:59:59.123456", "NaT"], dtype="datetime64[us]")
    assert timestamp_texts(values, dialect="sqlite") == [sqlite_text(moment), None]
    assert timestamp_texts(values, dialect="postgresql") == [
        "2026-03-31 23:59:59.123456+00",
        None,
    ]


def test_with_nulls_keeps_only_present_values() -> None:
    """It turns [3, 0, 5] with the middle one absent into [3, None, 5]."""
    assert with_nulls(np.array([3, 0, 5]), np.array([True, False, True])) == [3, None, 5]


def test_rows_written_in_bulk_read_back_and_later_inserts_follow_them(engine: Engine) -> None:
    """It writes two teams after an existing one and an ordinary insert then takes id 4."""
    with Session(engine) as session:
        session.add(Team(name="Existing"))
        session.commit()
    with engine.begin() as connection:
        writer = BulkWriter(connection)
        first = writer.next_id(table_of(Team))
        assert first == 2
        writer.write(table_of(Team), {"id": [2, 3], "name": ["Billing", "Returns"]})
        writer.write(
            table_of(Interaction),
            {
                "id": np.array([10]),
                "source": ["demo"],
                "external_id": ["D1"],
                "channel": ["email"],
                "created_at": np.array(["2026-03-31T08:00:00"], dtype="datetime64[us]"),
                "team_id": np.array([2]),
                "first_response_at": np.array(["NaT"], dtype="datetime64[us]"),
                "status": ["open"],
                "escalated": np.array([False]),
                "transfers": [0],
                "reopens": [0],
            },
        )
        writer.finish()
    with Session(engine) as session:
        session.add(Team(name="Added later"))
        session.commit()
        teams = session.exec(select(Team).order_by(Team.id)).all()
        interaction = session.exec(select(Interaction)).one()
    assert [(t.id, t.name) for t in teams] == [
        (1, "Existing"),
        (2, "Billing"),
        (3, "Returns"),
        (4, "Added later"),
    ]
    assert interaction.created_at == datetime(2026, 3, 31, 8, tzinfo=UTC)
    assert interaction.first_response_at is None
    assert interaction.escalated is False


def test_a_failed_batch_leaves_nothing_behind(engine: Engine) -> None:
    """It rolls back every row of the transaction when a later write fails."""
    try:
        with engine.begin() as connection:
            writer = BulkWriter(connection)
            writer.write(table_of(Team), {"id": [1], "name": ["Billing"]})
            writer.write(table_of(Team), {"id": [2], "name": ["Billing"]})  # name is unique
    except Exception as error:  # the driver's own IntegrityError, which differs per database
        assert "unique" in str(error).lower() or "duplicate" in str(error).lower()
    else:
        raise AssertionError("a duplicate team name was accepted")
    with Session(engine) as session:
        assert session.exec(select(Team)).all() == []


def test_columns_given_in_any_order_land_in_their_own_fields(engine: Engine) -> None:
    """It stores name "Returns" under name and id 7 under id, whatever order they are given in."""
    with engine.begin() as connection:
        writer = BulkWriter(connection)
        writer.write(table_of(Team), {"name": ["Returns"], "id": [7]})
        writer.finish()
    with Session(engine) as session:
        team = session.exec(select(Team)).one()
    assert (team.id, team.name) == (7, "Returns")
