"""Chatwoot exports: conversations, messages, CSAT survey responses, reporting events.

The mapping follows Chatwoot's public API reference (developers.chatwoot.com/api-reference) and
the JSON views of the chatwoot/chatwoot repository that render it:
- Conversations List ``{"data": {"meta": {...}, "payload": [...]}}`` (and the filter endpoint's
  ``{"meta", "payload"}``): ``id`` is the conversation's display id, ``status`` (open, pending,
  snoozed, resolved), ``created_at`` and ``first_reply_created_at`` as Unix seconds (``0`` when
  there is no reply yet), ``labels``, ``meta`` {``sender``, ``assignee``, ``team``, ``channel``}.
- Get messages ``{"meta", "payload": [...]}``: ``conversation_id`` (display id),
  ``message_type`` (0 incoming, 1 outgoing, 2 activity, 3 template), ``private``,
  ``sender.type`` (contact, user, agent_bot), ``created_at`` in Unix seconds.
- List CSAT survey responses: ``[{"rating": 1-5, "conversation_id": display id, ...}]``.
- Reporting events (``first_response``, ``conversation_resolved``, ``conversation_opened``,
  ``reply_time``, ``conversation_bot_handoff``, ``conversation_bot_resolved``): their
  ``conversation_id`` is Chatwoot's internal id, which no conversation export shows.

The full table, and what Chatwoot cannot tell us, is in ``chatwoot.md`` beside this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from data_sources.importing.rows import Kind, SourceRow
from data_sources.importing.systems.export_files import (
    JsonShape,
    json_items,
    json_shape,
    read_head,
    text,
    time_or_text,
)

FORMAT = "chatwoot"
KINDS: tuple[Kind, ...] = ("interactions", "messages")

CHANNELS = {
    "Channel::WebWidget": "chat",
    "Channel::Email": "email",
    "Channel::Sms": "sms",
    "Channel::TwilioSms": "sms",
    "Channel::Whatsapp": "chat",
    "Channel::Telegram": "chat",
    "Channel::Line": "chat",
    "Channel::FacebookPage": "social",
    "Channel::Instagram": "social",
    "Channel::TwitterProfile": "social",
    "Channel::Voice": "phone",
    "Channel::Api": "other",
}
STATUSES = {"open": "open", "pending": "pending", "snoozed": "pending", "resolved": "resolved"}
INCOMING, OUTGOING, ACTIVITY, TEMPLATE = 0, 1, 2, 3

ARRAYS = ("data.payload.item", "payload.item", "item")
SHAPES = {
    "conversations": {"inbox_id", "status", "first_reply_created_at"},
    "messages": {"message_type", "conversation_id", "content"},
    "csat": {"rating", "feedback_message", "conversation_id"},
    "reporting_events": {"name", "value", "event_start_time"},
}


def _records(shape: JsonShape | None) -> tuple[str, str] | None:
    """(what the file holds, the ijson prefix of its records), or None."""
    if shape is None:
        return None
    for prefix in ARRAYS:
        keys = shape.keys_of(prefix)
        for name, wanted in SHAPES.items():
            if wanted <= keys:
                return name, prefix
    return None


def recognises(head: bytes, file_name: str) -> bool:
    return _records(json_shape(head)) is not None


def read(path: Path, *, tz: tzinfo) -> Iterator[SourceRow]:
    found = _records(json_shape(read_head(path)))
    if found is None:
        return
    name, prefix = found
    translate = {
        "conversations": _conversation,
        "messages": _message,
        "csat": _csat,
        "reporting_events": _reporting_event,
    }[name]
    for number, record in json_items(path, prefix):
        row = translate(number, record, tz)
        if row is not None:
            yield row


def _conversation(number: int, conversation: dict[str, Any], tz: tzinfo) -> SourceRow:
    meta = conversation.get("meta") or {}
    sender = meta.get("sender") or {}
    team = (meta.get("team") or {}).get("name")
    inbox = text(conversation.get("inbox_id"))
    attributes = conversation.get("additional_attributes") or {}
    status = text(conversation.get("status"))
    values: dict[str, object] = {
        "interaction_id": text(conversation.get("id")),
        "channel": CHANNELS.get(text(meta.get("channel")) or "", "other"),
        "created_at": _epoch(conversation.get("created_at"), tz),
        # A conversation in no team belongs to the inbox it came in through.
        "team": text(team) or (f"inbox {inbox}" if inbox else None),
        "agent": text((meta.get("assignee") or {}).get("name")),
        "customer_id": text(sender.get("id")),
        "customer_name": text(sender.get("name")),
        "topic": text(attributes.get("mail_subject")),
        "tags": ";".join(str(label) for label in conversation.get("labels") or []) or None,
        "first_response_at": _epoch(conversation.get("first_reply_created_at"), tz),
        "status": STATUSES.get(status or "", status),
    }
    return SourceRow("interactions", number, values)


def _message(number: int, message: dict[str, Any], tz: tzinfo) -> SourceRow | None:
    if message.get("private") is True:
        return None  # private notes never reached the customer
    sender = message.get("sender") or {}
    kind = message.get("message_type")
    if kind == INCOMING:
        role = "customer"
    elif kind == OUTGOING and sender.get("type") == "user":
        role = "agent"
    else:  # activity, template, and outgoing messages sent by a bot or an automation
        role = "system"
    return SourceRow(
        "messages",
        number,
        {
            "interaction_id": text(message.get("conversation_id")),
            "sent_at": _epoch(message.get("created_at"), tz),
            "author_role": role,
            "author": text(sender.get("name")),
            "text": message.get("content") or "",
        },
    )


def _csat(number: int, response: dict[str, Any], tz: tzinfo) -> SourceRow:
    """A CSAT answer (1-5) updates its conversation: an interaction row with only the rating."""
    return SourceRow(
        "interactions",
        number,
        {
            "interaction_id": text(response.get("conversation_id")),
            "csat": response.get("rating"),
            "csat_comment": text(response.get("feedback_message")),
        },
    )


def _reporting_event(number: int, event: dict[str, Any], tz: tzinfo) -> SourceRow:
    values: dict[str, object] = {
        "event": text(event.get("name")),
        "conversation_internal_id": text(event.get("conversation_id")),
    }
    reason = (
        "Chatwoot reporting events name the conversation by its internal id, which conversation "
        "exports do not show (they show the display id); joining them would be a guess"
    )
    return SourceRow("interactions", number, values, ("interaction_id", reason))


def _epoch(value: object, tz: tzinfo) -> object:
    """Chatwoot renders a missing time as 0 (nil.to_i): that is no time, not 1 January 1970."""
    if value in (0, 0.0, "0", None, ""):
        return None
    return time_or_text(value, tz)
