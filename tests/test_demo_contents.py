"""What the demo holds: people, traffic, transcripts, promises and reviews (6,000 interactions).

Every test here only reads, so they share one demo per database (``demo_engine``).
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.models import Interaction, Message, Promise, QaReview
from kpis.scorecards import Category, review_score
from tests.demo_helpers import NOW, SIZE, demo_engine, frame, interactions

__all__ = ["demo_engine"]  # the shared fixture, used by name


def test_the_organisation_has_teams_leaders_agents_and_qa_staff(demo_engine: Engine) -> None:
    """It creates nine teams, each led by one of its own leaders, 80 agents and 4 QA staff."""
    people = frame(
        demo_engine,
        "SELECT p.id, p.role, t.leader_id FROM person p LEFT JOIN team t ON t.id = p.team_id",
    )
    roles = people["role"].value_counts()
    assert (roles["agent"], roles["leader"], roles["qa"]) == (80, 9, 4)
    leaders = people[people["role"] == "leader"]
    assert (leaders["leader_id"] == leaders["id"]).all()


def test_every_channel_and_team_has_traffic_and_leaders_handle_some(demo_engine: Engine) -> None:
    """It spreads the interactions over all seven channels and nine teams; leaders take a few."""
    rows = interactions(demo_engine)
    assert len(rows) == SIZE
    assert set(rows["channel"]) == {"phone", "email", "chat", "social", "sms", "web", "other"}
    assert rows["team"].nunique() == 9
    leaders = frame(demo_engine, "SELECT id FROM person WHERE role = 'leader'")["id"]
    assert 0.02 < rows["agent_id"].isin(leaders).mean() < 0.08


def test_traffic_follows_a_daily_and_weekly_rhythm(demo_engine: Engine) -> None:
    """It has phone calls mostly in office hours and fewer on Sundays than on Mondays."""
    phone = interactions(demo_engine).query("channel == 'phone'")["created_at"]
    assert phone.dt.hour.between(8, 17).mean() > 0.75
    days = phone.dt.day_of_week.value_counts()
    assert days[6] < days[0] / 3


def test_every_moment_is_utc_and_in_order(demo_engine: Engine) -> None:
    """It keeps created <= first response <= resolved, and nothing after the demo's now."""
    with Session(demo_engine) as session:
        rows = session.exec(select(Interaction)).all()
        messages = session.exec(select(Message)).all()
        promises = session.exec(select(Promise)).all()
        reviews = session.exec(select(QaReview)).all()
    for row in rows:
        assert row.created_at.utcoffset() == timedelta(0)
        assert row.created_at < NOW
        if row.first_response_at is not None:
            assert row.created_at <= row.first_response_at <= NOW
        if row.resolved_at is not None:
            assert row.first_response_at is not None
            assert row.first_response_at <= row.resolved_at <= NOW
        if row.escalated:
            assert row.escalated_at is not None and row.first_response_at is not None
            assert row.first_response_at <= row.escalated_at <= NOW
            picked = row.escalation_picked_up_at
            assert picked is None or row.escalated_at <= picked <= NOW
    assert all(m.sent_at.utcoffset() == timedelta(0) and m.sent_at <= NOW for m in messages)
    assert all(p.kept_at is None or p.kept_at <= NOW for p in promises)
    assert all(r.reviewed_at <= NOW for r in reviews)


def test_the_live_edge_has_work_waiting_now(demo_engine: Engine) -> None:
    """It leaves new work unanswered inside and past its target, promises due, escalations open."""
    rows = interactions(demo_engine)
    waiting = rows[rows["first_response_at"].isna()]
    age = (pd.Timestamp(NOW) - waiting["created_at"]).dt.total_seconds()
    target = waiting["channel"].map({"phone": 18, "chat": 60}).fillna(86_400)
    assert (age <= target).sum() >= 3  # e.g. a phone call ringing for 7 s
    assert ((age > target) & waiting["channel"].isin(["phone", "chat"])).sum() >= 2
    assert ((age > target) & (waiting["channel"] == "email")).sum() >= 1
    assert (age < 2 * 86_400).all()  # nothing is forgotten for months
    promises = frame(demo_engine, "SELECT due_at, kept_at FROM promise")
    due_soon = promises["kept_at"].isna() & promises["due_at"].between(
        pd.Timestamp(NOW), pd.Timestamp(NOW + timedelta(hours=24))
    )
    assert due_soon.sum() >= 3
    assert (rows["escalated"] & rows["escalation_picked_up_at"].isna()).sum() >= 1


def test_promises_end_in_every_way(demo_engine: Engine) -> None:
    """It has promises kept early, on the dot, late told, late untold and pending."""
    p = frame(demo_engine, "SELECT due_at, kept_at, customer_updated_at FROM promise")
    told = p["customer_updated_at"] < p["due_at"]
    late = p["kept_at"] > p["due_at"]
    assert (p["kept_at"] < p["due_at"]).sum() > 100
    assert (p["kept_at"] == p["due_at"]).sum() > 10
    assert (late & told).sum() > 5
    assert (late & ~told).sum() > 5
    assert (p["kept_at"].isna() & (p["due_at"] > pd.Timestamp(NOW))).sum() > 5


def test_transcripts_greet_apologise_thank_and_sometimes_slip(demo_engine: Engine) -> None:
    """It writes greetings by name, apologies, thanks, and a few banned phrases and blame."""
    agent = frame(
        demo_engine, "SELECT interaction_id, text FROM message WHERE author_role = 'agent'"
    )
    said = agent["text"].str
    assert said.contains("Good morning (?:Mr|Mrs|Ms|Mx|Dr) ", regex=True).sum() > 500
    assert said.contains("sorry|apologise", regex=True).sum() > 1000
    assert said.contains("Thank you|Thanks", regex=True).sum() > 3000
    banned = said.contains("company policy|not my job|nothing I can do|calm down|should have")
    assert 10 < agent.loc[banned, "interaction_id"].nunique() < SIZE * 0.03
    assert said.contains("courier lost it|warehouse's fault", regex=True).sum() > 10


def test_some_greetings_get_the_customers_name_or_title_wrong(demo_engine: Engine) -> None:
    """It greets a few phone customers with a title or surname their record does not have."""
    greetings = frame(
        demo_engine,
        """
        SELECT m.text, c.title, c.name
        FROM message m
        JOIN interaction i ON i.id = m.interaction_id
        JOIN customer c ON c.id = i.customer_id
        WHERE i.channel = 'phone' AND m.author_role = 'agent' AND m.text LIKE 'Good morning %'
        """,
    )
    expected = "Good morning " + greetings["title"] + " " + greetings["name"].str.split(" ").str[1]
    wrong = ~greetings.apply(lambda r: r["text"].startswith(expected[r.name] + ","), axis=1)
    assert 0.005 < wrong.mean() < 0.06


def test_reviews_are_scored_on_the_scorecard(demo_engine: Engine) -> None:
    """It stores each scorecard review's score as kpis.scorecards computes it from its answers."""
    categories = frame(demo_engine, "SELECT * FROM scorecardcategory")
    assert 4 <= len(categories) <= 6 and categories["critical"].astype(bool).sum() == 1
    reviews = frame(demo_engine, "SELECT id, kind, score, calibration, scorecard_id FROM qareview")
    assert set(reviews["kind"]) == {"qa", "peer", "coaching"}
    assert reviews["calibration"].astype(bool).sum() >= 4
    assert reviews.loc[reviews["kind"] == "coaching", "score"].isna().all()
    answers = frame(demo_engine, "SELECT review_id, category_id, value FROM qaanswer")
    by_id = {
        row.id: Category(row.weight, row.scale_min, row.scale_max, bool(row.critical))
        for row in categories.itertuples()
    }
    scored = reviews.dropna(subset=["scorecard_id"])
    for review in scored.itertuples():
        mine = answers[answers["review_id"] == review.id]
        values = [None if pd.isna(v) else int(v) for v in mine["value"]]
        expected = review_score(zip([by_id[c] for c in mine["category_id"]], values, strict=True))
        assert review.score == expected or abs(review.score - expected) < 1e-9
    assert (scored["score"] == 0).sum() >= 1  # a failed identity check zeroes a review


def test_csat_and_public_reviews_are_there(demo_engine: Engine) -> None:
    """It rates about a quarter of resolved interactions, some with a comment, and adds reviews."""
    rows = interactions(demo_engine)
    resolved = rows[rows["resolved_at"].notna()]
    rated = resolved["csat"].notna()
    assert 0.2 < rated.mean() < 0.35
    assert resolved.loc[rated, "csat"].between(1, 5).all()
    assert 0.2 < resolved.loc[rated, "csat_comment"].notna().mean() < 0.5
    public = frame(demo_engine, "SELECT platform, rating, team_id, text FROM publicreview")
    assert len(public) >= 40
    assert set(public["platform"]) == {"Trustpilot", "Google", "App Store"}
    assert public["team_id"].isna().any() and public["team_id"].notna().any()
