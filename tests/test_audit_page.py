"""The Audit log page (CEO only), and who the log names for changes made in the app.

On SQLite and PostgreSQL. The log is written with fixed times so each filter's count can be
checked by hand: ana@ signs in 120 times, a minute apart from 08:00 on 2 March 2026, and a
failed sign-in of Bob@ follows on 3 March: 121 events.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from access_builders import Office, build_office
from app_dataset import fill
from app_harness import TEST_CEO, open_app, table
from interactions_dataset import fill as fill_interactions
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard import audit_page, navigation
from dashboard.access import NOT_FOR_YOU
from dashboard.data_upload import import_uploads
from data_sources import audit
from data_sources.access import Viewer
from data_sources.models import AuditAction
from data_sources.qa_reviews import active_scorecards, save_review
from data_sources.scope import Scope

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def logged(engine: Engine) -> Engine:
    with Session(engine) as session:
        for minute in range(120):
            audit.record(
                session, None, AuditAction.SIGN_IN, "ana@office.example",
                {"method": "password"}, at=START + timedelta(minutes=minute),
            )  # fmt: skip
        audit.record(
            session, None, AuditAction.SIGN_IN_FAILED, "Bob@Office.example",
            {"reason": "wrong password"}, at=START + timedelta(days=1),
        )  # fmt: skip
        session.commit()
    return engine


def audit_log(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    app = open_app(monkeypatch, url)
    app.switch_page("../pages/audit.py").run()
    app.date_input(key="audit_days").set_value((date(2026, 3, 1), date(2026, 3, 31))).run()
    return app


def shown(app: AppTest) -> pd.DataFrame:
    return table(app, "action", "actor", "target")


def test_the_log_is_paged_newest_first(
    database_url: str, logged: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """121 events: pages of 50, 50 and 21; the failed sign-in of 3 March comes first."""
    app = audit_log(monkeypatch, database_url)
    first = shown(app)
    assert len(first) == 50
    assert first.iloc[0][["action", "actor", "target"]].tolist() == [
        "sign-in failed", "system", "Bob@Office.example",
    ]  # fmt: skip
    assert "Events 1–50 of 121, newest first." in [c.value for c in app.caption]
    app.number_input(key="audit_page").set_value(3).run()
    last = shown(app)
    assert len(last) == 21
    assert last["at"].min() == pd.Timestamp(START)  # the oldest, 08:00 on 2 March


@pytest.mark.parametrize(
    ("actions", "person", "days", "count"),
    [
        (["sign_in_failed"], "", (date(2026, 3, 1), date(2026, 3, 31)), 1),
        (["sign_in"], "", (date(2026, 3, 1), date(2026, 3, 31)), 120),
        ([], "bob@OFFICE", (date(2026, 3, 1), date(2026, 3, 31)), 1),
        ([], "ana", (date(2026, 3, 3), date(2026, 3, 3)), 0),
        ([], "%", (date(2026, 3, 1), date(2026, 3, 31)), 0),  # matched literally
        ([], "", (date(2026, 3, 3), date(2026, 3, 3)), 1),
    ],
)
def test_filters_by_action_person_and_days(
    database_url: str,
    logged: Engine,
    monkeypatch: pytest.MonkeyPatch,
    actions: list[str],
    person: str,
    days: tuple[date, date],
    count: int,
) -> None:
    app = audit_log(monkeypatch, database_url)
    app.multiselect(key="audit_actions").set_value(actions)
    app.text_input(key="audit_person").input(person)
    app.date_input(key="audit_days").set_value(days).run()
    if count == 0:
        assert "No event matches these filters." in [i.value for i in app.info]
    else:
        assert len(shown(app)) == min(count, audit_page.PAGE_SIZE)
        assert f"of {count:,}, newest first." in " ".join(c.value for c in app.caption)


def test_the_csv_holds_every_filtered_event(
    database_url: str, logged: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = audit_log(monkeypatch, database_url)
    assert [b.proto.label for b in app.get("download_button")] == ["Download CSV"]
    frame = audit_page.csv_frame(database_url, audit_page.AuditFilter(first_day=date(2026, 3, 1)))
    assert len(frame) == 121
    csv = pd.read_csv(io.StringIO(frame.to_csv(index=False)))
    assert csv["action"].value_counts().to_dict() == {"signed in": 120, "sign-in failed": 1}


def test_only_the_ceo_opens_the_audit_log_even_when_a_link_gets_through(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A leader has no Audit log in the navigation; forced into it, the page refuses."""
    office: Office = build_office(engine)
    viewer = office.account("Lena", "leader")
    app = open_app(monkeypatch, database_url, account=viewer.email)
    with pytest.raises(ValueError, match="Known pages"):
        app.switch_page("../pages/audit.py").run()
    monkeypatch.setattr(navigation, "entries_for", lambda role: list(navigation.PAGES))
    app.run()  # the navigation now lists every page, as if hiding had failed
    for script in ("audit", "data", "settings"):
        app.switch_page(f"../pages/{script}.py").run()
        assert [e.value for e in app.error] == [NOT_FOR_YOU], script
        assert not app.dataframe


def test_a_settings_save_is_logged_under_the_signed_in_ceo(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(engine)
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/settings.py").run()
    app.number_input(key="team_view_refresh").set_value(45)
    [save] = [b for b in app.button if b.label == "Save refresh interval"]
    save.click().run()
    assert not app.exception, app.exception
    with Session(engine) as session:
        [event] = audit.recent(session, action=AuditAction.SETTINGS_CHANGED)
    assert (event.actor_email, audit.detail_of(event)["to"]) == (TEST_CEO, 45)


QUINN = Viewer(account_id=7, email="quinn@office.example", role="qa", person_id=0, display_name="Q")


def test_an_import_is_logged_under_who_uploaded_it(engine: Engine) -> None:
    rows = "interaction_id,created_at,channel,team\nA1,2026-10-01T09:00:00Z,email,Billing\n"
    import_uploads(engine, [_Upload("october.csv", rows.encode())], actor=QUINN)
    with Session(engine) as session:
        [event] = audit.recent(session, action=AuditAction.IMPORT)
    assert (event.actor_account_id, event.actor_email, event.target) == (
        7, "quinn@office.example", "october.csv",
    )  # fmt: skip


def test_a_review_save_is_logged_under_who_saved_it(engine: Engine) -> None:
    known = fill_interactions(engine)
    with engine.connect() as connection:
        card = active_scorecards(connection=connection)[0]
    save_review(
        engine,
        interaction_id=known.interactions[0],
        reviewer_id=known.people["Quinn"],
        card=card,
        answers={question.category_id: None for question in card.questions},
        comment="",
        calibration=False,
        scope=Scope.everything(),
        actor=replace(QUINN, person_id=known.people["Quinn"]),  # reviews under her own name
    )
    with Session(engine) as session:
        [event] = audit.recent(session, action=AuditAction.REVIEW_SAVED)
    assert (event.actor_email, event.target) == (
        "quinn@office.example", f"interaction {known.interactions[0]}",
    )  # fmt: skip


@dataclass
class _Upload:
    name: str
    content: bytes

    def getvalue(self) -> bytes:
        return self.content
