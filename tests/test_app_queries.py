"""The dashboard's queries count in the database, within the viewer's scope and filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app_dataset import fill
from sqlalchemy import Engine
from sqlmodel import Session

from data_sources import queries
from data_sources.models import Interaction, Team
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window

OCTOBER = Window.of_days(date(2026, 10, 1), date(2026, 10, 31))
EVERYONE = Scope.everything()


def test_volume_per_team_and_week_in_the_window(engine: Engine) -> None:
    """Billing's 5 and 12 October fall in the ISO weeks of Monday 5 and Monday 12 October."""
    fill(engine)
    with engine.connect() as connection:
        asked = {
            "connection": connection,
            "window": OCTOBER,
            "filters": Filters(),
            "scope": EVERYONE,
        }
        assert queries.interaction_volume(**asked) == 10
        assert queries.volume_by_team(**asked).values.tolist() == [
            ["Returns", 5],
            ["Billing", 3],
            ["Delivery", 2],
        ]
        weekly = queries.weekly_volume_by_team(**asked)
    billing = weekly[weekly["team"] == "Billing"]
    assert billing[["week", "interactions"]].values.tolist() == [
        ["2026-10-05", 1],
        ["2026-10-12", 1],
        ["2026-10-26", 1],
    ]


def test_a_sunday_belongs_to_the_week_of_the_monday_before(engine: Engine) -> None:
    """Sunday 4 October 23:59:59 UTC is in the week of 28 September; Monday 00:00 starts one."""
    with Session(engine) as session:
        team = Team(name="Night shift")
        session.add(team)
        session.flush()
        for number, moment in enumerate(
            [datetime(2026, 10, 4, 23, 59, 59, tzinfo=UTC), datetime(2026, 10, 5, tzinfo=UTC)]
        ):
            session.add(
                Interaction(
                    source="t",
                    external_id=str(number),
                    channel="phone",
                    created_at=moment,
                    team_id=team.id,
                )
            )
        session.commit()
    window = Window.of_days(date(2026, 9, 28), date(2026, 10, 11))
    with engine.connect() as connection:
        weekly = queries.weekly_volume_by_team(
            connection=connection, window=window, filters=Filters(), scope=EVERYONE
        )
    assert weekly[["week", "interactions"]].values.tolist() == [
        ["2026-09-28", 1],
        ["2026-10-05", 1],
    ]


def test_scope_and_filters_narrow_the_count(engine: Engine) -> None:
    """Only Returns in scope: 5; with the chat filter: 3; a scope of no team: 0."""
    ids = fill(engine)
    only_returns = Scope.of_teams([ids["Returns"]])
    with engine.connect() as connection:

        def count(filters: Filters, scope: Scope) -> int:
            return queries.interaction_volume(
                connection=connection, window=OCTOBER, filters=filters, scope=scope
            )

        assert count(Filters(), only_returns) == 5
        assert count(Filters(channels=("chat",)), only_returns) == 3
        # Asking for Billing while allowed only Returns gives nothing, not Billing.
        assert count(Filters(team_ids=(ids["Billing"],)), only_returns) == 0
        assert count(Filters(), Scope.nothing()) == 0
        assert queries.teams(connection=connection, scope=only_returns)["team"].tolist() == [
            "Returns"
        ]
        assert queries.newest_interaction_day(connection=connection, scope=only_returns) == date(
            2026, 10, 28
        )


def test_the_list_is_cut_into_pages_of_fifty_newest_first(engine: Engine) -> None:
    """120 interactions, one a minute: page 1 holds the newest 50, page 3 the oldest 20."""
    with Session(engine) as session:
        team = Team(name="Billing")
        session.add(team)
        session.flush()
        start = datetime(2026, 10, 1, 8, tzinfo=UTC)
        session.add_all(
            Interaction(
                source="t",
                external_id=f"{n:03}",
                channel="email",
                created_at=start + timedelta(minutes=n),
                team_id=team.id,
            )
            for n in range(120)
        )
        session.commit()
    with engine.connect() as connection:

        def page(number: int) -> list[int]:
            rows = queries.interaction_page(
                connection=connection,
                window=OCTOBER,
                filters=Filters(),
                scope=EVERYONE,
                page=number,
            )
            return [moment.minute + 60 * (moment.hour - 8) for moment in rows["created_at"]]

        assert page(1) == list(range(119, 69, -1))
        assert page(3) == list(range(19, -1, -1))
        assert page(4) == []


def test_open_work_is_the_unresolved_oldest_first(engine: Engine) -> None:
    """Delivery's one open email is listed, unanswered; Billing has nothing open."""
    ids = fill(engine)
    with engine.connect() as connection:
        delivery = queries.open_interactions(
            connection=connection, team_id=ids["Delivery"], filters=Filters(), scope=EVERYONE
        )
        billing = queries.open_interactions(
            connection=connection, team_id=ids["Billing"], filters=Filters(), scope=EVERYONE
        )
    assert delivery[["channel", "agent"]].values.tolist() == [["email", "Cleo"]]
    assert not bool(delivery["answered"].iloc[0])
    assert billing.empty


def test_the_trend_covers_the_whole_weeks_around_the_window() -> None:
    """Thursday 1 to Saturday 31 October is covered by Monday 28 September to Sunday 1 November."""
    covering = queries.weeks_covering(OCTOBER)
    assert covering == Window.of_days(date(2026, 9, 28), date(2026, 11, 1))
    monday_to_sunday = Window.of_days(date(2026, 10, 5), date(2026, 10, 11))
    assert queries.weeks_covering(monday_to_sunday) == monday_to_sunday
