"""The Feedback page from the entrypoint, on SQLite and PostgreSQL, with hand-made themes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from app_harness import open_app, table, texts
from feedback_dataset import Feedback
from sqlalchemy import Engine
from sqlmodel import Session

from data_sources.models import PublicReview

ODD_QUOTE = "**Where** is my <b>refund</b>? [click](http://x)"


def _fill(engine: Engine) -> Feedback:
    """Refund raised by 3 customers (one quoting markdown and HTML); "password reset" by 2;
    one CSAT comment; one public review. The newest interaction is on 2026-10-20."""
    data = Feedback(engine)
    refunds = ((5, "A", "No refund yet."), (12, "B", "Refund please."), (20, "C", ODD_QUOTE))
    for day, customer, said in refunds:
        data.add(
            team="Billing",
            customer=customer,
            created_at=datetime(2026, 10, day, tzinfo=UTC),
            topic="Refund",
            said=(("customer", said),),
            csat=1,
            comment=f"bad {day}",
        )
    for customer in "DE":
        data.add(
            team="Billing",
            customer=customer,
            created_at=datetime(2026, 10, 6, tzinfo=UTC),
            topic="Password reset",
        )
    with Session(engine) as session:
        session.add(
            PublicReview(
                source="test",
                external_id="r1",
                platform="Trustpilot",
                rating=2,
                published_at=datetime(2026, 10, 15, tzinfo=UTC),
                team_id=data.teams["Billing"],
                text="Slow refunds",
            )
        )
        session.commit()
    return data


def open_feedback(monkeypatch: pytest.MonkeyPatch, url: str, **params: str):  # type: ignore[no-untyped-def]
    app = open_app(monkeypatch, url, **params)
    app.switch_page("../pages/feedback.py").run()
    assert not app.exception, app.exception
    return app


def test_the_page_lists_the_recurring_theme_its_quotes_reviews_and_comments(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refund (3 customers) is listed, password reset (2) is not; the quotes are shown as
    written, newest first; the review and the three comments are there, each with a CSV."""
    _fill(engine)
    app = open_feedback(monkeypatch, database_url)
    themes = table(app, "theme", "customers", "teams")
    assert themes[["theme", "customers", "interactions", "teams"]].values.tolist() == [
        ["refund", 3, 3, "Billing"]
    ]
    quotes = table(app, "theme", "quote")
    assert quotes["quote"].tolist() == [ODD_QUOTE, "Refund please.", "No refund yet."]
    assert table(app, "platform", "rating")["text"].tolist() == ["Slow refunds"]
    assert table(app, "csat", "comment")["comment"].tolist() == ["bad 20", "bad 12", "bad 5"]
    assert len(app.get("download_button")) == 4
    assert ODD_QUOTE not in "".join(str(m.value) for m in app.markdown)


def test_a_team_leader_of_another_team_sees_no_recurring_theme(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filtered to a team with no interactions, the page says no theme recurred."""
    data = _fill(engine)
    data.team("Returns")
    app = open_feedback(monkeypatch, database_url, team=str(data.teams["Returns"]))
    assert "No theme was raised by 3 or more different customers" in texts(app)
