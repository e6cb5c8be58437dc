"""The team view's live queries on SQLite and PostgreSQL, on tests/team_live_dataset.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from team_live_dataset import TeamLive, fill

from data_sources import live_queries, settings
from data_sources.scope import Scope

AS_OF = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def team(engine: Engine) -> TeamLive:
    return fill(engine, AS_OF)


def test_waiting_interactions_carry_their_share_of_target(engine: Engine, team: TeamLive) -> None:
    """The 25 h email is breached, the 20 h one at risk (83 %), the 30 s chat inside (50 %)."""
    with engine.connect() as connection:
        waiting = live_queries.waiting_interactions(
            connection=connection,
            team_id=team.billing,
            as_of=AS_OF,
            targets=settings.channel_targets(connection),
            scope=Scope.everything(),
        )
    assert waiting["id"].tolist() == [team.breached_email, team.at_risk_email, team.new_chat]
    assert waiting["state"].tolist() == ["breached", "at risk", "waiting"]
    assert waiting["target_used"].round(3).tolist() == [1.042, 0.833, 0.5]
    assert waiting["age_seconds"].tolist() == [25 * 3600, 20 * 3600, 30]
    assert waiting["target_seconds"].tolist() == [86400, 86400, 60]


def test_counters_count_in_the_database(engine: Engine, team: TeamLive) -> None:
    """3 waiting, 2 past 80 % (one of them breached), 1 promise due, 1 overdue, 1 escalation."""
    with engine.connect() as connection:
        counts = live_queries.live_counts(
            connection=connection,
            team_id=team.billing,
            leader_id=team.lena,
            as_of=AS_OF,
            targets=settings.channel_targets(connection),
            scope=Scope.everything(),
        )
    assert counts == live_queries.LiveCounts(
        waiting=3,
        at_risk=2,
        breached=1,
        promises_due=1,
        promises_overdue=1,
        escalations_waiting=1,
    )


def test_a_tighter_target_puts_more_at_risk(engine: Engine, team: TeamLive) -> None:
    """With email at 21 h, the 20 h email is at 95 % and the 25 h one still breached."""
    with engine.begin() as connection:
        settings.set_channel_target(connection, channel="email", seconds=21 * 3600)
    with engine.connect() as connection:
        counts = live_queries.live_counts(
            connection=connection,
            team_id=team.billing,
            leader_id=None,
            as_of=AS_OF,
            targets=settings.channel_targets(connection),
            scope=Scope.everything(),
        )
    assert (counts.at_risk, counts.breached, counts.escalations_waiting) == (2, 1, 0)


def test_promises_due_within_a_day_then_overdue(engine: Engine, team: TeamLive) -> None:
    """The promise due in 5 h is listed, then the one 3 h late; 30 h away and kept ones are not."""
    with engine.connect() as connection:
        promises = live_queries.promises_due(
            connection=connection, team_id=team.billing, as_of=AS_OF, scope=Scope.everything()
        )
    assert promises["state"].tolist() == ["due", "overdue"]
    assert promises["hours_left"].tolist() == [5.0, -3.0]
    assert promises["interaction_id"].tolist() == [team.answered_email] * 2


def test_escalations_waiting_for_the_leader(engine: Engine, team: TeamLive) -> None:
    """The escalation sent to Lena 3 h ago waits 3.0 h; the one picked up is not listed."""
    with engine.connect() as connection:
        waiting = live_queries.escalations_waiting(
            connection=connection, leader_id=team.lena, as_of=AS_OF, scope=Scope.everything()
        )
    assert waiting[["id", "waiting_hours", "team"]].values.tolist() == [
        [team.waiting_escalation, 3.0, "Billing"]
    ]


def test_scope_hides_another_teams_work(engine: Engine, team: TeamLive) -> None:
    """A Returns viewer sees none of Billing; Ann as an agent sees her three waiting ones."""
    with engine.connect() as connection:
        targets = settings.channel_targets(connection)

        def waiting(scope: Scope) -> list[int]:
            frame = live_queries.waiting_interactions(
                connection=connection,
                team_id=team.billing,
                as_of=AS_OF,
                targets=targets,
                scope=scope,
            )
            return sorted(frame["id"].tolist())

        assert waiting(Scope.of_teams([team.returns])) == []
        assert waiting(Scope.of_agent(team.ann)) == sorted(
            [team.breached_email, team.at_risk_email, team.new_chat]
        )
        hidden = live_queries.escalations_waiting(
            connection=connection,
            leader_id=team.lena,
            as_of=AS_OF,
            scope=Scope.of_teams([team.returns]),
        )
    assert hidden.empty


def test_refresh_interval_setting(engine: Engine) -> None:
    """The interval is 30 s until set; 3 s is kept; 1 s is refused and nothing changes."""
    with engine.begin() as connection:
        assert settings.team_view_refresh_seconds(connection) == 30
        settings.set_team_view_refresh_seconds(connection, seconds=3)
        with pytest.raises(ValueError, match="2 to 3600 seconds"):
            settings.set_team_view_refresh_seconds(connection, seconds=1)
        assert settings.team_view_refresh_seconds(connection) == 3
