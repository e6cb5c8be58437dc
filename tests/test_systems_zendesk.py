"""The Zendesk reader translates the project's own fixtures, written from the API reference."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from data_sources.importing.systems import zendesk

FIXTURES = Path(__file__).parent / "data" / "systems" / "zendesk"


def _rows(name: str) -> list:
    return list(zendesk.read(FIXTURES / name, tz=UTC))


def _by_id(name: str) -> dict:
    return {row.values["interaction_id"]: row for row in _rows(name)}


def test_a_solved_email_ticket_takes_its_times_from_the_sideloaded_metric_set() -> None:
    """Ticket 101 replied after 45 calendar minutes and solved at 15:30 keeps both times."""
    row = _by_id("incremental_tickets_cursor.json")["101"]
    assert row.problem is None
    values = row.values
    assert values["channel"] == "email"
    assert values["created_at"] == "2026-11-02T09:00:00Z"
    assert values["first_response_at"] == datetime(2026, 11, 2, 9, 45, tzinfo=UTC)
    assert values["resolved_at"] == "2026-11-02T15:30:00Z"
    assert values["status"] == "resolved"


def test_names_come_from_the_users_and_groups_sideloads() -> None:
    """Group 20 is Billing, assignee 501 is Dana Scott, requester 601 is Ada Lovelace."""
    values = _by_id("incremental_tickets_cursor.json")["101"].values
    assert values["team"] == "Billing"
    assert values["agent"] == "Dana Scott"
    assert values["customer_id"] == "601"
    assert values["customer_name"] == "Ada Lovelace"
    assert values["topic"] == "Refund for double charge"
    assert values["tags"] == "refund;billing"


def test_reopens_and_stations_become_reopens_and_transfers() -> None:
    """One reopen and two group stations: reopens 1, transfers 1."""
    values = _by_id("incremental_tickets_cursor.json")["101"].values
    assert values["reopens"] == 1
    assert values["transfers"] == 1


def test_a_messaging_ticket_uses_the_reply_time_in_seconds() -> None:
    """Ticket 102 was answered after 90 s, which the minutes metric would round to 2 minutes."""
    values = _by_id("incremental_tickets_cursor.json")["102"].values
    assert values["channel"] == "chat"
    assert values["first_response_at"] == datetime(2026, 11, 2, 10, 1, 30, tzinfo=UTC)
    assert values["resolved_at"] is None
    assert values["status"] == "open"
    assert values["agent"] is None
    assert values["transfers"] == 0


def test_a_deleted_ticket_is_reported_not_stored() -> None:
    """Ticket 103 was deleted in Zendesk: its row carries the reason."""
    assert _by_id("incremental_tickets_cursor.json")["103"].problem == (
        "status",
        "the ticket was deleted",
    )


def test_a_time_based_page_without_sideloads_keeps_ids_and_no_first_response() -> None:
    """Without metric sets Zendesk gives no reply time; ids stand in for unknown names."""
    values = _by_id("incremental_tickets_time.json")["104"].values
    assert values["channel"] == "phone"
    assert values["status"] == "pending"
    assert values["team"] == "22"
    assert values["agent"] == "502"
    assert "first_response_at" not in values
    assert "reopens" not in values


def test_public_audit_comments_become_the_conversation() -> None:
    """Customer, agent and Zendesk comments are kept; the private note is not."""
    rows = _rows("ticket_audits.json")
    kept = [(r.values["author_role"], r.values["text"]) for r in rows if r.problem is None]
    assert kept == [
        ("customer", "I was charged twice for order 5521."),
        ("agent", "Sorry about that, refund on its way."),
        ("system", "Your request was received."),
    ]
    assert {r.values["interaction_id"] for r in rows} == {"101"}
    assert rows[1].values["sent_at"] == "2026-11-02T09:45:00Z"


def test_a_comment_by_a_user_missing_from_the_sideload_is_reported() -> None:
    """User 777 is not in the users sideload, so whether they are staff is unknown."""
    reported = [r for r in _rows("ticket_audits.json") if r.problem is not None]
    assert len(reported) == 1
    assert reported[0].problem[0] == "author_role"
    assert "777" in reported[0].problem[1]


def test_good_bad_ratings_are_reported_and_unanswered_surveys_skipped() -> None:
    """'good' has no place on the 1-5 scale; an offered survey without answer is no rating."""
    rows = _rows("satisfaction_ratings.json")
    assert len(rows) == 1
    assert rows[0].values["interaction_id"] == "101"
    assert rows[0].problem is not None and rows[0].problem[0] == "csat"


def test_a_ticket_metrics_page_updates_solve_time_reopens_and_transfers_only() -> None:
    """Three assignee stations are two hand-offs; the reply time needs the ticket's creation."""
    rows = _rows("ticket_metrics.json")
    assert [(r.kind, r.values) for r in rows] == [
        (
            "interactions",
            {
                "interaction_id": "101",
                "resolved_at": "2026-11-02T15:30:00Z",
                "reopens": 2,
                "transfers": 2,
            },
        )
    ]
