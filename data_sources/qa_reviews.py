"""Saving a QA review from the scorecard form: the review, its answers, the audit event.

The score is computed here from the answers (``kpis/scorecards.py``), never taken from the
form, and the review, its answers, the audit event and the KPI cells of the interaction's day
are written in one transaction: either all of them are stored or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, and_, or_, select
from sqlmodel import Session

from data_sources import audit, data_version
from data_sources.access import Viewer, can_review
from data_sources.aggregates import refresh_after_write
from data_sources.models import (
    AccountRole,
    Interaction,
    Person,
    QaAnswer,
    QaReview,
    ReviewKind,
    Role,
    Scorecard,
    ScorecardCategory,
    Team,
)
from data_sources.scope import Scope
from kpis.scorecards import Category, review_score

REVIEWER_ROLES = (Role.QA.value, Role.LEADER.value)


@dataclass(frozen=True)
class Question:
    """One category of a scorecard, as the form asks it."""

    category_id: int
    name: str
    weight: float
    scale_min: int
    scale_max: int
    critical: bool

    @property
    def category(self) -> Category:
        return Category(self.weight, self.scale_min, self.scale_max, self.critical)


@dataclass(frozen=True)
class Card:
    scorecard_id: int
    name: str
    questions: tuple[Question, ...]


def reviewers(*, connection: Connection, scope: Scope) -> dict[int, str]:
    """People who may review (QA and leaders), by id, in name order, as far as ``scope``
    reaches: those of a team in it or leading one, and QA reviewers of no team (they review
    every team). A leader never sees the names of another team's leader here.
    """
    table = Person.__table__  # type: ignore[attr-defined]
    teams = Team.__table__  # type: ignore[attr-defined]
    leading = select(teams.c.leader_id).where(scope.where(teams.c.id))
    reach = or_(scope.where(table.c.team_id), table.c.id.in_(leading))
    if not scope.sees_nothing:
        reach = or_(reach, and_(table.c.team_id.is_(None), table.c.role == Role.QA.value))
    statement = (
        select(table.c.id, table.c.name)
        .where(table.c.role.in_(REVIEWER_ROLES), table.c.active, reach)
        .order_by(table.c.name, table.c.id)
    )
    return {row.id: row.name for row in connection.execute(statement)}


def active_scorecards(*, connection: Connection) -> list[Card]:
    """The active scorecards with their categories in form order."""
    cards = Scorecard.__table__  # type: ignore[attr-defined]
    categories = ScorecardCategory.__table__  # type: ignore[attr-defined]
    statement = (
        select(cards.c.id.label("scorecard_id"), cards.c.name.label("scorecard"), categories)
        .join(categories, categories.c.scorecard_id == cards.c.id)
        .where(cards.c.active)
        .order_by(cards.c.name, categories.c.position, categories.c.id)
    )
    found: dict[int, tuple[str, list[Question]]] = {}
    for row in connection.execute(statement):
        question = Question(
            row.id, row.name, row.weight, row.scale_min, row.scale_max, row.critical
        )
        found.setdefault(row.scorecard_id, (row.scorecard, []))[1].append(question)
    return [Card(key, name, tuple(items)) for key, (name, items) in found.items()]


def may_review(engine: Engine, *, viewer: Viewer, scope: Scope, interaction_id: int) -> bool:
    """Whether ``viewer`` may score ``interaction_id`` (``access.can_review`` on the stored
    interaction): the page offers the form only then, and ``save_review`` checks again."""
    with Session(engine) as session:
        found = session.get(Interaction, interaction_id)
        return found is not None and can_review(viewer, scope, found)


def save_review(
    engine: Engine,
    *,
    interaction_id: int,
    reviewer_id: int,
    card: Card,
    answers: Mapping[int, int | None],
    comment: str,
    calibration: bool,
    scope: Scope,
    at: datetime | None = None,
    actor: Viewer | None = None,
) -> float | None:
    """Store a QA review and return its score (None when every answer is "n/a").

    Raises ``LookupError`` for an interaction the scope does not reach as a team (or that
    does not exist: the same message, so ids cannot be probed), ``ValueError`` for a reviewer
    who may not review (not QA or a leader, or the interaction's own agent), a signed-in
    ``actor`` other than the CEO saving under someone else's name, or an answer off the
    scale. As ``access.can_review``: reviews are of a team's work, so an agent's scope,
    which reaches only their own interactions, never saves one.
    """
    score = review_score((q.category, answers.get(q.category_id)) for q in card.questions)
    moment = at or datetime.now(UTC)
    with Session(engine) as session, session.begin():
        found = session.get(Interaction, interaction_id)
        if found is None or not scope.allows(found.team_id):
            raise LookupError(f"interaction {interaction_id} not found or not yours")
        reviewer = session.get(Person, reviewer_id)
        if reviewer is None or reviewer.role not in REVIEWER_ROLES:
            raise ValueError("the reviewer must be a QA reviewer or a team leader")
        if reviewer_id == found.agent_id:
            raise ValueError("nobody reviews an interaction they handled themselves")
        if actor is not None and not can_review(actor, scope, found):
            raise ValueError("your role may not review this interaction")
        if actor is not None and actor.role != AccountRole.CEO and reviewer_id != actor.person_id:
            # Only an admin records a review for someone else (e.g. one written on paper).
            raise ValueError("a review is saved under your own name")
        review = QaReview(
            interaction_id=interaction_id,
            reviewer_id=reviewer_id,
            reviewed_at=moment,
            kind=ReviewKind.QA,
            scorecard_id=card.scorecard_id,
            score=score,
            comment=comment.strip() or None,
            calibration=calibration,
        )
        session.add(review)
        session.flush()
        if review.id is None:  # flush assigns it; this only narrows the type
            raise RuntimeError("the review was not given an id")
        session.add_all(
            QaAnswer(
                review_id=review.id, category_id=q.category_id, value=answers.get(q.category_id)
            )
            for q in card.questions
        )
        audit.record(
            session,
            actor,
            "review_saved",
            target=f"interaction {interaction_id}",
            detail={"review_id": review.id, "reviewer_id": reviewer_id, "score": score},
            at=moment,
        )
        session.flush()
        refresh_after_write(session.connection(), days=[found.created_at.date()])
        data_version.changed(session.connection())
    return score
