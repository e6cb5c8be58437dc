"""The Chatwoot reader translates the project's own fixtures, written from Chatwoot's API views."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from data_sources.importing.systems import chatwoot

FIXTURES = Path(__file__).parent / "data" / "systems" / "chatwoot"


def _rows(name: str) -> list:
    return list(chatwoot.read(FIXTURES / name, tz=UTC))


def _conversations() -> dict:
    return {r.values["interaction_id"]: r.values for r in _rows("conversations.json")}


def test_a_resolved_web_chat_keeps_its_team_agent_and_first_reply() -> None:
    """Conversation 11 opened 09:00 and was first answered at 09:05 (Unix seconds in the export)."""
    values = _conversations()["11"]
    assert values["channel"] == "chat"
    assert values["created_at"] == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert values["first_response_at"] == datetime(2026, 11, 2, 9, 5, tzinfo=UTC)
    assert values["status"] == "resolved"
    assert values["team"] == "Sales"
    assert values["agent"] == "Priya Patel"
    assert values["customer_id"] == "77"
    assert values["customer_name"] == "Lin Wei"
    assert values["tags"] == "pricing;upgrade"


def test_a_zero_first_reply_time_means_not_answered_yet() -> None:
    """Conversation 12 has first_reply_created_at 0, which is no reply, not 1970."""
    values = _conversations()["12"]
    assert values["first_response_at"] is None
    assert values["channel"] == "email"
    assert values["topic"] == "Broken hinge on order 7781"
    assert values["agent"] is None


def test_a_conversation_in_no_team_belongs_to_its_inbox() -> None:
    """Conversation 12 has no team and came in through inbox 4."""
    assert _conversations()["12"]["team"] == "inbox 4"


def test_a_snoozed_conversation_is_pending() -> None:
    """Conversation 13 on WhatsApp is snoozed, which waits like pending."""
    values = _conversations()["13"]
    assert values["status"] == "pending"
    assert values["channel"] == "chat"


def test_messages_are_attributed_by_type_and_sender_and_notes_dropped() -> None:
    """Incoming is the customer, a user's outgoing is the agent, the rest is the system."""
    rows = _rows("messages.json")
    assert [(r.values["author_role"], r.values["text"]) for r in rows] == [
        ("customer", "Hi, does the team plan include SSO?"),
        ("system", "Please hold on, an agent will be with you shortly."),
        ("agent", "Yes, SSO is part of the team plan."),
        ("system", "Conversation was marked resolved by Priya Patel"),
    ]
    assert {r.values["interaction_id"] for r in rows} == {"11"}
    assert rows[2].values["sent_at"] == datetime(2026, 11, 2, 9, 5, tzinfo=UTC)


def test_a_csat_response_updates_its_conversation_with_the_rating() -> None:
    """Rating 4 for conversation 11 comes out as csat 4 on interaction 11."""
    rows = _rows("csat_survey_responses.json")
    assert [(r.kind, r.values) for r in rows] == [
        (
            "interactions",
            {"interaction_id": "11", "csat": 4, "csat_comment": "Clear answer"},
        )
    ]


def test_reporting_events_are_reported_because_their_id_is_internal() -> None:
    """Events name conversation 5011 by internal id: both are reported, none is joined."""
    rows = _rows("reporting_events.json")
    assert len(rows) == 2
    assert all(r.problem is not None and r.problem[0] == "interaction_id" for r in rows)
    assert "interaction_id" not in rows[0].values
