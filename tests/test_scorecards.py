"""The review score of ``kpis.md`` "Scorecards", on cases worked out by hand."""

from __future__ import annotations

import pytest

from kpis.scorecards import Category, category_score, review_score

FIVE_POINT = Category(weight=1)
PASS_FAIL_CRITICAL = Category(weight=20, scale_min=0, scale_max=1, critical=True)


@pytest.mark.parametrize(
    ("selected", "expected"),
    [(1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0)],
)
def test_a_five_point_answer_is_placed_on_its_scale(selected: int, expected: float) -> None:
    """It scores 1 of 1-5 as 0, 3 as 50 and 5 as 100."""
    assert category_score(FIVE_POINT, selected) == expected


def test_pass_and_fail_score_100_and_0() -> None:
    """It scores a pass of a 0-1 category as 100 and a fail as 0."""
    assert category_score(PASS_FAIL_CRITICAL, 1) == 100.0
    assert category_score(PASS_FAIL_CRITICAL, 0) == 0.0


def test_the_review_score_is_the_weighted_mean_of_the_categories() -> None:
    """It weighs 4 of 5 (75) by 30 and 2 of 5 (25) by 10: (75*30 + 25*10) / 40 = 62.5."""
    answers = [(Category(weight=30), 4), (Category(weight=10), 2)]
    assert review_score(answers) == 62.5


def test_na_answers_leave_numerator_and_denominator() -> None:
    """It skips an n/a category: 5 of 5 (100) weighted 10 plus an n/a weighted 90 is 100."""
    answers = [(Category(weight=10), 5), (Category(weight=90), None)]
    assert review_score(answers) == 100.0


def test_a_failed_critical_category_makes_the_review_zero() -> None:
    """It gives 0 when the critical category fails, even with every other answer perfect."""
    answers = [(Category(weight=40), 5), (Category(weight=40), 5), (PASS_FAIL_CRITICAL, 0)]
    assert review_score(answers) == 0.0


def test_a_critical_category_at_50_is_not_below_50() -> None:
    """It keeps the weighted mean when a critical 1-5 category scores 3 (exactly 50)."""
    critical = Category(weight=10, critical=True)
    answers = [(critical, 3), (Category(weight=10), 5)]
    assert review_score(answers) == 75.0


def test_a_critical_category_answered_na_does_not_zero_the_review() -> None:
    """It skips a critical n/a: only the 4 of 5 (75) counts."""
    answers = [(PASS_FAIL_CRITICAL, None), (Category(weight=10), 4)]
    assert review_score(answers) == 75.0


def test_a_review_with_every_answer_na_has_no_score() -> None:
    """It returns None, not 0, when nothing applied."""
    assert review_score([(FIVE_POINT, None), (PASS_FAIL_CRITICAL, None)]) is None
    assert review_score([]) is None


def test_an_answer_off_the_scale_is_refused() -> None:
    """It refuses 6 on a 1-5 scale with a message naming the scale."""
    with pytest.raises(ValueError, match=r"outside the scale 1\.\.5"):
        category_score(FIVE_POINT, 6)
