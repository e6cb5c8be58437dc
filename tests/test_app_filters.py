"""The sidebar filters live in the link: a link restores the view, a change rewrites the link."""

from __future__ import annotations

from datetime import date

import pytest
from app_dataset import fill
from app_harness import open_app, table, texts

from dashboard import url_filters
from dashboard.filters import anchor_day
from data_sources.engine import make_engine

TEAMS = {1, 2, 3}
CHANNELS = ("phone", "email", "chat")


def read(**params: list[str]) -> tuple[url_filters.Choice, list[str]]:
    return url_filters.read(params, team_ids=TEAMS, channels=CHANNELS)


def test_a_link_with_dates_teams_and_channels_is_read_whole() -> None:
    """start, end, two teams and a channel become a custom window, those teams and that channel."""
    choice, notes = read(
        start=["2026-10-01"], end=["2026-10-31"], team=["3", "1"], channel=["chat"]
    )
    assert choice == url_filters.Choice(
        "custom", date(2026, 10, 1), date(2026, 10, 31), (3, 1), ("chat",)
    )
    assert notes == []


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"start": ["2026-13-45"], "end": ["2026-10-31"]}, "Ignored the dates"),
        ({"start": ["2026-10-31"], "end": ["2026-10-01"]}, "is before the start"),
        ({"start": ["0001-01-01"], "end": ["2026-10-01"]}, "Ignored the dates"),
        ({"window": ["1y"]}, "Ignored the window '1y'"),
        ({"team": ["99"]}, "Ignored the team '99'"),
        ({"team": ["1;DROP TABLE team"]}, "Ignored the team '1;DROP TABLE team'"),
        ({"team": ["٣"]}, "Ignored the team"),  # an Arabic-Indic 3 is a digit, not a team id
        ({"channel": ["fax' OR 1=1 --"]}, "Ignored the channel"),
    ],
)
def test_an_odd_value_is_ignored_with_a_note(params: dict[str, list[str]], note: str) -> None:
    """Whatever is wrong in the link falls back to the default and says so."""
    choice, notes = read(**params)
    assert choice == url_filters.Choice()
    assert len(notes) == 1 and note in notes[0]


def test_writing_then_reading_a_choice_gives_it_back() -> None:
    """A preset is written as window=7d, a custom range as start and end."""
    for choice in (
        url_filters.Choice("7d", team_ids=(2,), channels=("phone", "email")),
        url_filters.Choice("custom", date(2026, 9, 1), date(2026, 9, 30)),
    ):
        assert read(**url_filters.write(choice)) == (choice, [])
    assert url_filters.write(url_filters.Choice("7d")) == {"window": ["7d"]}


def test_presets_end_on_the_newest_interaction_day_but_never_after_today() -> None:
    """Newest data on 30 October, today 23 November: the window ends on 30 October."""
    today = date(2026, 11, 23)
    assert anchor_day(date(2026, 10, 30), today=today) == date(2026, 10, 30)
    assert anchor_day(date(2026, 12, 1), today=today) == today
    assert anchor_day(None, today=today) == today


@pytest.fixture
def team_ids(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    ids = fill(engine)
    engine.dispose()
    return ids


def test_a_shared_link_opens_the_same_view(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Returns' chats in October: three, and the widgets show that choice."""
    link = {
        "start": "2026-10-01",
        "end": "2026-10-31",
        "team": str(team_ids["Returns"]),
        "channel": "chat",
    }
    app = open_app(monkeypatch, database_url, **link)
    assert app.selectbox(key="window").value == "custom"
    assert app.date_input(key="window_range").value == (date(2026, 10, 1), date(2026, 10, 31))
    assert app.multiselect(key="teams").value == [team_ids["Returns"]]
    assert app.multiselect(key="channels").value == ["chat"]
    assert app.metric[0].value == "3"
    assert table(app, "team", "interactions").values.tolist() == [["Returns", 3]]


def test_changing_a_filter_rewrites_the_link_and_survives_a_page_switch(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Picking Billing and the 7-day window puts team and window in the link, on every page."""
    app = open_app(monkeypatch, database_url)
    assert app.query_params == {"window": "30d"}
    app.multiselect(key="teams").select(team_ids["Billing"]).run()
    app.selectbox(key="window").select("7d").run()
    expected = {"window": "7d", "team": str(team_ids["Billing"])}
    assert app.query_params == expected
    assert app.metric[0].value == "1"  # Billing's chat of 30 October; 24–30 October
    app.switch_page("../pages/interactions.py").run()
    assert app.query_params == expected
    assert table(app, "status")["team"].tolist() == ["Billing"]


def test_a_broken_link_still_opens_with_a_note(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bad dates, an unknown team and SQL in a channel are named in notes; the rest applies."""
    link = {
        "start": "yesterday",
        "end": "2026-10-31",
        "team": ["999", str(team_ids["Billing"])],
        "channel": "chat'; DROP TABLE interaction; --",
    }
    app = open_app(monkeypatch, database_url, **link)
    assert not app.exception
    notes = [warning.value for warning in app.warning]
    assert len(notes) == 3
    assert "Ignored the team '999'" in texts(app)
    assert app.metric[0].value == "3"  # Billing in the default 30 days
    assert app.query_params == {"window": "30d", "team": str(team_ids["Billing"])}


def test_a_half_picked_range_keeps_the_last_whole_one(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While only the first day of a new range is picked, the previous range stays in use."""
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    app.date_input(key="window_range").set_value((date(2026, 10, 5),)).run()
    assert not app.exception
    assert "Pick the last day too; showing 2026-10-01 to 2026-10-31 meanwhile." in texts(app)
    assert app.query_params == {"start": "2026-10-01", "end": "2026-10-31"}
    assert app.metric[0].value == "10"
