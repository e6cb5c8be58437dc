"""The channel view on the Overview and Team pages: KPIs per channel, the week's hours, clicks.

On ``tests/app_dataset.py`` (October 2026, every answer after 5 minutes): 4 chats, all later
than chat's 60 s; 4 emails, 3 answered within 24 h and one still waiting past it at the
window's end; 2 phone calls, both later than 18 s.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_dataset import fill
from app_harness import link, open_app, table, texts

from dashboard import channel_figures
from data_sources.engine import make_engine

OCTOBER = {"start": "2026-10-01", "end": "2026-10-31"}


def test_the_overview_shows_each_channel_and_starts_the_hours_on_the_worst(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chat 0 of 4, email 3 of 4, phone 0 of 2 in time; chat (worst, first by name) is shown
    hour by hour: Tuesday 10:00 one, Wednesday 10:00 two, Friday 09:00 one, none in time."""
    fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, **OCTOBER)
    assert not app.exception
    channels = table(app, "channel", "volume", "response_sla_rate")
    assert channels[["channel", "volume", "response_sla_rate"]].values.tolist() == [
        ["chat", 4, 0.0],
        ["email", 4, 0.75],
        ["phone", 2, 0.0],
    ]
    hours = table(app, "weekday", "hour", "answered_within_target")
    assert hours[["weekday", "hour", "answered", "answered_within_target"]].values.tolist() == [
        ["Tuesday", "10:00", 1, 0],
        ["Wednesday", "10:00", 2, 0],
        ["Friday", "09:00", 1, 0],
    ]
    assert link(app, "hours_channel") == []  # the default needs no word in the link
    assert "the share answered within 1 min" in texts(app)


def test_a_link_names_the_heat_maps_channel(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """?hours_channel=email: Thursday 11:00's email still waits past 24 h, the others met."""
    fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, hours_channel="email", **OCTOBER)
    assert link(app, "hours_channel") == ["email"]
    hours = table(app, "weekday", "hour", "answered_within_target")
    assert hours[["weekday", "hour", "unanswered_past_target", "response_sla_rate"]].to_dict(
        "records"
    ) == [
        {"weekday": "Monday", "hour": "09:00", "unanswered_past_target": 0, "response_sla_rate": 1},
        {"weekday": "Wednesday", "hour": "10:00", "unanswered_past_target": 0,
         "response_sla_rate": 1},
        {"weekday": "Thursday", "hour": "11:00", "unanswered_past_target": 1,
         "response_sla_rate": 0},
    ]  # fmt: skip


def test_a_clicked_hour_opens_its_breached_chats_on_the_interactions_page(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wednesday 10:00 of chat: the Interactions page lists Returns' two chats of that hour."""
    fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, **OCTOBER)
    app.session_state["overview_hours"] = {
        "selection": {"points": [{"x": "10:00", "y": "Wednesday"}], "point_indices": []}
    }
    app.run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Interactions"]
    assert link(app, "channel") == ["chat"]
    assert (link(app, "weekday"), link(app, "hour")) == (["wed"], ["10"])
    assert link(app, "flag") == ["breached"]
    assert link(app, "start") == ["2026-10-01"]
    listed = table(app, "id", "created_at", "channel")
    assert listed["created_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2026-10-14 10:00",
        "2026-10-07 10:00",
    ]


def test_the_team_page_shows_its_channels_and_a_cell_opens_them(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Returns: 3 chats and 2 emails; its chat × escalation cell opens Returns' chats."""
    team_ids = fill(make_engine(database_url))
    returns = str(team_ids["Returns"])
    app = open_app(monkeypatch, database_url, team_view=returns, **OCTOBER)
    app.switch_page("../pages/team.py").run()
    assert not app.exception
    channels = table(app, "channel", "volume", "response_sla_rate")
    assert channels[["channel", "volume"]].values.tolist() == [["chat", 3], ["email", 2]]
    app.session_state["team_channels"] = {
        "selection": {"points": [{"x": "Escalated", "y": "chat"}], "point_indices": []}
    }
    app.run()
    assert [title.value for title in app.title] == ["Interactions"]
    assert link(app, "team") == [returns]
    assert (link(app, "channel"), link(app, "flag")) == (["chat"], ["escalated"])


def test_the_worst_channel_is_the_lowest_rate_and_cells_name_their_hour() -> None:
    """Ties go to the first name; a cell's id is its (weekday, hour)."""
    channels = pd.DataFrame(
        {"channel": ["phone", "chat", "email"], "response_sla_rate": [0.5, 0.5, None]}
    )
    assert channel_figures.worst_channel(channels) == "chat"
    hours = pd.DataFrame(
        {"weekday": [0], "hour": [9], "answered": [3], "unanswered_breached": [1],
         "sla_met": [1], "response_sla_rate": [0.25]}
    )  # fmt: skip
    grid = channel_figures.hour_grid(hours, target=0.9)
    assert len(grid) == 7 * 24
    monday_nine = grid[(grid["group"] == "Monday") & (grid["label"] == "09:00")].iloc[0]
    assert (monday_nine["text"], monday_nine["status"]) == ("25%", "missed")
    assert grid["status"].notna().sum() == 1
    assert channel_figures.missed_any(hours, 0, 9)
