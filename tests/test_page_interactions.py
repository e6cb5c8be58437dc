"""The Interactions page in AppTest: flag filters, paging, the deep link, saving a review."""

from __future__ import annotations

import pytest
from app_harness import open_app, table, texts
from interactions_dataset import CUSTOMER_TEXT, Known, fill, fill_many
from streamlit.testing.v1 import AppTest

from data_sources.engine import make_engine
from data_sources.schema import upgrade

PAGE = "../pages/interactions.py"


@pytest.fixture
def known(database_url: str) -> Known:
    engine = make_engine(database_url)
    upgrade(engine)
    try:
        return fill(engine)
    finally:
        engine.dispose()


def _interactions(app: AppTest) -> AppTest:
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def test_the_escalated_flag_lists_the_two_escalated(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five interactions, two escalated: picking the flag lists two and writes it in the link."""
    app = _interactions(open_app(monkeypatch, database_url))
    assert len(table(app, "flags")) == 5
    app.multiselect(key="interactions_flags").set_value(["escalated"]).run()
    rows = table(app, "flags")
    assert sorted(rows["id"]) == sorted(known.interactions[n - 1] for n in (2, 3))
    assert "Rows 1–2 of 2." in texts(app)
    assert app.query_params["flag"] == "escalated"  # AppTest keeps one value as is


def test_a_link_with_an_agent_and_a_flag_fills_the_filters(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    """?agent=Ann&flag=breached lists Ann's two breached interactions; a bad flag is noted."""
    app = open_app(
        monkeypatch,
        database_url,
        agent=str(known.people["Ann"]),
        flag=["breached", "<i>late</i>"],
    )
    app = _interactions(app)
    rows = table(app, "flags")
    assert sorted(rows["id"]) == sorted(known.interactions[n - 1] for n in (2, 5))
    notes = [warning.value for warning in app.warning]
    assert any("Ignored the flag '\\<i\\>late\\</i\\>'" in note for note in notes), notes


def test_120_interactions_are_sent_50_at_a_time(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of 50, 50 and 20; the browser only ever gets the page it shows."""
    engine = make_engine(database_url)
    upgrade(engine)
    fill_many(engine, 120)
    engine.dispose()
    app = _interactions(open_app(monkeypatch, database_url))
    sizes = [len(table(app, "flags"))]
    for page in (2, 3):
        app.number_input(key="interactions_page").set_value(page).run()
        sizes.append(len(table(app, "flags")))
    assert sizes == [50, 50, 20]
    assert "Rows 101–120 of 120." in texts(app)
    assert app.query_params["page"] == "3"


def test_a_deep_link_opens_the_transcript_as_plain_text(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    """?id= of interaction 1 shows its three messages, the customer's markup as typed."""
    app = _interactions(open_app(monkeypatch, database_url, id=str(known.interactions[0])))
    shown = [text.value for text in app.text]
    assert CUSTOMER_TEXT in shown
    assert "Thanks!" in shown
    assert f"Interaction {known.interactions[0]}" in [h.value for h in app.subheader]


def test_an_id_outside_the_scope_or_unknown_says_the_same(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown id gets "not found or not yours to see", and no transcript is shown."""
    app = _interactions(open_app(monkeypatch, database_url, id="999999"))
    assert "Interaction not found or not yours to see." in texts(app)
    assert CUSTOMER_TEXT not in [text.value for text in app.text]


def _score(app: AppTest, known: Known, greeting: object, solution: object) -> AppTest:
    app.selectbox(key="qa_reviewer").set_value(known.people["Quinn"])
    app.radio(key=f"qa_answer_{known.categories['Greeting']}").set_value(greeting)
    app.radio(key=f"qa_answer_{known.categories['Solution']}").set_value(solution)
    app.radio(key=f"qa_answer_{known.categories['Identity']}").set_value("n/a")
    app.text_area(key="qa_comment").input("Fixed it at once")
    return app.button(key="qa_save").click().run()


def test_the_scorecard_saves_a_review_and_the_list_shows_its_score(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Greeting 4/5 and Solution 5/5 (weights 1 and 1) give 87.5, in the detail and the list."""
    first = known.interactions[0]
    app = _score(_interactions(open_app(monkeypatch, database_url, id=str(first))), known, 4, 5)
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["Review saved. Score: 87.5."]
    reviews = table(app, "reviewer", "score")
    assert reviews[["reviewer", "score", "comment"]].values.tolist() == [
        ["Quinn", 87.5, "Fixed it at once"]
    ]
    rows = table(app, "flags")
    assert rows.loc[rows["id"] == first, "qa_score"].tolist() == [87.5]


def test_a_form_with_an_unanswered_category_is_refused_and_kept(
    database_url: str, known: Known, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Solution left blank: nothing is saved, the message says why, the comment stays."""
    app = _interactions(open_app(monkeypatch, database_url, id=str(known.interactions[0])))
    app = _score(app, known, 4, None)
    assert "Answer every category" in texts(app)
    assert app.text_area(key="qa_comment").value == "Fixed it at once"
    assert not [s.value for s in app.success]
