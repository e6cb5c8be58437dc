"""The scorecard form: a QA reviewer scores one interaction and sees the computed score.

The score is computed on save from the answers (``data_sources/qa_reviews.py``). A form with
a category left unanswered is refused with a message and keeps what was typed; after a save
the page reruns, so the list and the reviews show the new score at once.
"""

from __future__ import annotations

import streamlit as st

from dashboard import interaction_loaders
from dashboard.access import current_viewer
from dashboard.components import escape_markdown
from dashboard.database import engine_for
from data_sources import qa_reviews
from data_sources.access import Viewer
from data_sources.models import AccountRole
from data_sources.scope import Scope

NOT_APPLICABLE = "n/a"
REVIEWER, SCORECARD, COMMENT, CALIBRATION, SAVE = (
    "qa_reviewer",
    "qa_scorecard",
    "qa_comment",
    "qa_calibration",
    "qa_save",
)
SAVED = "_qa_saved"
NOT_A_REVIEWER = (
    "QA reviewers, team leaders and the CEO score the interactions of their teams, never their own."
)


def answer_key(category_id: int) -> str:
    return f"qa_answer_{category_id}"


def _label(question: qa_reviews.Question) -> str:
    critical = ", critical" if question.critical else ""
    return f"{escape_markdown(question.name)} (weight {question.weight:g}{critical})"


def shown_score(score: float | None) -> str:
    return "— (every category n/a)" if score is None else f"{score:.1f}"


def _forget_answers(card: qa_reviews.Card) -> None:
    for key in [COMMENT, CALIBRATION, *(answer_key(q.category_id) for q in card.questions)]:
        st.session_state.pop(key, None)


def _reviewers_for(viewer: Viewer, people: dict[int, str]) -> dict[int, str]:
    """Whom the viewer may save a review as: themselves; the CEO (admin) anyone in reach,
    to record a review written elsewhere. The save checks the same on the server."""
    if viewer.role == AccountRole.CEO:
        return people
    return {pid: name for pid, name in people.items() if pid == viewer.person_id}


def show(url: str, version: int, scope: Scope, interaction_id: int) -> None:
    """The form for ``interaction_id``; saving stores the review and reruns the page.

    Offered only to a viewer who may review it (QA, leaders and the CEO, on their teams'
    work, never on their own); the save checks the same on the server.
    """
    viewer = current_viewer()
    if viewer is None or not qa_reviews.may_review(
        engine_for(url), viewer=viewer, scope=scope, interaction_id=interaction_id
    ):
        st.caption(NOT_A_REVIEWER)
        return
    st.markdown("**Score this interaction**")
    saved = st.session_state.pop(SAVED, None)
    if saved is not None and saved[0] == interaction_id:
        st.success(f"Review saved. Score: {shown_score(saved[1])}.", icon=":material/check:")
    cards = interaction_loaders.scorecards(url, version)
    people = _reviewers_for(viewer, interaction_loaders.reviewers(url, version, scope))
    if not cards or not people:
        missing = "an active scorecard" if not cards else "a person with the QA or leader role"
        st.info(f"Reviews need {missing}; import one first (see `pulse import --help`).")
        return
    names = {card.scorecard_id: card.name for card in cards}
    if st.session_state.get(SCORECARD) not in names:
        st.session_state[SCORECARD] = cards[0].scorecard_id
    chosen = st.selectbox("Scorecard", list(names), format_func=names.__getitem__, key=SCORECARD)
    card = next(card for card in cards if card.scorecard_id == chosen)
    with st.form(f"scorecard_{interaction_id}"):
        reviewer = st.selectbox(
            "Reviewer", list(people), format_func=people.__getitem__, key=REVIEWER
        )
        for question in card.questions:
            scale = list(range(question.scale_min, question.scale_max + 1))
            st.radio(
                _label(question),
                [NOT_APPLICABLE, *scale],
                index=None,
                horizontal=True,
                key=answer_key(question.category_id),
            )
        comment = st.text_area("Comment", key=COMMENT, max_chars=5000)
        calibration = st.checkbox(
            "Calibration review (kept apart from the agent's score)", key=CALIBRATION
        )
        submitted = st.form_submit_button("Save review", key=SAVE, type="primary")
    if not submitted or reviewer is None:
        return
    picked = {
        q.category_id: st.session_state.get(answer_key(q.category_id)) for q in card.questions
    }
    if any(value is None for value in picked.values()):
        st.warning("Answer every category (pick n/a where it does not apply); nothing was saved.")
        return
    # The options are the scale's numbers and "n/a" (None: not applicable).
    answers = {key: value if isinstance(value, int) else None for key, value in picked.items()}
    try:
        score = qa_reviews.save_review(
            engine_for(url),
            interaction_id=interaction_id,
            reviewer_id=int(reviewer),
            card=card,
            answers=answers,
            comment=comment or "",
            calibration=bool(calibration),
            scope=scope,
            actor=current_viewer(),  # who saved it, for the audit log
        )
    except (LookupError, ValueError) as error:
        st.error(escape_markdown(f"The review was not saved: {error}"))
        return
    _forget_answers(card)
    st.session_state[SAVED] = (interaction_id, score)
    st.rerun()
