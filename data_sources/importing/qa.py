"""Upserting QA reviews, keyed by (interaction, reviewer, ``reviewed_at``).

A review carries either a ``score`` (0-100) or one column per category of a scorecard the
database knows (``scorecard`` names it; columns match category names case-insensitively). With
answers, the score is computed as ``design/kpis.md`` says: category score = (answer - scale_min)
/ (scale_max - scale_min) x 100, "n/a" or empty skipped, weighted mean over the answered
categories, 0 when a critical category scores below 50. A reviewer the database does not know
is created with the QA role and reported like any new person.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from data_sources.importing import bulk
from data_sources.importing.related import parents
from data_sources.importing.store import Batch, Clean
from data_sources.importing.validation import Problem
from data_sources.importing.writers import digest
from data_sources.models import QaAnswer, QaReview, Role, Scorecard, ScorecardCategory

REVIEW = QaReview.__table__  # type: ignore[attr-defined]
ANSWER = QaAnswer.__table__  # type: ignore[attr-defined]
SCORECARD = Scorecard.__table__  # type: ignore[attr-defined]
CATEGORY = ScorecardCategory.__table__  # type: ignore[attr-defined]
VALUES = ("scorecard_id", "score", "comment", "calibration")
NOT_ANSWERED = frozenset({"n/a", "na", "-"})


def _scorecards(batch: Batch) -> dict[str, tuple[int, dict[str, Any]]]:
    cards: dict[str, tuple[int, dict[str, Any]]] = {}
    for card in batch.connection.execute(select(SCORECARD.c.id, SCORECARD.c.name)):
        cards[card.name.lower()] = (card.id, {})
    by_id = {card_id: categories for card_id, categories in cards.values()}
    for category in batch.connection.execute(select(CATEGORY)):
        by_id[category.scorecard_id][category.name.lower().replace(" ", "_")] = category
    return cards


def _answers(
    values: dict[str, Any], raw: dict[str, Any], categories: dict[str, Any]
) -> list[tuple[Any, int | None]]:
    answers: list[tuple[Any, int | None]] = []
    for name, category in categories.items():
        cell = raw.get(name)
        if cell is None or str(cell).strip().lower() in NOT_ANSWERED or not str(cell).strip():
            answers.append((category, None))
            continue
        try:
            answer = float(cell)
        except ValueError:
            raise Problem(name, f"{cell!r} is not a number") from None
        if not answer.is_integer() or not category.scale_min <= answer <= category.scale_max:
            raise Problem(
                name, f"{cell!r} is outside the scale {category.scale_min}-{category.scale_max}"
            )
        answers.append((category, int(answer)))
    return answers


def review_score(answers: list[tuple[Any, int | None]]) -> float | None:
    total = weights = 0.0
    for category, answer in answers:
        if answer is None:
            continue
        span = category.scale_max - category.scale_min
        score = (answer - category.scale_min) / span * 100 if span else 100.0
        if category.critical and score < 50:
            return 0.0
        total += score * category.weight
        weights += category.weight
    return total / weights if weights else None


def write_qa_reviews(batch: Batch, rows: list[Clean]) -> None:
    cards = _scorecards(batch)
    ready: list[Clean] = []
    for item in rows:
        v = item.values
        card = cards.get((v["scorecard"] or "").lower())
        v["scorecard_id"], v["answers"] = (card[0], []) if card else (None, [])
        try:
            if card:
                v["answers"] = _answers(v, item.row.values, card[1])
                v["score"] = (
                    review_score(v["answers"]) if any(a for _, a in v["answers"]) else v["score"]
                )
            if v["score"] is None:
                named = (
                    f"scorecard {v['scorecard']!r} is not defined and"
                    if v["scorecard"]
                    else "it has"
                )
                raise Problem("score", f"no score: {named} no score column")
        except Problem as problem:
            batch.quarantine(item.row, problem.column, problem.reason)
            continue
        v["reviewer_id"] = batch.directory.person(v["reviewer"], role=Role.QA)
        item.key = (
            f"q\x1f{v['source']}\x1f{v['interaction_id']}\x1f{v['reviewer']}\x1f{v['reviewed_at']}"
        )
        item.digest = digest((*(v[name] for name in VALUES), [(c.id, a) for c, a in v["answers"]]))
        ready.append(item)
    linked = parents(batch, batch.first_times(ready, "QA review"))
    columns = ("id", "interaction_id", "reviewer_id", "reviewed_at", *VALUES)
    stored = {
        (row.interaction_id, row.reviewer_id, row.reviewed_at): row
        for row in bulk.rows_in(
            batch.connection, REVIEW, "interaction_id", {p for _, p in linked}, columns
        )
    }
    for item, parent in linked:
        v = item.values
        values = tuple(v[name] for name in VALUES)
        old = stored.get((parent, v["reviewer_id"], v["reviewed_at"]))
        if old is not None and tuple(old[4:]) == values:
            batch.tally.unchanged += 1
            continue
        if old is None:
            review_id = batch.connection.execute(
                REVIEW.insert()
                .values(
                    interaction_id=parent,
                    reviewer_id=v["reviewer_id"],
                    reviewed_at=v["reviewed_at"],
                    **dict(zip(VALUES, values, strict=True)),
                )
                .returning(REVIEW.c.id)
            ).scalar_one()
            batch.tally.inserted += 1
        else:
            review_id = old.id
            batch.connection.execute(
                REVIEW.update()
                .where(REVIEW.c.id == review_id)
                .values(**dict(zip(VALUES, values, strict=True)))
            )
            batch.connection.execute(delete(ANSWER).where(ANSWER.c.review_id == review_id))
            batch.tally.updated += 1
        answers = [(review_id, category.id, answer) for category, answer in v["answers"]]
        bulk.insert(batch.connection, ANSWER, ("review_id", "category_id", "value"), answers)
        batch.tally.days.add(v["reviewed_at"].date())
