"""Review saves honour the viewer's scope and the signed-in reviewer (tests/scope_dataset.py).

These write reviews, so each test builds the organisation afresh on an empty database of each
kind; the read-only scope tests share one in test_scope_queries.py.
"""

from __future__ import annotations

import pytest
from scope_dataset import AS_OF, Org, build
from sqlalchemy import Engine, select
from sqlmodel import Session

from data_sources import qa_reviews
from data_sources.models import Interaction, QaReview


@pytest.fixture
def org(engine: Engine) -> Org:
    return build(engine)


def _save(
    org: Org, *, interaction: int, reviewer: str, scope_of: str, actor: str | None = None
) -> str:
    """Save a score of 4 on the first category, as ``reviewer`` with ``scope_of``'s scope
    (and ``actor``'s account, when given): "saved", or the refusal's words."""
    with org.engine.connect() as connection:
        card = qa_reviews.active_scorecards(connection=connection)[0]
    try:
        qa_reviews.save_review(
            org.engine,
            interaction_id=interaction,
            reviewer_id=org.people[reviewer],
            card=card,
            answers={card.questions[0].category_id: 4},
            comment="",
            calibration=False,
            scope=org.scope(scope_of),
            at=AS_OF,
            **({"actor": org.viewers[actor]} if actor else {}),
        )
    except (LookupError, ValueError) as error:
        return str(error).replace(str(interaction), "N")
    return "saved"


def test_a_review_save_outside_the_scope_is_refused(org: Org) -> None:
    """Lea may review Ada-1 but not Bea-1; Ada may not review at all (her scope reaches no
    team); an unknown id is refused with the very same words as one outside the scope."""

    def save(viewer: str, reviewer: str, interaction: int) -> str:
        return _save(org, interaction=interaction, reviewer=reviewer, scope_of=viewer)

    refused = "interaction N not found or not yours"
    ada_1, bea_1 = org.interactions["Ada-1"], org.interactions["Bea-1"]
    assert save("leader A", "Lea", bea_1) == refused
    assert save("leader A", "Lea", 999_999) == refused
    assert save("agent Ada", "Lea", ada_1) == refused
    assert save("no access", "Lea", ada_1) == refused
    assert save("leader B", "Leo", ada_1) == refused
    assert save("ceo", "Ada", ada_1) == "the reviewer must be a QA reviewer or a team leader"
    assert save("leader A", "Lea", ada_1) == "saved"
    assert save("qa of A", "Quinn", org.interactions["Abe-1"]) == "saved"
    with org.engine.connect() as connection:
        saved = connection.execute(
            select(QaReview.interaction_id, QaReview.reviewer_id).where(  # type: ignore[call-overload]
                QaReview.reviewed_at == AS_OF
            )
        ).all()
    assert sorted((org.names([i])[0], r) for i, r in saved) == sorted(
        [("Abe-1", org.people["Quinn"]), ("Ada-1", org.people["Lea"])]
    )


def test_the_signed_in_viewer_must_be_allowed_to_review(org: Org) -> None:
    """It refuses a save made by Ada's account (an agent) even with a scope that reaches
    Alpha, and by Lea's own account on an interaction she handled; Quinn's account saves."""
    with Session(org.engine) as session:
        row = session.get(Interaction, org.interactions["Abe-2"])
        assert row is not None
        row.agent_id = org.people["Lea"]
        session.commit()

    def save(actor: str, interaction: str) -> str:
        return _save(
            org, interaction=org.interactions[interaction], reviewer="Quinn",
            scope_of="leader A", actor=actor,
        )  # fmt: skip

    assert save("agent Ada", "Abe-1") == "your role may not review this interaction"
    assert save("leader A", "Abe-2") == "your role may not review this interaction"
    assert save("qa of A", "Abe-1") == "saved"


def test_nobody_reviews_their_own_interaction(org: Org) -> None:
    """It refuses Lea's review of an Alpha interaction she handled herself."""
    with Session(org.engine) as session:
        row = session.get(Interaction, org.interactions["Abe-2"])
        assert row is not None
        row.agent_id = org.people["Lea"]
        session.commit()
    saved = _save(org, interaction=org.interactions["Abe-2"], reviewer="Lea", scope_of="leader A")
    assert "handled themselves" in saved


def test_a_review_is_saved_under_the_signed_in_reviewers_own_name(org: Org) -> None:
    """Lea's account may not save a review as Quinn; as herself it saves; the CEO (admin)
    may record one for Quinn, e.g. written on paper."""

    def save(actor: str, reviewer: str) -> str:
        return _save(
            org, interaction=org.interactions["Ada-1"], reviewer=reviewer, scope_of=actor,
            actor=actor,
        )  # fmt: skip

    assert save("leader A", "Quinn") == "a review is saved under your own name"
    assert save("qa of A", "Lea") == "a review is saved under your own name"
    assert save("leader A", "Lea") == "saved"
    assert save("ceo", "Quinn") == "saved"
