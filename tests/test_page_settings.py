"""The Settings page stores what is entered, with an audit event, and refuses bad values."""

from __future__ import annotations

from typing import Any

import pytest
from app_dataset import fill
from app_harness import open_app, table
from sqlalchemy import Engine, text
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from data_sources import audit, settings
from data_sources.engine import make_engine
from data_sources.phrase_settings import phrase_lists


@pytest.fixture
def stored(database_url: str) -> Any:
    """The filled test organisation's engine, disposed after the test."""
    engine = make_engine(database_url)
    fill(engine)
    yield engine
    engine.dispose()


def settings_page(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    app = open_app(monkeypatch, url)
    return app.switch_page("../pages/settings.py").run()


def press(app: AppTest, label: str) -> AppTest:
    [button] = [b for b in app.button if b.label == label]
    return button.click().run()


def error_text(app: AppTest) -> str:
    """The first error as a person reads it (markdown escapes removed)."""
    return str(app.error[0].value).replace("\\", "")


def settings_events(engine: Engine) -> list[tuple[str | None, dict[str, Any]]]:
    with Session(engine) as session:
        events = audit.recent(session, action="settings_changed")
        return [(event.target, audit.detail_of(event)) for event in reversed(events)]


def test_a_kpi_target_entered_in_percent_is_stored_as_a_fraction(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Escalated 5 % -> 8 %: kpi_targets gives 0.08, the page says Saved, the log has it."""
    app = settings_page(monkeypatch, database_url)
    assert app.number_input(key="kpi_target_escalation_ratio").value == 5.0
    app.number_input(key="kpi_target_escalation_ratio").set_value(8.0)
    app = press(app, "Save KPI targets")
    assert not app.exception
    with stored.connect() as connection:
        assert settings.kpi_targets(connection)["escalation_ratio"] == 0.08
        assert settings.kpi_targets(connection)["transfer_rate"] == 0.10
    assert [s.value for s in app.success] == ["Saved"]
    assert settings_events(stored) == [("kpi_target:escalation_ratio", {"from": 0.05, "to": 0.08})]
    targets = table(app, "kpi", "current").set_index("kpi")
    assert list(targets.loc["escalation_ratio", ["default", "current"]]) == [5.0, 8.0]


def test_a_rate_of_zero_or_a_csat_of_six_is_refused_and_nothing_is_stored(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0 % escalated is refused with the reason, and the CSAT 4.3 -> 6 beside it is not stored."""
    app = settings_page(monkeypatch, database_url)
    app.number_input(key="kpi_target_escalation_ratio").set_value(0.0)
    app.number_input(key="kpi_target_csat_avg").set_value(6.0)
    app = press(app, "Save KPI targets")
    assert "more than 0 % and at most 100 %" in error_text(app)
    with stored.connect() as connection:
        assert settings.kpi_targets(connection)["escalation_ratio"] == 0.05
        assert settings.kpi_targets(connection)["csat_avg"] == 4.3
    assert settings_events(stored) == []
    app.number_input(key="kpi_target_escalation_ratio").set_value(5.0)
    app = press(app, "Save KPI targets")
    assert "CSAT: a score 1–5 target is from 1 to 5." in error_text(app)


def test_a_changed_target_goes_back_to_its_default(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reopened set to 7 % then reset reads 0.05 again, with two events in the log."""
    app = settings_page(monkeypatch, database_url)
    app.number_input(key="kpi_target_reopen_rate").set_value(7.0)
    app = press(app, "Save KPI targets")
    app.selectbox(key="kpi_target_reset_choice").set_value("reopen_rate")
    app = press(app, "Reset to default")
    with stored.connect() as connection:
        assert settings.kpi_targets(connection)["reopen_rate"] == 0.05
    assert [detail for _, detail in settings_events(stored)] == [
        {"from": 0.05, "to": 0.07},
        {"from": 0.07, "to": 0.05},
    ]


def test_the_phone_target_moves_from_18_to_20_seconds(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phone 18 s -> 20 s is stored and shown as set; 0 s for chat is refused."""
    app = settings_page(monkeypatch, database_url)
    app.number_input(key="channel_target_phone").set_value(20)
    app = press(app, "Save response targets")
    with stored.connect() as connection:
        assert settings.channel_targets(connection)["phone"] == 20
    phone = table(app, "first_response_seconds").set_index("channel").loc["phone"]
    assert list(phone[["first_response_seconds", "target", "source"]]) == [20, "20 s", "set"]
    assert settings_events(stored) == [("channel_target:phone", {"from": 18, "to": 20})]
    app.number_input(key="channel_target_chat").set_value(0)
    app = press(app, "Save response targets")
    assert "whole number of seconds above 0" in error_text(app)
    with stored.connect() as connection:
        assert settings.channel_targets(connection)["chat"] == 60


def test_the_team_view_refresh_interval_is_stored(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 s -> 45 s is stored; 1 s (below the 2 s floor) is refused."""
    app = settings_page(monkeypatch, database_url)
    app.number_input(key="team_view_refresh").set_value(45)
    app = press(app, "Save refresh interval")
    with stored.connect() as connection:
        assert settings.team_view_refresh_seconds(connection) == 45
    app.number_input(key="team_view_refresh").set_value(1)
    app = press(app, "Save refresh interval")
    assert "from 2 to 3600 seconds" in error_text(app)


def test_a_scorecard_gets_a_critical_category(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Phone calls" is created, then "Greeting" (weight 20, 1-5, critical) is added to it."""
    app = settings_page(monkeypatch, database_url)
    assert "No scorecard yet" in " ".join(i.value for i in app.info)
    app.text_input(key="scorecard_new_name").input("Phone calls")
    app = press(app, "Create scorecard")
    card_id = app.selectbox(key="scorecard_pick").value
    suffix = f"{card_id}_None"
    app.text_input(key=f"category_name_{suffix}").input("Greeting")
    app.number_input(key=f"category_weight_{suffix}").set_value(20.0)
    app.checkbox(key=f"category_critical_{suffix}").check()
    app = press(app, "Save category")
    assert not app.error
    with stored.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.name, c.name, c.weight, c.scale_min, c.scale_max, c.critical "
                "FROM scorecardcategory c JOIN scorecard s ON s.id = c.scorecard_id"
            )
        ).all()
    assert [tuple(row) for row in rows] == [("Phone calls", "Greeting", 20.0, 1, 5, True)]
    assert [target for target, _ in settings_events(stored)] == [f"scorecard:{card_id}"] * 2


def test_a_scale_upside_down_is_refused(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A category scored from 5 to 1 is not stored."""
    app = settings_page(monkeypatch, database_url)
    app.text_input(key="scorecard_new_name").input("Email")
    app = press(app, "Create scorecard")
    suffix = f"{app.selectbox(key='scorecard_pick').value}_None"
    app.text_input(key=f"category_name_{suffix}").input("Tone")
    app.number_input(key=f"category_min_{suffix}").set_value(5)
    app.number_input(key=f"category_max_{suffix}").set_value(1)
    app = press(app, "Save category")
    assert "below the highest" in error_text(app)
    with stored.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM scorecardcategory")).scalar() == 0


def test_billing_gets_ann_as_its_leader(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing Ann for Billing stores her id as its leader and shows her in the table."""
    with stored.connect() as connection:
        ids: dict[str, int] = dict(connection.execute(text("SELECT name, id FROM person")).all())
        billing = connection.execute(text("SELECT id FROM team WHERE name = 'Billing'")).scalar()
    app = settings_page(monkeypatch, database_url)
    app.selectbox(key="team_pick").set_value(billing)
    app = app.run()
    app.selectbox(key=f"team_leader_{billing}").set_value(ids["Ann"])
    app = press(app, "Save team")
    with stored.connect() as connection:
        leader = connection.execute(text("SELECT leader_id FROM team WHERE name = 'Billing'"))
        assert leader.scalar() == ids["Ann"]
    teams = table(app, "leader").set_index("name")
    assert teams.loc["Billing", "leader"] == "Ann"
    assert settings_events(stored) == [
        (f"team:{billing}", {"leader_id": {"from": None, "to": ids["Ann"]}})
    ]


def test_a_banned_phrase_joins_the_defaults(
    database_url: str, stored: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding "no way" keeps the six default banned phrases; adding it twice is refused."""
    app = settings_page(monkeypatch, database_url)
    assert app.selectbox(key="phrase_list").value == "banned"
    app.text_input(key="phrase_new_banned").input("no  way")
    app = press(app, "Add phrase")
    with stored.connect() as connection:
        banned = phrase_lists(connection).banned
    assert banned == (
        "not my job",
        "company policy",
        "nothing I can do",
        "calm down",
        "you should have",
        "that's not our fault",
        "no way",
    )
    assert settings_events(stored) == [("phrases:banned", {"added": "no way"})]
    app.text_input(key="phrase_new_banned").input("No way")
    app = press(app, "Add phrase")
    assert "already on the list" in error_text(app)
