"""``pulse demo --live``: new work arrives, is answered and resolved, the cells keep up."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, select, text
from sqlmodel import Session

from data_sources import data_version
from data_sources.aggregates import cell, refresh_after_write
from data_sources.demo.live import ANSWER_CHANCE, Organisation, Tick, tick
from data_sources.models import Interaction, Team
from pulse_cli.main import main
from tests.demo_helpers import NOW, write_demo

NEVER = dict.fromkeys(ANSWER_CHANCE, 0.0)
ALWAYS = dict.fromkeys(ANSWER_CHANCE, 1.0)
LIVE_ROWS = """
    SELECT i.external_id, i.team_id, i.agent_id, i.created_at, i.first_response_at,
           i.resolved_at, i.status, p.team_id AS agent_team_id
    FROM interaction i JOIN person p ON p.id = i.agent_id
    WHERE i.source = 'demo' AND i.external_id LIKE 'L%'
"""


def _rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(text(LIVE_ROWS))]


def _round(engine: Engine, at: datetime, **chances: Any) -> Tick:
    with engine.begin() as connection:
        organisation = Organisation.read(connection)
        return tick(connection, organisation, np.random.default_rng(5), at, **chances)


def _version(engine: Engine) -> int:
    with engine.connect() as connection:
        return data_version.current(connection)


@pytest.fixture
def demo(engine: Engine) -> Engine:
    write_demo(engine, size=400)
    return engine


def test_a_round_adds_waiting_work_for_a_team_and_its_agent(demo: Engine) -> None:
    """Three arrivals, nothing answered: three open live interactions created in the last 5 s
    before now, each with an agent of its own team, and the data version up by one."""
    before = _version(demo)
    done = _round(demo, NOW, arrivals=3, answer_chance=NEVER, resolve_chance=0.0)
    assert (done.arrived, done.answered, done.resolved) == (3, 0, 0)
    rows = _rows(demo)
    assert len(rows) == 3
    for row in rows:
        assert row["first_response_at"] is None and row["status"] == "open"
        assert row["agent_team_id"] == row["team_id"]
        created = _utc(row["created_at"])
        assert NOW - timedelta(seconds=5) <= created <= NOW
    assert _version(demo) == before + 1


def test_waiting_work_is_answered_then_resolved(demo: Engine) -> None:
    """Answered in the next round (first response at its time), resolved in the one after."""
    _round(demo, NOW, arrivals=3, answer_chance=NEVER, resolve_chance=0.0)
    answered = _round(demo, NOW + timedelta(seconds=10), arrivals=0, answer_chance=ALWAYS,
                      resolve_chance=0.0)  # fmt: skip
    assert answered.answered == 3
    assert {_utc(r["first_response_at"]) for r in _rows(demo)} == {NOW + timedelta(seconds=10)}
    assert {r["status"] for r in _rows(demo)} == {"pending"}
    resolved = _round(demo, NOW + timedelta(seconds=20), arrivals=0, answer_chance=NEVER,
                      resolve_chance=1.0)  # fmt: skip
    assert resolved.resolved == 3
    assert {_utc(r["resolved_at"]) for r in _rows(demo)} == {NOW + timedelta(seconds=20)}
    assert {r["status"] for r in _rows(demo)} == {"resolved"}


def test_the_cells_kept_by_live_rounds_equal_a_full_recount(demo: Engine) -> None:
    """After arrivals, answers and resolutions, recomputing the days from the raw rows
    changes no cell: the rounds kept them as an import does."""
    _round(demo, NOW, arrivals=6, answer_chance=NEVER, resolve_chance=0.0)
    _round(demo, NOW + timedelta(seconds=5), arrivals=4, answer_chance=ALWAYS, resolve_chance=0.0)
    _round(demo, NOW + timedelta(seconds=9), arrivals=2, answer_chance=ALWAYS, resolve_chance=1.0)
    kept = _cells(demo)
    with demo.begin() as connection:
        refresh_after_write(connection, days=[NOW.date() - timedelta(days=1), NOW.date()])
    assert _cells(demo) == kept


def test_live_cli_fills_an_empty_database_then_runs_its_rounds(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--live --rounds 2``: the demo is written, two rounds are printed, and the live rows
    in the database are as many as the rounds said arrived."""
    options = ["--interactions", "300", "--live", "--every", "0", "--rounds", "2"]
    assert main(["demo", "--db", database_url, *options]) == 0
    printed = capsys.readouterr().out
    arrived = [int(n) for n in re.findall(r"\+(\d+) new", printed)]
    assert len(arrived) == 2
    assert len(_rows(engine)) == sum(arrived)
    assert "demo written to" in printed and "live: new work every 0 s" in printed


def test_live_refuses_imported_data_and_a_past_demo(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Live demo traffic never goes into real data (exit 1, nothing written), and cannot
    continue a demo that ended in the past (exit 2)."""
    assert main(["demo", "--db", database_url, "--live", "--until", "2026-03-31"]) == 2
    assert "leave out --until" in capsys.readouterr().out
    with Session(engine) as session:
        team = Team(name="Imported team")
        session.add(team)
        session.flush()
        assert team.id is not None
        first = datetime(2026, 3, 1, tzinfo=UTC)
        session.add(Interaction(source="zendesk", external_id="1", channel="email",
                                created_at=first, team_id=team.id))  # fmt: skip
        session.commit()
    assert main(["demo", "--db", database_url, "--live", "--rounds", "1"]) == 1
    assert "live demo traffic goes only into a database that holds nothing but the demo" in (
        capsys.readouterr().out
    )
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM interaction")).scalar_one() == 1


def _cells(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(select(cell)).all()
    return sorted((tuple(row) for row in rows), key=repr)


def _utc(value: object) -> datetime:
    if isinstance(value, str):  # SQLite hands the stored text back through text()
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
