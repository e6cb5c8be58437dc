"""The three-times rule and the Feedback lists, read from the stored themes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feedback_dataset import Feedback
from sqlalchemy import Engine

from data_sources import feedback_queries
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window

OCTOBER = Window.of_days(date(2026, 10, 1), date(2026, 10, 31))
EVERYTHING, NO_FILTER = Scope.everything(), Filters()


def _on(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 10, day, hour, tzinfo=UTC)


def _recurring(engine: Engine, scope: Scope = EVERYTHING, filters: Filters = NO_FILTER):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return feedback_queries.recurring_themes(
            connection, window=OCTOBER, scope=scope, filters=filters
        )


def test_three_customers_make_a_theme_recurring_two_customers_do_not(engine: Engine) -> None:
    """Three customers raised "refund" (4 interactions); two customers raised "password reset"
    five times: only "refund" is recurring, with 3 customers, 4 interactions, both teams."""
    data = Feedback(engine)
    for day, customer, team in ((2, "A", "Billing"), (5, "B", "Billing"), (9, "C", "Returns")):
        data.add(team=team, customer=customer, created_at=_on(day), topic="Refund")
    data.add(team="Billing", customer="A", created_at=_on(20), topic="refunds")
    for day in range(10, 15):
        data.add(
            team="Billing",
            customer="D" if day % 2 else "E",
            created_at=_on(day),
            topic="Password reset",
        )
    themes = _recurring(engine)
    assert themes[["theme", "customers", "interactions", "teams"]].values.tolist() == [
        ["refund", 3, 4, "Billing, Returns"]
    ]
    assert themes.loc[0, "first_heard"] == _on(2)
    assert themes.loc[0, "last_heard"] == _on(20)


def test_only_the_window_counts(engine: Engine) -> None:
    """The window is 1-31 October: 1 October 00:00 counts, 1 November 00:00 does not, so two
    customers in October and one on 1 November are not three."""
    data = Feedback(engine)
    data.add(team="Billing", customer="A", created_at=_on(1, 0), topic="Refund")
    data.add(team="Billing", customer="B", created_at=_on(31, 23), topic="Refund")
    data.add(
        team="Billing", customer="C", created_at=datetime(2026, 11, 1, tzinfo=UTC), topic="Refund"
    )
    assert _recurring(engine).empty
    data.add(team="Billing", customer="C", created_at=_on(1, 0), topic="Refund")
    assert _recurring(engine)["customers"].tolist() == [3]


def test_the_viewers_scope_and_the_filters_apply(engine: Engine) -> None:
    """Three customers in Billing by email, two in Returns by chat: everyone sees 5 customers;
    a Billing leader or the email filter 3; a Returns leader or the chat filter nothing."""
    data = Feedback(engine)
    for customer in "ABC":
        data.add(team="Billing", customer=customer, created_at=_on(3), topic="Refund")
    for customer in "DE":
        data.add(
            team="Returns", customer=customer, created_at=_on(4), topic="Refund", channel="chat"
        )
    assert _recurring(engine)["customers"].tolist() == [5]
    billing, returns = (
        Scope.of_teams([data.teams["Billing"]]),
        Scope.of_teams([data.teams["Returns"]]),
    )
    assert _recurring(engine, billing)["customers"].tolist() == [3]
    assert _recurring(engine, returns).empty
    assert _recurring(engine, filters=Filters(channels=("email",)))["customers"].tolist() == [3]
    assert _recurring(engine, filters=Filters(channels=("chat",))).empty
    with engine.connect() as connection:
        listed = feedback_queries.theme_interactions(
            connection, theme="refund", window=OCTOBER, scope=billing, filters=NO_FILTER
        )
    assert listed["team"].tolist() == ["Billing"] * 3


def test_quotes_and_csat_comments_in_the_customers_words(engine: Engine) -> None:
    """The newest three quotes of a theme, newest first; CSAT comments with their score."""
    data = Feedback(engine)
    for day, customer in ((2, "A"), (3, "B"), (4, "C"), (5, "D")):
        data.add(
            team="Billing",
            customer=customer,
            created_at=_on(day),
            topic="Refund",
            said=(("customer", f"Where is my refund, day {day}?"),),
            csat=2,
            comment=f"slow, day {day}",
        )
    with engine.connect() as connection:
        quotes = feedback_queries.theme_quotes(
            connection, themes=["refund"], window=OCTOBER, scope=EVERYTHING, filters=NO_FILTER
        )
        comments = feedback_queries.csat_comments(
            connection, window=OCTOBER, scope=EVERYTHING, filters=NO_FILTER
        )
    assert quotes["quote"].tolist() == [f"Where is my refund, day {d}?" for d in (5, 4, 3)]
    assert comments["comment"].tolist() == [f"slow, day {d}" for d in (5, 4, 3, 2)]
    assert comments["csat"].tolist() == [2, 2, 2, 2]
