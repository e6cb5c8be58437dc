"""Every page opens from the entrypoint, on SQLite and PostgreSQL, and shows real figures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from app_dataset import fill
from app_harness import open_app, table, texts
from sqlmodel import Session

from dashboard.navigation import PAGES
from data_sources.engine import make_engine
from data_sources.models import ChannelTarget, ImportRun, QuarantinedRow


@pytest.fixture
def team_ids(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    ids = fill(engine)
    engine.dispose()
    return ids


def test_every_page_opens_without_an_error(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page of the navigation runs from the entrypoint and shows its title."""
    app = open_app(monkeypatch, database_url)
    for entry in PAGES:
        app.switch_page(entry.script).run()
        assert not app.exception, f"{entry.title}: {app.exception}"
        assert [title.value for title in app.title] == [entry.title]


def test_overview_counts_the_window_per_team(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """October holds Returns 5, Billing 3, Delivery 2; the 30 days before hold Billing's 2."""
    app = open_app(monkeypatch, database_url)
    volumes = table(app, "team", "interactions")
    assert dict(zip(volumes["team"], volumes["interactions"], strict=True)) == {
        "Returns": 5,
        "Billing": 3,
        "Delivery": 2,
    }
    assert app.metric[0].value == "10"
    assert "Previous 30 days: 2." in texts(app)
    assert "2026-10-01 to 2026-10-30" in texts(app)


def test_team_page_lists_what_waits_and_who_did_what(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delivery's one unanswered email of 29 October is long past 24 h; Cleo handled 2."""
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/team.py").run()
    app.selectbox(key="team_page_team").set_value(team_ids["Delivery"]).run()
    waiting = table(app, "state", "target_used")
    assert waiting[["channel", "agent", "state"]].values.tolist() == [["email", "Cleo", "breached"]]
    agents = table(app, "Agent", "Volume")
    assert agents[["Agent", "Volume"]].values.tolist() == [["Cleo", 2]]


def test_interactions_page_lists_the_window_newest_first(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ten October interactions are listed, the 30 October Billing chat first."""
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/interactions.py").run()
    rows = table(app, "status")
    assert len(rows) == 10
    assert rows.iloc[0][["team", "channel"]].tolist() == ["Billing", "chat"]
    assert "Rows 1–10 of 10." in texts(app)


def test_feedback_data_and_settings_show_what_is_stored(
    database_url: str, team_ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review, the import run, its quarantined row and a set email target all show."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        run = ImportRun(
            file_name="october.csv",
            source="zendesk",
            format="csv",
            started_at=datetime(2026, 11, 1, 8, tzinfo=UTC),
            status="done",
            rows_read=3,
            inserted=2,
            quarantined=1,
        )
        session.add(run)
        session.flush()
        session.add(
            QuarantinedRow(
                import_run_id=run.id,
                file_name="october.csv",
                line=3,
                reason="created_at is not a date",
                raw="x,<b>y</b>",
            )
        )
        session.add(ChannelTarget(channel="email", first_response_seconds=3600))
        session.commit()
    engine.dispose()
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/feedback.py").run()
    assert table(app, "platform")[["platform", "rating", "team"]].values.tolist() == [
        ["Trustpilot", 4, "Billing"]
    ]
    app.switch_page("../pages/data.py").run()
    assert table(app, "rows_read")[["file_name", "inserted", "quarantined"]].values.tolist() == [
        ["october.csv", 2, 1]
    ]
    assert table(app, "reason")[["line", "raw"]].values.tolist() == [[3, "x,<b>y</b>"]]
    app.switch_page("../pages/settings.py").run()
    targets = table(app, "first_response_seconds").set_index("channel")
    columns = ["first_response_seconds", "target", "source"]
    assert targets.loc["phone", columns].tolist() == [18, "18 s", "default"]
    assert targets.loc["chat", columns].tolist() == [60, "1 min", "default"]
    assert targets.loc["email", columns].tolist() == [3600, "1 h", "set"]
    assert targets.loc["sms", columns].tolist() == [86400, "24 h", "default"]


def test_an_empty_database_says_what_to_do_on_every_page(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no interactions each page says so and names `pulse demo`, without failing."""
    app = open_app(monkeypatch, database_url)
    for entry in PAGES:
        if entry.url_path == "audit":  # the audit log is about people, not interactions
            continue
        app.switch_page(entry.script).run()
        assert not app.exception, f"{entry.title}: {app.exception}"
        assert "pulse demo" in texts(app), entry.title


def test_an_unreachable_database_is_named_without_its_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing listens on port 1: the page says which database failed and hides the password."""
    url = "postgresql+psycopg://pulse:secret@127.0.0.1:1/pulse"
    app = open_app(monkeypatch, url, account=None)  # no account can be read there either
    assert not app.exception
    [error] = app.error
    shown = error.value.replace("\\", "")  # the message is markdown-escaped
    assert "Cannot read the database postgresql+psycopg://pulse:***@127.0.0.1:1/pulse" in shown
    assert "secret" not in shown + " ".join(text.value for text in app.text)
