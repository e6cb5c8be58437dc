"""Answered within target by weekday × hour, and the Interactions list cut to one such hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard import interaction_link
from data_sources.interaction_queries import ListChoice, count_interactions, list_page
from data_sources.models import Interaction, Team
from data_sources.queries import Filters
from data_sources.response_hours import response_by_hour
from data_sources.scope import Scope
from kpis.window import Window

OCTOBER = Window.of_days(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
AS_OF = datetime(2026, 10, 20, 12, 0, 30, tzinfo=UTC)
MONDAY, TUESDAY = datetime(2026, 10, 5, tzinfo=UTC), datetime(2026, 10, 6, tzinfo=UTC)
# (number, channel, created, seconds to the first response or None: unanswered)
ROWS = (
    (1, "chat", MONDAY + timedelta(hours=9, minutes=10), 30),  # met
    (2, "chat", MONDAY + timedelta(hours=9, minutes=40), 300),  # late
    (3, "chat", MONDAY + timedelta(hours=9, minutes=50), None),  # unanswered, long past 60 s
    (4, "chat", MONDAY + timedelta(days=7, hours=9, minutes=30), 120),  # next Monday, late
    (5, "chat", MONDAY + timedelta(hours=10, minutes=5), 45),  # met, the next hour
    (6, "chat", TUESDAY + timedelta(hours=9), 20),  # met, Tuesday
    (7, "email", MONDAY + timedelta(hours=9, minutes=20), 300),  # another channel
    (8, "chat", AS_OF - timedelta(seconds=30), None),  # Tuesday 12:00, still inside its 60 s
)


def _fill(engine: Engine) -> tuple[int, dict[int, int]]:
    """The rows above for one team; its id and each row's interaction id by number."""
    with Session(engine) as session:
        team = Team(name="Support")
        session.add(team)
        session.flush()
        made = {}
        for number, channel, created, seconds in ROWS:
            made[number] = Interaction(
                source="test",
                external_id=f"h{number}",
                channel=channel,
                created_at=created,
                team_id=team.id,
                first_response_at=None if seconds is None else created + timedelta(seconds=seconds),
                status="open",
            )
        session.add_all(made.values())
        session.commit()
        assert team.id is not None
        return team.id, {number: int(row.id or 0) for number, row in made.items()}


def _hours(engine: Engine, **more: object) -> list[list[int]]:
    with engine.connect() as connection:
        arguments: dict[str, object] = {"scope": Scope.everything(), "channel": "chat"} | more
        found = response_by_hour(connection, window=OCTOBER, as_of=AS_OF, **arguments)  # type: ignore[arg-type]
    found = found.sort_values(["weekday", "hour"])
    eligible = found["answered"] + found["unanswered_breached"]
    assert (found["response_sla_rate"] == found["sla_met"] / eligible).all()
    columns = found[["weekday", "hour"]].assign(eligible=eligible, met=found["sla_met"])
    return columns.to_numpy().tolist()  # type: ignore[no-any-return]


def test_monday_nine_counts_four_chats_one_answered_in_time(engine: Engine) -> None:
    """Monday 09: 30 s met; 300 s, 120 s and an unanswered one missed -> 1 of 4.

    The email of that hour is another channel; Tuesday 12:00's chat is still inside its
    60 s at as-of, so it is not eligible yet and its hour is absent."""
    _fill(engine)
    assert _hours(engine) == [[0, 9, 4, 1], [0, 10, 1, 1], [1, 9, 1, 1]]
    assert _hours(engine, channel="email") == [[0, 9, 1, 1]]  # 300 s is within 24 h


def test_the_viewers_scope_and_the_team_filter_apply(engine: Engine) -> None:
    """A viewer of another team sees no hour; filtering to the team itself keeps them all."""
    team_id, _ = _fill(engine)
    assert _hours(engine, scope=Scope.of_teams([team_id + 1])) == []
    assert _hours(engine, teams=[team_id]) == [[0, 9, 4, 1], [0, 10, 1, 1], [1, 9, 1, 1]]


@pytest.mark.parametrize(
    ("flags", "numbers"),
    [((), [1, 2, 3, 4]), (("breached",), [2, 3, 4])],
)
def test_a_heat_map_cell_lists_the_interactions_it_counts(
    engine: Engine, flags: tuple[str, ...], numbers: list[int]
) -> None:
    """Chat, Monday, 09:00–09:59: the four counted in the cell; breached, the three missed."""
    _, ids = _fill(engine)
    choice = ListChoice(flags=flags, weekday=0, hour=9)
    with engine.connect() as connection:
        arguments = {
            "connection": connection,
            "window": OCTOBER,
            "filters": Filters(channels=("chat",)),
            "choice": choice,
            "scope": Scope.everything(),
            "as_of": AS_OF,
        }
        rows = list_page(page=1, **arguments)  # type: ignore[arg-type]
        total = count_interactions(**arguments)  # type: ignore[arg-type]
    assert sorted(rows["id"]) == sorted(ids[n] for n in numbers)
    assert total == len(numbers)


def test_the_link_carries_weekday_and_hour_and_notes_odd_ones() -> None:
    """?weekday=mon&hour=9 reads as Monday 09; a weekday or hour that is not one is noted."""
    link, notes = interaction_link.read({"weekday": ["Mon"], "hour": ["9"]}, agent_ids=())
    assert (link.weekday, link.hour, notes) == (0, 9, [])
    assert interaction_link.write(link) == {"weekday": ["mon"], "hour": ["9"]}
    link, notes = interaction_link.read({"weekday": ["funday"], "hour": ["24"]}, agent_ids=())
    assert (link.weekday, link.hour) == (None, None)
    assert notes == [
        "Ignored the weekday 'funday': use one of mon, tue, wed, thu, fri, sat, sun.",
        "Ignored the hour '24': use a whole hour from 0 to 23.",
    ]
