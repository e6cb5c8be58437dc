"""The overview page: KPI tiles against targets, the team grid, and its drill-downs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from app_dataset import fill
from app_harness import link, open_app, table, texts
from sqlmodel import Session

from dashboard import overview_figures as figures
from data_sources.engine import make_engine
from data_sources.models import Interaction, Person, Team
from kpis.registry import BY_ID

OCTOBER = datetime(2026, 10, 5, 9, tzinfo=UTC)


def parcels(url: str) -> int:
    """One team, Parcels: four October emails, three answered in 1 h and one after 30 h;
    the late one was escalated. Returns the team's id."""
    engine = make_engine(url)
    with Session(engine) as session:
        team = Team(name="Parcels")
        session.add(team)
        session.flush()
        agent = Person(key="dora", name="Dora", team_id=team.id)
        session.add(agent)
        session.flush()
        for day, hours in enumerate((1, 1, 1, 30)):
            created = OCTOBER + timedelta(days=day)
            session.add(
                Interaction(
                    source="test",
                    external_id=f"p{day}",
                    channel="email",
                    created_at=created,
                    team_id=team.id,  # type: ignore[arg-type]
                    agent_id=agent.id,
                    first_response_at=created + timedelta(hours=hours),
                    resolved_at=created + timedelta(hours=hours + 1),
                    status="resolved",
                    escalated=hours == 30,
                    escalated_at=created + timedelta(hours=2) if hours == 30 else None,
                )
            )
        session.commit()
        team_id = int(team.id)  # type: ignore[arg-type]
    engine.dispose()
    return team_id


@pytest.mark.parametrize(
    ("kpi_id", "value", "shown"),
    [
        ("response_sla_rate", 0.75, "75.0%"),
        ("first_response_median", 42, "42 s"),
        ("first_response_median", 3900, "1 h 5 min"),
        ("resolution_median", 190800, "2 d 5 h"),
        ("csat_avg", 4.26, "4.3"),
        ("volume", 10115.0, "10,115"),
        ("escalation_ratio", float("nan"), "—"),
        ("escalation_ratio", None, "—"),
    ],
)
def test_values_are_written_by_their_unit(kpi_id: str, value: float | None, shown: str) -> None:
    """Rates read as percentages, seconds as durations, scores with one decimal, null as —."""
    assert figures.value_text(BY_ID[kpi_id], value) == shown


def test_changes_are_signed_in_the_kpis_unit() -> None:
    """A rate moves in points, a duration in time, a score by one decimal; none when missing."""
    assert figures.change_text(BY_ID["escalation_ratio"], 0.021) == "+2.1 pts"
    assert figures.change_text(BY_ID["first_response_median"], -90) == "-1 min 30 s"
    assert figures.change_text(BY_ID["csat_avg"], -0.06) == "-0.1"
    assert figures.change_text(BY_ID["volume"], None) is None


def test_a_change_too_small_to_show_is_flat_not_a_fall() -> None:
    """CSAT 4.21 → 4.17 moved by -0.04: shown with one decimal that is no move at all, so it
    reads ±0.0 (no arrow, no colour), never "-0.0" with a red arrow down."""
    assert figures.change_text(BY_ID["csat_avg"], -0.04) == "±0.0"
    assert figures.flat(BY_ID["csat_avg"], -0.04)
    assert not figures.flat(BY_ID["csat_avg"], -0.06)
    assert figures.change_text(BY_ID["escalation_ratio"], 0.0004) == "±0.0 pts"  # 0.04 points
    assert not figures.flat(BY_ID["escalation_ratio"], 0.0006)  # 0.06 points shows as +0.1
    assert figures.change_text(BY_ID["first_response_median"], -0.4) == "±0 s"
    assert figures.change_text(BY_ID["volume"], 0) == "±0"
    assert not figures.flat(BY_ID["volume"], None)


def test_a_cell_opens_the_teams_interactions_with_the_kpis_flag() -> None:
    """The window and channels carry over, the team becomes the clicked one, the flag joins."""
    shared = {"window": ["7d"], "team": ["3", "4"], "channel": ["chat"], "start": []}
    assert figures.drill_down(shared, team_id=5, kpi_id="escalation_ratio") == {
        "window": ["7d"],
        "team": ["5"],
        "channel": ["chat"],
        "flag": ["escalated"],
    }
    dates = {"start": ["2026-10-01"], "end": ["2026-10-31"]}
    assert figures.drill_down(dates, team_id=2, kpi_id="broken_promise_notice_rate") == {
        "start": ["2026-10-01"],
        "end": ["2026-10-31"],
        "team": ["2"],
        "flag": ["broken_promise"],
    }
    assert figures.drill_down(dates, team_id=2, kpi_id="qa_score_avg") == {
        **dates,
        "team": ["2"],
    }


@pytest.mark.parametrize(
    ("kpi_id", "flag"),
    [
        ("response_sla_rate", "breached"),
        ("promise_kept_rate", "broken_promise"),
        ("transfer_rate", "transferred"),
        ("reopen_rate", "reopened"),
        ("csat_avg", "low_csat"),
    ],
)
def test_each_kpi_with_a_list_behind_it_names_its_flag(kpi_id: str, flag: str) -> None:
    """A KPI's cell opens the interactions its flag lists."""
    assert figures.drill_down({}, team_id=1, kpi_id=kpi_id)["flag"] == [flag]


def test_a_click_on_the_grid_names_the_team_and_kpi_even_for_an_html_name() -> None:
    """The chart shows `<b>Ops</b>` escaped; the click in those terms still finds team 7."""
    report = pd.DataFrame(
        {"team_id": [7, 8], "team": ["<b>Ops</b>", "Sales"], "escalation_ratio": [0.2, 0.01]}
    )
    cells = figures.grid(report, {"escalation_ratio": 0.05})
    assert cells[["group", "status", "text"]].values.tolist() == [
        ["<b>Ops</b>", "missed", "20.0% ✗"],
        ["Sales", "met", "1.0% ✓"],
    ]
    click = [{"x": "Escalated", "y": "&lt;b&gt;Ops&lt;/b&gt;", "z": 1.5}]
    assert figures.clicked_cell(click, cells) == (7, "escalation_ratio")
    assert figures.clicked_cell([{"x": "Escalated", "y": "Nobody"}], cells) is None


def test_the_response_tile_shows_three_of_four_answered_in_time_as_missed(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3 of 4 emails answered within 24 h: 75.0%, missed against the 90% target."""
    parcels(database_url)
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    shown = texts(app)
    assert "Answered within target: 75.0%" in shown
    assert "Escalated: 25.0%" in shown
    assert "Volume: 4" in shown
    assert ":red[**✗ missed**] · target 90.0%" in shown
    assert "Previous 31 days: 0." in shown
    grid = table(app, "team", "health", "response_sla_rate")
    assert grid["response_sla_rate"].tolist() == [0.75]


def test_clicking_the_escalation_cell_opens_that_teams_escalated_interactions(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A selected grid cell switches to Interactions with the team, the flag and the dates."""
    team_id = parcels(database_url)
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    app.session_state["overview_grid"] = {
        "selection": {"points": [{"x": "Escalated", "y": "Parcels"}], "point_indices": []}
    }
    app.run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Interactions"]
    assert link(app, "team") == [str(team_id)]
    assert link(app, "flag") == ["escalated"]
    assert link(app, "start") == ["2026-10-01"]


def test_a_volume_bar_opens_that_teams_interactions(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clicking Returns' bar opens the Interactions page filtered to Returns, no flag."""
    team_ids = fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url)
    app.session_state["overview_volume"] = {
        "selection": {"points": [{"x": "Returns", "y": 5}], "point_indices": [1]}
    }
    app.run()
    assert [title.value for title in app.title] == ["Interactions"]
    assert link(app, "team") == [str(team_ids["Returns"])]
    assert "flag" not in app.query_params
    assert link(app, "window") == ["30d"]


def test_an_empty_window_says_what_to_do(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window with no interactions says so and shows no tiles."""
    parcels(database_url)
    app = open_app(monkeypatch, database_url, start="2026-01-01", end="2026-01-31")
    assert not app.exception
    assert "No interactions match these filters in this window." in texts(app)
    assert not app.metric
