"""Zendesk Support exports: tickets (with their metric sets), ticket audits, satisfaction ratings.

The mapping follows Zendesk's public API reference (developer.zendesk.com):
- Incremental Exports, "Incremental Ticket Export, time based / cursor based": the envelopes
  ``{"tickets": [...], "end_time", "next_page", "end_of_stream"}`` and ``{"tickets": [...],
  "after_cursor", "after_url", "end_of_stream"}``, with the sideloads ``include=metric_sets``,
  ``users``, ``groups``; the List Tickets page ``{"tickets": [...], "next_page", "count"}`` too.
- Tickets: ``via.channel`` (the Via object reference), ``status``, ``group_id``, ``assignee_id``.
- Ticket Metrics (sideloaded, or a ``{"ticket_metrics": [...]}`` page):
  ``reply_time_in_minutes`` / ``reply_time_in_seconds`` {calendar, business}, ``solved_at``,
  ``reopens``, ``group_stations``, ``assignee_stations``.
- Ticket Audits: ``{"audits": [{"ticket_id", "created_at", "author_id", "events": [...]}]}``
  with ``include=users``; ``Comment`` events are the conversation.
- Satisfaction Ratings (legacy CSAT): ``{"satisfaction_ratings": [{"ticket_id", "score"}]}``.

The full table, and what Zendesk cannot tell us, is in ``zendesk.md`` beside this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.systems.export_files import (
    json_items,
    json_shape,
    parse_time,
    read_head,
    sideloads,
    text,
)

FORMAT = "zendesk"
KINDS: tuple[Kind, ...] = ("interactions", "messages")

# Via types (Via object reference) -> native channel; a type not listed becomes "other".
CHANNELS = {
    "email": "email",
    "web": "web",
    "web_form": "web",
    "help_center": "web",
    "web_widget": "web",
    "mobile": "web",
    "mobile_sdk": "web",
    "chat": "chat",
    "chat_transcript": "chat",
    "native_messaging": "chat",
    "messaging": "chat",
    "voice": "phone",
    "phone_call_inbound": "phone",
    "phone_call_outbound": "phone",
    "voicemail": "phone",
    "sms": "sms",
    "text": "sms",
    "twitter": "social",
    "twitter_dm": "social",
    "twitter_favorite": "social",
    "facebook": "social",
    "facebook_post": "social",
    "facebook_message": "social",
    "instagram_dm": "social",
    "whatsapp": "chat",
}
STATUSES = {
    "new": "open",
    "open": "open",
    "pending": "pending",
    "hold": "pending",
    "solved": "resolved",
    "closed": "closed",
}
ROLES = {"end-user": "customer", "agent": "agent", "admin": "agent"}
SYSTEM_USER = -1  # Zendesk's author_id for changes made by Zendesk itself


def recognises(head: bytes, file_name: str) -> bool:
    shape = json_shape(head)
    if shape is None or shape.top_is_array:
        return False
    if "tickets" in shape.top_keys:
        return bool({"via", "requester_id"} & shape.keys_of("tickets.item")) or bool(
            {"end_of_stream", "after_cursor"} & shape.top_keys
        )
    if "audits" in shape.top_keys:
        return "ticket_id" in shape.keys_of("audits.item")
    if "ticket_metrics" in shape.top_keys:
        return "ticket_id" in shape.keys_of("ticket_metrics.item")
    if "satisfaction_ratings" in shape.top_keys:
        return "score" in shape.keys_of("satisfaction_ratings.item")
    return False


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    shape = json_shape(read_head(path))
    keys = shape.top_keys if shape else set()
    if "tickets" in keys:
        yield from _tickets(path, tz)
    elif "audits" in keys:
        yield from _audit_comments(path, tz)
    elif "ticket_metrics" in keys:
        yield from _ticket_metrics(path)
    elif "satisfaction_ratings" in keys:
        yield from _satisfaction_ratings(path)


def _tickets(path: Path, tz: tzinfo) -> Iterator[SourceRow]:
    loaded = sideloads(path, ("metric_sets", "users", "groups"))
    metrics = {m.get("ticket_id"): m for m in loaded["metric_sets"]}
    users = {u.get("id"): u for u in loaded["users"]}
    groups = {g.get("id"): g for g in loaded["groups"]}
    for number, ticket in json_items(path, "tickets.item"):
        yield _ticket_row(number, ticket, metrics.get(ticket.get("id")), users, groups, tz)


def _ticket_row(
    number: int,
    ticket: dict[str, Any],
    metric: dict[str, Any] | None,
    users: dict[Any, dict[str, Any]],
    groups: dict[Any, dict[str, Any]],
    tz: tzinfo,
) -> SourceRow:
    status = text(ticket.get("status"))
    via = ticket.get("via") or {}
    requester = users.get(ticket.get("requester_id")) or {}
    values: dict[str, object] = {
        "interaction_id": text(ticket.get("id")),
        "channel": CHANNELS.get(text(via.get("channel")) or "", "other"),
        "created_at": ticket.get("created_at"),
        "team": _name(groups, ticket.get("group_id")),
        "agent": _name(users, ticket.get("assignee_id")),
        "customer_id": text(ticket.get("requester_id")),
        "customer_name": text(requester.get("name")),
        "topic": text(ticket.get("subject")) or text(ticket.get("raw_subject")),
        "tags": ";".join(str(tag) for tag in ticket.get("tags") or []) or None,
        "status": STATUSES.get(status or "", status),
    }
    if status == "deleted":
        return SourceRow("interactions", number, values, ("status", "the ticket was deleted"))
    if metric is not None:
        try:
            created = parse_time(ticket.get("created_at"), tz)
        except ValueError as error:
            return SourceRow("interactions", number, values, ("created_at", str(error)))
        values["first_response_at"] = _first_reply(created, metric)
        values.update(_metric_values(metric))
    return SourceRow("interactions", number, values)


def _metric_values(metric: dict[str, Any]) -> dict[str, object]:
    """What a metric set says on its own: solve time, reopens and hand-offs."""
    stations = [metric.get("group_stations") or 0, metric.get("assignee_stations") or 0]
    return {
        "resolved_at": metric.get("solved_at"),
        "reopens": metric.get("reopens"),
        # Each station after the first is at least one hand-off.
        "transfers": max(0, max(int(s) for s in stations) - 1),
    }


def _ticket_metrics(path: Path) -> Iterator[SourceRow]:
    """A Ticket Metrics page updates tickets imported before: only the columns it knows.

    Its reply time is a duration from the ticket's creation, which this file does not hold, so
    the first response comes only with the tickets (``include=metric_sets``).
    """
    for number, metric in json_items(path, "ticket_metrics.item"):
        values: dict[str, object] = {"interaction_id": text(metric.get("ticket_id"))}
        values.update(_metric_values(metric))
        yield SourceRow("interactions", number, values)


def _first_reply(created: datetime | None, metric: dict[str, Any]) -> datetime | None:
    """created_at + Zendesk's calendar reply time (seconds for messaging, else minutes)."""
    if created is None:
        return None
    seconds = (metric.get("reply_time_in_seconds") or {}).get("calendar")
    if seconds is not None:
        return created + timedelta(seconds=float(seconds))
    minutes = (metric.get("reply_time_in_minutes") or {}).get("calendar")
    return None if minutes is None else created + timedelta(minutes=float(minutes))


def _name(records: dict[Any, dict[str, Any]], record_id: object) -> str | None:
    record = records.get(record_id)
    return text(record.get("name")) if record else text(record_id)


def _audit_comments(path: Path, tz: tzinfo) -> Iterator[SourceRow]:
    users = {u.get("id"): u for u in sideloads(path, ("users",))["users"]}
    for number, audit in json_items(path, "audits.item"):
        for event in audit.get("events") or []:
            if event.get("type") != "Comment" or event.get("public") is False:
                continue  # internal notes never reached the customer
            author_id = event.get("author_id", audit.get("author_id"))
            user = users.get(author_id)
            values: dict[str, object] = {
                "interaction_id": text(audit.get("ticket_id")),
                "sent_at": event.get("created_at") or audit.get("created_at"),
                "author": text(user.get("name")) if user else text(author_id),
                "text": event.get("plain_body") or event.get("body") or "",
            }
            if author_id == SYSTEM_USER:
                values["author_role"] = "system"
            elif user is not None and user.get("role") in ROLES:
                values["author_role"] = ROLES[user["role"]]
            else:
                yield SourceRow(
                    "messages",
                    number,
                    values,
                    ("author_role", f"user {author_id} is not in the audits' users sideload"),
                )
                continue
            yield SourceRow("messages", number, values)


def _satisfaction_ratings(path: Path) -> Iterator[SourceRow]:
    """Legacy CSAT is good/bad: no 1-5 answer to store, so each rating is reported, not guessed."""
    for number, rating in json_items(path, "satisfaction_ratings.item"):
        score = text(rating.get("score"))
        if score in (None, "offered", "unoffered"):
            continue  # the survey was not answered: there is no rating to report
        values: dict[str, object] = {
            "interaction_id": text(rating.get("ticket_id")),
            "csat": score,
        }
        reason = f"Zendesk rates '{score}' (good/bad), not on the 1-5 scale"
        yield SourceRow("interactions", number, values, ("csat", reason))
