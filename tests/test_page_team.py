"""The Team page from the entrypoint, on SQLite and PostgreSQL, with tests/team_live_dataset.py
laid out around the real now (the page's as-of)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from app_harness import open_app, table, texts
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest
from team_live_dataset import TeamLive, fill

from data_sources import settings


@pytest.fixture
def team(engine: Engine) -> TeamLive:
    return fill(engine, datetime.now(UTC))


def open_team(monkeypatch: pytest.MonkeyPatch, url: str, **params: str) -> AppTest:
    app = open_app(monkeypatch, url, **params)
    app.switch_page("../pages/team.py").run()
    assert not app.exception, app.exception
    return app


def test_the_live_part_lists_what_waits_with_its_state(
    database_url: str, team: TeamLive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Billing (the first team) shows its breached, at-risk and new waiting interactions."""
    app = open_team(monkeypatch, database_url)
    waiting = table(app, "state", "target_used")
    assert waiting["id"].tolist()[:2] == [team.breached_email, team.at_risk_email]
    assert waiting["state"].tolist()[:2] == ["breached", "at risk"]
    assert waiting["id"].tolist()[2] == team.new_chat
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Waiting for an answer"] == "3"
    assert metrics["Breached"] == "1"
    assert metrics["Promises due in 24 h"] == "1"
    assert metrics["Escalations waiting"] == "1"
    # Waits are written as people read them: 25 h is "1 d 1 h", an e-mail's 86,400 s "1 d".
    assert waiting["age_seconds_text"].tolist()[:2] == ["1 d 1 h", "20 h"]
    assert waiting["target_seconds_text"].tolist()[:2] == ["1 d", "1 d"]
    promises = table(app, "hours_left")
    assert promises["state"].tolist() == ["due", "overdue"]
    assert promises["hours_left_text"].tolist()[1] == "3 h overdue"
    assert promises["hours_left_text"].tolist()[0].endswith(" left")
    escalations = table(app, "waiting_hours")
    assert escalations["id"].tolist() == [team.waiting_escalation]
    assert escalations["waiting_hours_text"].tolist() == ["3 h"]
    assert "Last updated" in texts(app) and "refreshes every 30 s" in texts(app)
    assert app.query_params["team_view"] == str(team.billing)


def test_agents_and_the_leader_beside_the_team(
    database_url: str, team: TeamLive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ann handled 7 Billing interactions and Lena 1; the team's 8 stand beside Lena's 1,
    shown as people read them, and a figure her own work cannot have (a public review names
    no agent) as "–", not Streamlit's "None"."""
    app = open_team(monkeypatch, database_url)
    agents = table(app, "Agent", "Volume")
    assert dict(zip(agents["Agent"], agents["Volume"], strict=True)) == {"Ann": 7, "Lena": 1}
    beside = table(app, "KPI", "Team", "Leader's own work").set_index("KPI")
    assert list(beside.loc["Volume"]) == ["8", "1"]
    assert beside.loc["Answered within target", "Leader's own work"] == "100%"
    assert beside.loc["Public rating", "Leader's own work"] == "–"


def test_the_leader_beside_the_team_follows_the_channel_filter(
    database_url: str, team: TeamLive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chat only: Billing's one chat (Ann's) beside none of Lena's (she answered an email)."""
    app = open_team(monkeypatch, database_url, channel="chat")
    beside = table(app, "KPI", "Team", "Leader's own work").set_index("KPI")
    assert list(beside.loc["Volume"]) == ["1", "0"]
    assert "same window; only chat interactions count." in texts(app)


def test_the_link_chooses_the_team_and_empty_parts_say_so(
    database_url: str, team: TeamLive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """team_view=Returns opens Returns: nothing answered late there, and no leader to wait for."""
    app = open_team(monkeypatch, database_url, team_view=str(team.returns), window="7d")
    assert app.selectbox(key="team_page_team").value == team.returns
    waiting = table(app, "state", "target_used")
    assert waiting["state"].tolist() == ["breached"]  # Returns' email of 30 h ago
    notes = texts(app)
    assert "This team has no leader in the data" in notes
    assert app.query_params["window"] == "7d"


def test_the_refresh_interval_comes_from_the_settings(
    database_url: str, engine: Engine, team: TeamLive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the interval set to 5 s, the page says it refreshes every 5 s."""
    with engine.begin() as connection:
        settings.set_team_view_refresh_seconds(connection, seconds=5)
    app = open_team(monkeypatch, database_url)
    assert "refreshes every 5 s" in texts(app)


def test_a_clicked_waiting_row_opens_the_interaction(
    database_url: str, team: TeamLive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Selecting the first waiting row (the breached email) opens Interactions with its id."""
    app = open_team(monkeypatch, database_url, window="7d")
    app.session_state["team_waiting"] = {"selection": {"rows": [0], "columns": []}}
    app.run()
    assert not app.exception, app.exception
    assert [title.value for title in app.title] == ["Interactions"]
    assert app.query_params["id"] == str(team.breached_email)
    assert app.query_params["window"] == "7d"
