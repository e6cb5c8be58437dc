"""Everywhere: a clicked week opens its interactions, one interaction's tables download.

On ``tests/app_dataset.py``: the week of Monday 5 October 2026 holds four interactions
(Billing's call of the 5th, Returns' chats of the 6th and 7th, Delivery's call of the 8th).
"""

from __future__ import annotations

import pytest
from app_dataset import fill
from app_harness import link, open_app, table

from dashboard import week_drill
from data_sources.engine import make_engine


def test_a_clicked_week_on_the_trend_opens_that_weeks_interactions(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The week of 5 October becomes the window (5 to 11 October); its four interactions."""
    team_ids = fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    app.session_state["overview_trend"] = {
        "selection": {"points": [{"x": "2026-10-05", "y": 300.0}], "point_indices": [0]}
    }
    app.run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Interactions"]
    assert (link(app, "start"), link(app, "end")) == (["2026-10-05"], ["2026-10-11"])
    listed = table(app, "id", "created_at", "team")
    assert listed["created_at"].dt.strftime("%m-%d").tolist() == [
        "10-08",
        "10-07",
        "10-06",
        "10-05",
    ]
    assert set(listed["team"]) == set(team_ids) - set()  # every team had one that week


def test_a_week_carries_teams_channels_and_the_kpis_flag() -> None:
    """Teams and channels carry over, the preset window gives way to the week's dates."""
    shared = {"window": ["30d"], "team": ["3"], "channel": ["chat"]}
    monday = week_drill.clicked_week([{"x": "not a week"}, {"x": "2026-10-12"}])
    assert monday is not None
    assert week_drill.week_drill_down(shared, monday=monday, kpi_id="escalation_ratio") == {
        "team": ["3"],
        "channel": ["chat"],
        "start": ["2026-10-12"],
        "end": ["2026-10-18"],
        "flag": ["escalated"],
    }


def test_one_interactions_tables_each_download(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary, the timeline and the transcript of an opened interaction each have a CSV."""
    fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    app.switch_page("../pages/interactions.py").run()
    first = int(table(app, "id", "created_at", "team")["id"].iloc[0])
    app.query_params["id"] = str(first)
    app.run()
    assert not app.exception
    keys = {button.key for button in app.get("download_button")}
    assert {"summary_csv", "interaction_timeline_csv", "interactions_csv"} <= keys
