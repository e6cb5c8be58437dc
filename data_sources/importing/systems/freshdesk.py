"""Freshdesk API v2 exports: tickets with ``stats``, ticket conversations, satisfaction ratings.

The mapping follows Freshdesk's public API v2 reference (developers.freshdesk.com/api):
- List Tickets with ``include=stats`` (and optionally ``requester``, ``description``): a JSON
  array of tickets with ``status`` (2 Open, 3 Pending, 4 Resolved, 5 Closed), ``source``
  (1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback Widget, 10 Outbound Email; 4 Forum,
  5 Twitter, 6 Facebook, 8 MobiHelp in older accounts), ``group_id``, ``responder_id``,
  ``is_escalated`` and ``stats`` {``first_responded_at``, ``resolved_at``, ``closed_at``,
  ``reopened_at``} (the Stats object of the Freshdesk SDK reference).
- List All Conversations of a Ticket: a JSON array with ``ticket_id``, ``incoming``,
  ``private``, ``body_text``, ``user_id``, ``created_at``.
- View all Satisfaction Ratings: a JSON array with ``ticket_id`` and ``ratings``
  {``default_question``: -103 ... 103}.

The full table, and what Freshdesk cannot tell us, is in ``freshdesk.md`` beside this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.systems.export_files import json_items, json_shape, read_head, text

FORMAT = "freshdesk"
KINDS: tuple[Kind, ...] = ("interactions", "messages")

SOURCES = {
    1: "email",
    2: "web",
    3: "phone",
    4: "web",
    5: "social",
    6: "social",
    7: "chat",
    8: "web",
    9: "web",
    10: "email",
}
STATUSES = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}

TICKET_KEYS = {"fr_due_by", "responder_id", "requester_id"}
CONVERSATION_KEYS = {"incoming", "ticket_id"}
RATING_KEYS = {"survey_id", "ratings", "ticket_id"}


def recognises(head: bytes, file_name: str) -> bool:
    shape = json_shape(head)
    if shape is None or not shape.top_is_array:
        return False
    keys = shape.keys_of("item")
    return any(wanted <= keys for wanted in (TICKET_KEYS, CONVERSATION_KEYS, RATING_KEYS))


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    shape = json_shape(read_head(path))
    keys = shape.keys_of("item") if shape else set()
    if keys >= TICKET_KEYS:
        for number, ticket in json_items(path, "item"):
            yield _ticket(number, ticket)
            if text(ticket.get("description_text")):
                yield _description(number, ticket)
    elif keys >= CONVERSATION_KEYS:
        for number, conversation in json_items(path, "item"):
            if conversation.get("private") is not True:  # private notes never reached the customer
                yield _conversation(number, conversation)
    elif keys >= RATING_KEYS:
        for number, rating in json_items(path, "item"):
            yield _rating(number, rating)


def _ticket(number: int, ticket: dict[str, Any]) -> SourceRow:
    stats = ticket.get("stats") or {}
    requester = ticket.get("requester") or {}
    values: dict[str, object] = {
        "interaction_id": text(ticket.get("id")),
        "channel": SOURCES.get(_number(ticket.get("source")), "other"),
        "created_at": ticket.get("created_at"),
        "team": text(ticket.get("group_id")),
        "agent": text(ticket.get("responder_id")),
        "customer_id": text(ticket.get("requester_id")),
        "customer_name": text(requester.get("name")),
        "topic": text(ticket.get("subject")),
        "tags": ";".join(str(tag) for tag in ticket.get("tags") or []) or None,
        "first_response_at": stats.get("first_responded_at"),
        "resolved_at": stats.get("resolved_at") or stats.get("closed_at"),
        "escalated": bool(ticket.get("is_escalated")),
        # Freshdesk keeps the last reopen time, not a count: reopened at least once.
        "reopens": 1 if stats.get("reopened_at") else 0,
    }
    status = STATUSES.get(_number(ticket.get("status")))
    if status is not None:  # a custom status: left to be derived from resolved_at
        values["status"] = status
    return SourceRow("interactions", number, values)


def _description(number: int, ticket: dict[str, Any]) -> SourceRow:
    """The ticket's description is the customer's first message (not part of conversations)."""
    requester = ticket.get("requester") or {}
    return SourceRow(
        "messages",
        number,
        {
            "interaction_id": text(ticket.get("id")),
            "sent_at": ticket.get("created_at"),
            "author_role": "customer",
            "author": text(requester.get("name")) or text(ticket.get("requester_id")),
            "text": ticket.get("description_text"),
        },
    )


def _conversation(number: int, conversation: dict[str, Any]) -> SourceRow:
    return SourceRow(
        "messages",
        number,
        {
            "interaction_id": text(conversation.get("ticket_id")),
            "sent_at": conversation.get("created_at"),
            "author_role": "customer" if conversation.get("incoming") else "agent",
            "author": text(conversation.get("from_email")) or text(conversation.get("user_id")),
            "text": conversation.get("body_text") or "",
        },
    )


def _rating(number: int, rating: dict[str, Any]) -> SourceRow:
    """Freshdesk rates on its survey's own scale (-103 to 103): reported, never guessed."""
    answer = (rating.get("ratings") or {}).get("default_question")
    values: dict[str, object] = {
        "interaction_id": text(rating.get("ticket_id")),
        "csat": answer,
    }
    reason = (
        f"Freshdesk rating {answer} is a point on the survey's own scale, "
        "which the export does not state; it has no 1-5 equivalent"
    )
    return SourceRow("interactions", number, values, ("csat", reason))


def _number(value: object) -> int:
    """A numeric code, or -1 when the field is missing or not a number (maps to nothing)."""
    try:
        return int(str(value))
    except ValueError:
        return -1
