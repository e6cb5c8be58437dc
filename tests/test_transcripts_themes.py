"""Complaint themes from topics, tags and customers' words, and the three-times rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kpis.transcripts.themes import ThemeMention, key_phrase, recurring_themes, themes_of
from kpis.window import Window


@pytest.mark.parametrize(
    ("label", "theme"),
    [
        ("Late deliveries", "delivery late"),
        ("late-delivery", "delivery late"),
        ("Delivery: LATE", "delivery late"),
        ("Problem with the billing", "billing"),
        ("Rückerstattung", "ruckerstattung"),
        ("Issue", None),
        ("", None),
        (None, None),
    ],
)
def test_a_topic_or_tag_becomes_a_normalised_key_phrase(
    label: str | None, theme: str | None
) -> None:
    """Case, accents, punctuation, filler words, plurals and word order do not split a theme."""
    assert key_phrase(label) == theme


def test_themes_come_from_topic_tags_and_the_customers_complaints() -> None:
    """Topic and tags give their key phrase; 'never arrived' and 'money back' give two more."""
    found = themes_of(
        "Late deliveries",
        "Billing; VIP",
        ["My parcel never arrived and I want my money back."],
    )
    assert found == [
        ("delivery late", "Late deliveries"),
        ("billing", "Billing"),
        ("vip", "VIP"),
        ("refund", "My parcel never arrived and I want my money back."),
    ]


def test_negated_or_quoted_words_raise_no_theme() -> None:
    """'not broken' and a quoted 'refund' are not the customer raising those themes."""
    assert themes_of(None, None, ["It's not broken, but they said 'refund' was impossible."]) == []


def _at(day: int) -> datetime:
    return datetime(2026, 3, day, 12, tzinfo=UTC)


ROWS = [
    ThemeMention("ann", "delivery late", _at(2), "North", 1, "Still not here"),
    ThemeMention("bob", "delivery late", _at(5), "South", 2, "Where is my parcel?"),
    ThemeMention("ann", "delivery late", _at(6), "North", 3, "Still not here"),
    ThemeMention("cy", "delivery late", _at(9), "North", 4, "Two weeks late"),
    ThemeMention("ann", "refund", _at(3), "North", 1, "Money back please"),
    ThemeMention("bob", "refund", _at(4), "South", 2, "Refund me"),
    ThemeMention("bob", "refund", _at(7), "South", 5, "Refund me"),
]


def test_a_theme_recurs_when_three_distinct_customers_raised_it() -> None:
    """Late delivery: ann, bob, cy -> recurring; refund: ann and bob only (3 mentions) -> not."""
    [late] = recurring_themes(ROWS)
    assert late.theme == "delivery late"
    assert (late.customers, late.mentions) == (3, 4)
    assert (late.first_heard, late.last_heard) == (_at(2), _at(9))
    assert late.teams == ("North", "South")
    assert late.interactions == (1, 2, 3, 4)
    assert late.quotes == ("Still not here", "Where is my parcel?", "Two weeks late")


def test_the_window_and_the_threshold_decide_what_recurs() -> None:
    """In 1-5 March only ann and bob raised late delivery; with a threshold of 2 both recur."""
    first_days = Window.of_days(date(2026, 3, 1), date(2026, 3, 5))
    assert recurring_themes(ROWS, window=first_days) == []
    themes = recurring_themes(ROWS, min_customers=2, window=first_days)
    assert [(t.theme, t.customers, t.mentions) for t in themes] == [
        ("delivery late", 2, 2),
        ("refund", 2, 2),
    ]


def test_plain_tuples_are_accepted_and_unknown_customers_do_not_count() -> None:
    """Rows may be plain tuples; a mention without a customer is not a distinct customer."""
    rows = [
        ("ann", "rude staff", _at(1), "North", 1, "rude"),
        ("bob", "rude staff", _at(2), "North", 2, "rude"),
        (None, "rude staff", _at(3), "North", 3, "rude"),
    ]
    assert recurring_themes(rows) == []
