"""The sign-in form under the throttle (AppTest from the entrypoint), on SQLite and PostgreSQL.

Carla has an account; nobody@office.example has none. Five failures are written three
minutes before the test signs in, so with the default 5 in 15 minutes the form says to wait
12 minutes (11 min 59.x s, rounded up) whatever the e-mail.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from app_harness import open_app
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard import sign_in_form, sign_in_state
from dashboard.components import escape_markdown
from data_sources import audit
from data_sources.accounts import add_account
from data_sources.models import AuditAction

CARLA, PASSWORD = "carla@office.example", "carla-long-password"
WAIT_12 = "Too many failed sign-ins for this e-mail. Try again in 12 minutes."


@pytest.fixture
def carla(engine: Engine) -> str:
    with Session(engine) as session:
        add_account(
            session, email=CARLA, name="Carla", role="ceo", now=datetime.now(UTC), password=PASSWORD
        )
        session.commit()
    return CARLA


def five_failures_three_minutes_ago(engine: Engine, email: str) -> None:
    started = datetime.now(UTC) - timedelta(minutes=3)
    with Session(engine) as session:
        for n in range(5):
            at = started + timedelta(seconds=n)
            detail = {"reason": "wrong password"}
            audit.record(session, None, AuditAction.SIGN_IN_FAILED, email, detail, at=at)
        session.commit()


def sign_in_through_form(app: AppTest, email: str, password: str) -> AppTest:
    app.text_input(key="sign_in_email").input(email)
    app.text_input(key="sign_in_password").input(password)
    return app.button[0].click().run()  # the form's one submit button comes first


def targets(engine: Engine, action: AuditAction) -> list[str | None]:
    with Session(engine) as session:
        return [event.target for event in audit.recent(session, action=action)]


@pytest.mark.parametrize("email", [CARLA, "nobody@office.example"])
def test_a_throttled_email_is_told_how_long_to_wait(
    database_url: str, engine: Engine, carla: str, monkeypatch: pytest.MonkeyPatch, email: str
) -> None:
    """The right password (or any, for an unknown e-mail) gets the wait, not a sign-in."""
    five_failures_three_minutes_ago(engine, email)
    app = sign_in_through_form(open_app(monkeypatch, database_url, account=None), email, PASSWORD)
    assert not app.exception
    assert [title.value for title in app.title] == ["Sign in"]
    assert [error.value for error in app.error] == [escape_markdown(WAIT_12)]  # shown as text
    assert sign_in_state.TOKEN_KEY not in app.session_state
    assert targets(engine, AuditAction.SIGN_IN_THROTTLED) == [email]
    assert targets(engine, AuditAction.SIGN_IN) == []


def test_another_email_signs_in_while_one_is_throttled(
    database_url: str, engine: Engine, carla: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    five_failures_three_minutes_ago(engine, "nobody@office.example")
    app = sign_in_through_form(open_app(monkeypatch, database_url, account=None), CARLA, PASSWORD)
    assert [title.value for title in app.title] == ["Overview"]
    assert not app.error


def test_an_unusable_setting_switches_signing_in_off_with_a_reason(
    database_url: str, engine: Engine, carla: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PULSE_SIGN_IN_ATTEMPTS=five: nobody is signed in unguarded, and the page says why."""
    monkeypatch.setenv("PULSE_SIGN_IN_ATTEMPTS", "five")
    app = sign_in_through_form(open_app(monkeypatch, database_url, account=None), CARLA, PASSWORD)
    reason = "PULSE_SIGN_IN_ATTEMPTS must be a whole number from 1 to 1000 (default 5), not 'five'"
    assert [error.value for error in app.error] == [
        escape_markdown(f"{sign_in_form.SWITCHED_OFF} {reason}.")
    ]
    assert [title.value for title in app.title] == ["Sign in"]
    assert targets(engine, AuditAction.SIGN_IN) == []
