"""The five stories the demo hides for the dashboard to reveal, checked on 6,000 interactions.

Every test here only reads, so they share one demo per database (``demo_engine``).
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import Engine

from data_sources.demo import stories
from tests.demo_helpers import NOW, demo_engine, frame, interactions

__all__ = ["demo_engine"]  # the shared fixture, used by name


def test_one_team_escalates_far_more_often_than_the_median_team(demo_engine: Engine) -> None:
    """It gives the escalating team an escalation share at least 2.5 times the median team's."""
    rows = interactions(demo_engine)
    share = rows.groupby("team")["escalated"].mean()
    assert share.idxmax() == stories.ESCALATING_TEAM
    assert share[stories.ESCALATING_TEAM] >= 2.5 * share.median()


def test_one_leader_leaves_escalations_waiting(demo_engine: Engine) -> None:
    """It makes the slow leader's median pick-up time five times the slowest other leader's."""
    rows = frame(
        demo_engine,
        """
        SELECT t.name AS team, i.escalated_at, i.escalation_picked_up_at
        FROM interaction i
        JOIN team t ON t.id = i.team_id
        WHERE i.escalated AND i.escalated_to_id = t.leader_id
        """,
    )
    rows["pickup"] = (rows["escalation_picked_up_at"] - rows["escalated_at"]).dt.total_seconds()
    medians = rows.dropna(subset=["pickup"]).groupby("team")["pickup"].median()
    slow = medians.pop(stories.SLOW_LEADER_TEAM)
    assert slow >= 5 * medians.max()
    assert slow > 3600  # hours, not minutes


def test_the_recurring_theme_is_heard_from_many_customers_in_the_last_month(
    demo_engine: Engine,
) -> None:
    """It has 20+ distinct customers raise the theme in the last 30 days, and rarely before."""
    rows = interactions(demo_engine)
    themed = rows[rows["topic"] == stories.RECURRING_THEME_TOPIC]
    assert (themed["tags"] == "app-login-failure").all()
    recent_from = pd.Timestamp(NOW - timedelta(days=30))
    recent = themed[themed["created_at"] >= recent_from]
    before = themed[themed["created_at"] < recent_from]
    assert recent["customer_id"].nunique() >= 20
    # 152 days before the window: fewer per month than a tenth of the last month's count.
    assert len(before) / (152 / 30) < len(recent) / 10


def test_customers_raise_the_theme_in_their_own_words(demo_engine: Engine) -> None:
    """It puts "log in to the app" in the first message of 20+ distinct customers last month."""
    words = frame(
        demo_engine,
        """
        SELECT m.sent_at, i.customer_id
        FROM message m JOIN interaction i ON i.id = m.interaction_id
        WHERE m.position = 0 AND m.author_role = 'customer'
          AND lower(m.text) LIKE '%log in to the app%'
        """,
    )
    recent = words[words["sent_at"] >= pd.Timestamp(NOW - timedelta(days=30))]
    assert recent["customer_id"].nunique() >= 20


def test_chat_breaches_its_target_at_its_weekly_peak(demo_engine: Engine) -> None:
    """It answers chats within 60 s far less often on Monday 09-12 UTC than at other times."""
    rows = interactions(demo_engine)
    chats = rows[(rows["channel"] == stories.BREACHING_CHANNEL)].dropna(
        subset=["first_response_at"]
    )
    waited = (chats["first_response_at"] - chats["created_at"]).dt.total_seconds()
    met = waited <= 60
    created = chats["created_at"]
    peak = (created.dt.day_of_week == 0) & created.dt.hour.isin([9, 10, 11])
    assert peak.sum() >= 30
    assert met[peak].mean() < 0.3
    assert met[~peak].mean() > 0.75


def test_monday_morning_is_the_chat_peak_of_the_week(demo_engine: Engine) -> None:
    """It brings 1.3 times more chats on Monday 09-12 UTC than on other weekdays then."""
    created = interactions(demo_engine).query("channel == 'chat'")["created_at"]
    morning = created[created.dt.hour.isin([9, 10, 11])]
    per_day = morning.dt.day_of_week.value_counts()
    assert per_day[0] > 1.3 * per_day[[1, 2, 3, 4]].mean()


def test_one_teams_promises_slip_without_the_customer_being_told(demo_engine: Engine) -> None:
    """It tells customers of broken promises far less often in the slipping team."""
    promises = frame(
        demo_engine,
        """
        SELECT t.name AS team, p.due_at, p.kept_at, p.customer_updated_at
        FROM promise p
        JOIN interaction i ON i.id = p.interaction_id
        JOIN team t ON t.id = i.team_id
        """,
    )
    now = pd.Timestamp(NOW)
    broken = promises[
        (promises["kept_at"] > promises["due_at"])
        | (promises["kept_at"].isna() & (promises["due_at"] < now))
    ].copy()
    broken["told"] = broken["customer_updated_at"] < broken["due_at"]
    notice = broken.groupby("team")["told"].mean()
    slipping = notice.pop(stories.SLIPPING_TEAM)
    assert (broken["team"] == stories.SLIPPING_TEAM).sum() >= 10
    assert slipping < 0.3
    assert slipping < notice.median() / 2
