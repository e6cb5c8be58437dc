"""The Twitter reader turns the twcs.csv layout into threads: one interaction per customer start."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from data_sources.importing.systems import twitter

FIXTURE = Path(__file__).parent / "data" / "systems" / "twitter" / "twcs.csv"


def _rows() -> list:
    return list(twitter.read(FIXTURE, tz=UTC))


def _interactions() -> dict:
    rows = [r for r in _rows() if r.kind == "interactions"]
    return {r.values["interaction_id"]: r for r in rows}


def test_each_customer_tweet_that_starts_a_thread_is_one_social_interaction() -> None:
    """Tweets 1, 5 and 8 start threads; replies and stray tweets do not."""
    interactions = _interactions()
    assert sorted(interactions) == ["1", "5", "8"]
    assert {r.values["channel"] for r in interactions.values()} == {"social"}


def test_the_first_company_reply_gives_team_and_first_response() -> None:
    """Tweet 1 at 22:00 was first answered by sprintcare at 22:10."""
    row = _interactions()["1"]
    assert row.line == 2
    assert row.values["created_at"] == datetime(2017, 10, 31, 22, 0, tzinfo=UTC)
    assert row.values["first_response_at"] == datetime(2017, 10, 31, 22, 10, tzinfo=UTC)
    assert row.values["team"] == "sprintcare"
    assert row.values["customer_id"] == "115712"


def test_the_threads_tweets_are_its_messages_in_time_order() -> None:
    """Thread 1 holds four tweets: customer, company, customer, company."""
    messages = [r.values for r in _rows() if r.kind == "messages" and r.problem is None]
    thread = [(m["author_role"], m["author"]) for m in messages if m["interaction_id"] == "1"]
    assert thread == [
        ("customer", "115712"),
        ("agent", "sprintcare"),
        ("customer", "115712"),
        ("agent", "sprintcare"),
    ]


def test_a_reply_earlier_in_the_file_than_its_start_still_joins_the_thread() -> None:
    """Tweet 9 (AmazonHelp, 11:04) is written before tweet 8, the start it answers."""
    values = _interactions()["8"].values
    assert values["team"] == "AmazonHelp"
    assert values["first_response_at"] == datetime(2017, 11, 1, 11, 4, tzinfo=UTC)


def test_an_unanswered_start_has_no_team_and_no_first_response() -> None:
    """Tweet 5 got no reply in the file: who it was meant for is not guessed from its text."""
    values = _interactions()["5"].values
    assert values["team"] is None
    assert values["first_response_at"] is None


def test_tweets_outside_any_customer_thread_and_bad_times_are_reported() -> None:
    """Tweet 6 answers nothing, tweet 7 answers a missing tweet 99, tweet 10 has no time."""
    reported = {r.values["interaction_id"]: r.problem for r in _rows() if r.problem is not None}
    assert sorted(reported) == ["10", "6", "7"]
    assert reported["7"] == (
        "interaction_id",
        "answers tweet 99, whose thread does not start in this file",
    )
    assert reported["10"][0] == "sent_at"


def test_the_first_row_is_an_interaction_even_when_an_early_tweet_is_unreadable() -> None:
    """Reported tweets come last, so a summary that names the first row's kind says interactions."""
    assert _rows()[0].kind == "interactions"
