"""A viewer's scope and a report's window behave as kpis.md and the access rules say."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.models import Team
from data_sources.scope import Scope
from kpis.window import Window


def test_a_window_includes_its_start_and_excludes_its_end() -> None:
    """It counts a moment at the start as inside and one at the end as outside."""
    window = Window.of_days(date(2026, 3, 1), date(2026, 3, 31))
    assert window.contains(datetime(2026, 3, 1, 0, 0, tzinfo=UTC))
    assert not window.contains(datetime(2026, 4, 1, 0, 0, tzinfo=UTC))
    assert window.contains(datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC))


def test_the_previous_period_has_the_same_length() -> None:
    """It compares March (31 days) with the 31 days before it."""
    march = Window.of_days(date(2026, 3, 1), date(2026, 3, 31))
    previous = march.previous()
    assert previous.end == march.start
    assert previous.start == datetime(2026, 1, 29, tzinfo=UTC)


def test_a_window_needs_zones_and_an_end_after_its_start() -> None:
    """It refuses naive bounds and empty windows."""
    with pytest.raises(ValueError):
        Window(datetime(2026, 3, 1), datetime(2026, 3, 2))
    with pytest.raises(ValueError):
        Window(datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC))


def test_last_days_ends_with_the_given_day() -> None:
    """It makes "last 7 days until 7 March" the days 1 to 7 March."""
    window = Window.last_days(7, until=date(2026, 3, 7))
    assert window == Window.of_days(date(2026, 3, 1), date(2026, 3, 7))


def _team_names(engine: Engine, scope: Scope) -> list[str]:
    with Session(engine) as session:
        for name in ("Billing", "Returns", "Shipping"):
            session.add(Team(name=name))
        session.commit()
        query = select(Team.name).where(scope.where(Team.id)).order_by(Team.name)
        return list(session.exec(query))


def test_everything_sees_every_team(engine: Engine) -> None:
    """It lets a CEO's scope read all three teams."""
    assert _team_names(engine, Scope.everything()) == ["Billing", "Returns", "Shipping"]


def test_a_scope_of_teams_sees_only_those(engine: Engine) -> None:
    """It lets a leader of teams 1 and 3 read Billing and Shipping only."""
    assert _team_names(engine, Scope.of_teams([1, 3])) == ["Billing", "Shipping"]


def test_nothing_sees_nothing(engine: Engine) -> None:
    """It denies by default: a scope of no teams reads no rows."""
    assert _team_names(engine, Scope.nothing()) == []
    assert not Scope.nothing().allows(1)
    assert Scope.everything().allows(None)
