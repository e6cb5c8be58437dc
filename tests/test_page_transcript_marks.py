"""The opened interaction marks each finding in its message, and the message stays text.

Interaction 1 of ``interactions_dataset`` gets one more agent message full of markup around
a banned phrase, and is analysed as a writer would. Opened on the Interactions page, the
message is drawn with "company policy" marked and labelled, and every character of the
message escaped; the findings table lists the words as written. Both databases.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from app_harness import open_app, table
from interactions_dataset import Known, fill
from sqlmodel import Session

from data_sources.engine import make_engine
from data_sources.models import Message
from data_sources.schema import upgrade
from data_sources.transcript_analysis import analyse_after_write

PAGE = "../pages/interactions.py"
HOSTILE = "**Sorry** <script>alert(1)</script> [link](javascript:alert(1)) it's company policy."


@pytest.fixture
def known(database_url: str) -> Known:
    engine = make_engine(database_url)
    upgrade(engine)
    try:
        known = fill(engine)
        first = known.interactions[0]
        with Session(engine) as session:
            session.add(
                Message(
                    interaction_id=first,
                    position=3,
                    sent_at=datetime(2026, 1, 1, tzinfo=UTC),
                    author_role="agent",
                    author="Ann",
                    text=HOSTILE,
                )
            )
            session.commit()
        with engine.begin() as connection:
            analyse_after_write(connection, interaction_ids=[first])
        return known
    finally:
        engine.dispose()


def test_the_banned_phrase_is_marked_and_the_markup_is_escaped(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(monkeypatch, database_url, id=str(known.interactions[0]))
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    [marked] = [m.value for m in app.markdown if "company policy]" in m.value]
    assert ":red-background[company policy]:red[ ‹banned phrase›]" in marked
    # "Sorry" is an apology, marked green; the stars around it stay stars.
    assert marked.startswith(
        "\\*\\*:green-background[Sorry]:green[ ‹apology›]\\*\\* "
        "\\<script\\>alert\\(1\\)\\</script\\> "
    )
    assert "\\[link\\]\\(javascript\\:alert\\(1\\)\\)" in marked
    findings = table(app, "finding", "words")
    banned = findings[findings["finding"] == "banned phrase"]
    assert banned["words"].tolist() == ["company policy"]
    assert banned["message"].tolist() == [4]
