"""The score of an internal review on a scorecard (``design/kpis.md``, "Scorecards").

A category's answer is placed on its scale as a percentage; the review's score is the
weighted mean of the answered categories. A critical category (e.g. "verified the caller's
identity") answered below 50 makes the whole review 0, as the best QA tools do: one critical
miss outweighs polite wording. "n/a" answers (``None``) are left out of numerator and
denominator alike, so a review is never punished for a question that did not apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CRITICAL_FLOOR = 50.0


@dataclass(frozen=True, slots=True)
class Category:
    """What a review needs to know of a scorecard category."""

    weight: float
    scale_min: int = 1
    scale_max: int = 5
    critical: bool = False

    def __post_init__(self) -> None:
        if self.scale_max <= self.scale_min:
            raise ValueError(f"scale {self.scale_min}..{self.scale_max} is empty")
        if self.weight < 0:
            raise ValueError(f"weight {self.weight} is negative")


def category_score(category: Category, selected: int | None) -> float | None:
    """``selected`` on the category's scale as 0-100; ``None`` (n/a) stays ``None``."""
    if selected is None:
        return None
    if not category.scale_min <= selected <= category.scale_max:
        raise ValueError(
            f"answer {selected} is outside the scale {category.scale_min}..{category.scale_max}"
        )
    span = category.scale_max - category.scale_min
    return (selected - category.scale_min) / span * 100.0


def review_score(answers: Iterable[tuple[Category, int | None]]) -> float | None:
    """The review's 0-100 score from (category, selected) pairs; ``None`` when nothing applies."""
    weighted = 0.0
    weights = 0.0
    critical_missed = False
    answered = False
    for category, selected in answers:
        score = category_score(category, selected)
        if score is None:
            continue
        answered = True
        if category.critical and score < CRITICAL_FLOOR:
            critical_missed = True
        weighted += score * category.weight
        weights += category.weight
    if not answered:
        return None
    if critical_missed:
        return 0.0
    if weights == 0:
        return None
    return weighted / weights
