"""``pulse demo`` as a person runs it: what it writes, refuses, skips and prints."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from data_sources.models import Interaction, Team
from pulse_cli.demo import demo_now
from pulse_cli.main import main
from tests.demo_helpers import dump


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def run(database_url: str, *options: str) -> int:
    return main(["demo", "--db", database_url, *options])


def test_it_writes_the_demo_and_prints_a_summary(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It writes 1,000 interactions ending with 2026-03-31 and lists what it wrote."""
    assert run(database_url, "--interactions", "1000", "--until", "2026-03-31") == 0
    printed = capsys.readouterr().out
    assert "up to 2026-04-01 00:00:00 UTC" in printed
    assert "interactions         1,000" in printed
    for line in ("teams", "people", "messages", "promises", "reviews, notes", "elapsed"):
        assert line in printed
    assert count(engine, "interaction") == 1000
    with engine.connect() as connection:
        newest = connection.execute(text("SELECT MAX(created_at) FROM interaction")).scalar_one()
    assert str(newest).startswith("2026-03-31")


def test_if_empty_leaves_a_filled_database_alone(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It says the database has data and writes nothing, with exit code 0."""
    assert run(database_url, "--interactions", "500", "--until", "2026-03-31") == 0
    capsys.readouterr()
    assert run(database_url, "--if-empty", "--interactions", "700") == 0
    assert "already has data (500 interactions, 9 teams, 95 people); no demo added" in (
        capsys.readouterr().out
    )
    assert count(engine, "interaction") == 500


def test_a_second_demo_is_refused_without_replace(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It refuses (exit 1) to add a demo on top of data, and names the two ways out."""
    assert run(database_url, "--interactions", "500", "--until", "2026-03-31") == 0
    capsys.readouterr()
    assert run(database_url, "--interactions", "700") == 1
    assert "Use --if-empty to skip quietly, or --replace" in capsys.readouterr().out
    assert count(engine, "interaction") == 500


def test_replace_swaps_an_earlier_demo_for_a_new_one(engine: Engine, database_url: str) -> None:
    """It replaces 500 demo interactions by 700, keeping one set of teams and people."""
    assert run(database_url, "--interactions", "500", "--until", "2026-03-31") == 0
    assert run(database_url, "--replace", "--interactions", "700", "--until", "2026-02-28") == 0
    assert count(engine, "interaction") == 700
    assert (count(engine, "team"), count(engine, "person")) == (9, 95)
    assert count(engine, "scorecard") == 1


def test_the_same_seed_and_until_give_the_same_rows_again(
    engine: Engine, database_url: str
) -> None:
    """It writes the same rows when the same seed and --until replace a demo."""
    options = ("--interactions", "800", "--seed", "3", "--until", "2026-01-31")
    assert run(database_url, *options) == 0
    first = dump(engine)
    assert run(database_url, "--replace", *options) == 0
    assert dump(engine) == first


def test_replace_never_deletes_imported_data(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It refuses to replace when one interaction came from somewhere else, and keeps it."""
    with Session(engine) as session:
        team = Team(name="Imported team")
        session.add(team)
        session.flush()
        assert team.id is not None
        session.add(
            Interaction(
                source="zendesk",
                external_id="1",
                channel="email",
                created_at=datetime(2026, 3, 1, tzinfo=UTC),
                team_id=team.id,
            )
        )
        session.commit()
    assert run(database_url, "--replace", "--interactions", "500") == 1
    assert "1 interactions did not come from the demo" in capsys.readouterr().out
    assert count(engine, "interaction") == 1


def test_bad_options_are_refused_with_a_reason(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """It refuses a tiny size, a malformed date and a day in the future, writing nothing."""
    for options in (["--interactions", "50"], ["--until", "31/03/2026"]):
        with pytest.raises(SystemExit) as stopped:
            run(database_url, *options)
        assert stopped.value.code == 2
    errors = capsys.readouterr().err
    assert "the demo needs at least 200" in errors
    assert "'31/03/2026' is not a date like 2026-03-31" in errors
    assert run(database_url, "--until", "2999-01-01") == 2
    assert "is in the future" in capsys.readouterr().out
    assert count(engine, "interaction") == 0


def test_the_demo_ends_at_the_end_of_until_or_now() -> None:
    """It ends a past --until at the next midnight, and today at the current second."""
    clock = datetime(2026, 4, 10, 14, 30, 5, 123456, tzinfo=UTC)
    assert demo_now(date(2026, 3, 31), clock=clock) == datetime(2026, 4, 1, tzinfo=UTC)
    assert demo_now(date(2026, 4, 10), clock=clock) == datetime(2026, 4, 10, 14, 30, 5, tzinfo=UTC)
    assert demo_now(None, clock=clock) == datetime(2026, 4, 10, 14, 30, 5, tzinfo=UTC)
