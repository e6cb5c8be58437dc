"""The demo organisation: deterministic, and written after the rows already in a database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from data_sources.demo.existing import remove_demo
from data_sources.demo.transcripts import transcript_share
from data_sources.models import Interaction, Team
from tests.demo_helpers import NOW, dump, frame, write_demo


def test_the_same_seed_and_until_give_the_same_database(engine: Engine) -> None:
    """It writes row for row the same demo twice, and a different one for another seed."""
    write_demo(engine, size=1_500)
    first = dump(engine)
    with engine.begin() as connection:
        remove_demo(connection)
    write_demo(engine, size=1_500)
    assert dump(engine) == first
    with engine.begin() as connection:
        remove_demo(connection)
    write_demo(engine, size=1_500, seed=12)
    other = dump(engine)
    assert other["interaction"] != first["interaction"]
    assert other["team"] == first["team"]  # the same nine teams, whatever the seed


def test_a_large_demo_writes_transcripts_for_120_000_interactions() -> None:
    """It transcribes every interaction up to 120,000, then a share: 12% of a million."""
    assert transcript_share(60_000) == 1.0
    assert transcript_share(120_000) == 1.0
    assert transcript_share(1_000_000) == 0.12


def test_the_demo_takes_ids_after_rows_already_there(engine: Engine) -> None:
    """It starts after an existing team and interaction, and a later insert follows the demo."""
    with Session(engine) as session:
        team = Team(name="Imported team")
        session.add(team)
        session.flush()
        assert team.id == 1
        session.add(
            Interaction(
                source="zendesk",
                external_id="1",
                channel="email",
                created_at=NOW - timedelta(days=3),
                team_id=team.id,
            )
        )
        session.commit()
    summary = write_demo(engine, size=500)
    assert (summary.teams, summary.people, summary.interactions) == (9, 95, 500)
    ids = frame(
        engine, "SELECT MIN(id) AS first, MAX(id) AS last FROM interaction WHERE source = 'demo'"
    )
    assert (ids["first"][0], ids["last"][0]) == (2, 501)
    with Session(engine) as session:
        later = Team(name="Added after the demo")
        session.add(later)
        session.commit()
        assert later.id == 11  # 1 imported + 9 demo teams
