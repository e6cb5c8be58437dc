"""The audit log records who did what, and never a password or a token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources import audit
from data_sources.access import viewer_of
from data_sources.accounts import add_account
from data_sources.models import Account, AuditEvent, Person
from tests.access_builders import NOW


def test_a_detail_never_keeps_a_password_or_a_token(engine: Engine) -> None:
    """It writes "[removed]" for password, token and secret keys, nested ones too."""
    detail = {
        "file": "march.csv",
        "password": "hunter2-hunter2",
        "options": {"api_token": "tok_ABCDEF", "rows": 4},
        "steps": [{"client_secret": "s3cr3t"}],
    }
    with Session(engine) as session:
        audit.record(session, None, "import", "march.csv", detail, at=NOW)
        session.commit()
        (event,) = session.exec(select(AuditEvent)).all()
    stored = event.detail or ""
    for secret in ("hunter2-hunter2", "tok_ABCDEF", "s3cr3t"):
        assert secret not in stored
    assert audit.detail_of(event) == {
        "file": "march.csv",
        "password": "[removed]",
        "options": {"api_token": "[removed]", "rows": 4},
        "steps": [{"client_secret": "[removed]"}],
    }


def test_recent_lists_the_newest_first_and_filters_by_action(engine: Engine) -> None:
    """It lists three events newest first, keeps two with a limit, one review with a filter."""
    with Session(engine) as session:
        audit.record(session, None, "import", "a.csv", at=NOW)
        audit.record(session, None, "review_saved", "interaction 7", at=NOW + timedelta(hours=1))
        audit.record(session, None, "settings_changed", "targets", at=NOW + timedelta(hours=2))
        session.commit()
        assert [e.target for e in audit.recent(session)] == ["targets", "interaction 7", "a.csv"]
        assert len(audit.recent(session, limit=2)) == 2
        reviews = audit.recent(session, action="review_saved")
        assert [e.target for e in reviews] == ["interaction 7"]


def test_an_unknown_action_is_refused(engine: Engine) -> None:
    """It raises on an action that is not one of the seven the log knows."""
    with Session(engine) as session, pytest.raises(ValueError):
        audit.record(session, None, "deleted_everything", at=NOW)


def test_the_actor_is_kept_and_outlives_the_account(engine: Engine) -> None:
    """It records a viewer's account id and e-mail, still there after the account is removed."""
    with Session(engine) as session:
        account = add_account(
            session, email="lena@office.example", name="Lena", role="ceo", now=NOW
        )
        viewer = viewer_of(session, account)
        audit.record(session, viewer, "settings_changed", "targets", {"kpi": "csat"}, at=NOW)
        session.commit()
        session.delete(session.get(Person, account.person_id))
        session.commit()
        assert session.exec(select(Account)).all() == []
        (event,) = audit.recent(session)
    assert (event.actor_account_id, event.actor_email) == (viewer.account_id, viewer.email)
    assert audit.detail_of(event) == {"kpi": "csat"}
