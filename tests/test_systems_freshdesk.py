"""The Freshdesk reader translates the project's own fixtures, written from the API v2 reference."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from data_sources.importing.systems import freshdesk

FIXTURES = Path(__file__).parent / "data" / "systems" / "freshdesk"


def _rows(name: str) -> list:
    return list(freshdesk.read(FIXTURES / name, tz=UTC))


def _tickets() -> dict:
    return {
        r.values["interaction_id"]: r.values
        for r in _rows("tickets.json")
        if r.kind == "interactions"
    }


def test_a_resolved_email_ticket_takes_its_times_from_stats() -> None:
    """Ticket 2001: first responded 09:20, resolved 12:00, status 4 is resolved."""
    values = _tickets()["2001"]
    assert values["channel"] == "email"
    assert values["created_at"] == "2026-11-02T09:00:00Z"
    assert values["first_response_at"] == "2026-11-02T09:20:00Z"
    assert values["resolved_at"] == "2026-11-02T12:00:00Z"
    assert values["status"] == "resolved"
    assert values["team"] == "3001"
    assert values["agent"] == "4001"
    assert values["customer_id"] == "5001"
    assert values["customer_name"] == "Grace Hopper"
    assert values["tags"] == "invoice;october"


def test_a_reopened_at_time_means_reopened_at_least_once() -> None:
    """Ticket 2001 has stats.reopened_at, ticket 2002 has none."""
    tickets = _tickets()
    assert tickets["2001"]["reopens"] == 1
    assert tickets["2002"]["reopens"] == 0


def test_an_escalated_open_phone_ticket_has_no_first_response() -> None:
    """Ticket 2002 (source 3, status 2, is_escalated) was never answered."""
    values = _tickets()["2002"]
    assert values["channel"] == "phone"
    assert values["status"] == "open"
    assert values["escalated"] is True
    assert values["first_response_at"] is None
    assert values["agent"] is None


def test_a_custom_status_is_left_to_be_derived() -> None:
    """Status 6 is an account's own status: no native status is claimed for it."""
    values = _tickets()["2003"]
    assert values["channel"] == "chat"
    assert "status" not in values


def test_the_description_is_the_customers_first_message() -> None:
    """Ticket 2001's description_text comes out as a customer message at creation time."""
    messages = [r.values for r in _rows("tickets.json") if r.kind == "messages"]
    assert messages == [
        {
            "interaction_id": "2001",
            "sent_at": "2026-11-02T09:00:00Z",
            "author_role": "customer",
            "author": "Grace Hopper",
            "text": "Where is my invoice for October?",
        }
    ]


def test_conversations_keep_replies_and_drop_private_notes() -> None:
    """Two public conversations of ticket 2001 are kept, the private note is not."""
    rows = _rows("conversations.json")
    assert [(r.values["author_role"], r.values["text"]) for r in rows] == [
        ("agent", "Hello Grace, here it is."),
        ("customer", "That is September's."),
    ]
    assert {r.values["interaction_id"] for r in rows} == {"2001"}


def test_a_survey_rating_is_reported_because_its_scale_is_unknown() -> None:
    """Rating 103 on an unstated scale is not turned into a 1-5 answer."""
    rows = _rows("satisfaction_ratings.json")
    assert len(rows) == 1
    assert rows[0].values["interaction_id"] == "2001"
    assert rows[0].problem is not None and rows[0].problem[0] == "csat"
