"""The five record kinds of the native format: their columns and the checks across columns.

``KIND_COLUMNS`` lists each kind's columns as ``design/data.md`` names them; ``clean_record``
turns a ``SourceRow``'s values into clean values (or raises ``Problem``); ``kind_of_columns``
recognises a kind from a file's header.
"""

from __future__ import annotations

from typing import Any

from data_sources.importing.rows import Kind
from data_sources.importing.validation import (
    AUTHOR_ROLES,
    CHANNELS,
    STATUSES,
    Column,
    Context,
    boolean,
    choice,
    clean,
    happened,
    in_order,
    moment,
    number,
    text,
    title,
    whole,
)

INTERACTION = (
    Column("interaction_id", text(200), required=True),
    Column("source", text(100)),
    Column("channel", choice(CHANNELS), required=True),
    Column("created_at", happened, required=True),
    Column("team", text(200), required=True),
    Column("agent", text(200)),
    Column("customer_id", text(200)),
    Column("customer_name", text(300)),
    Column("customer_title", title),
    Column("topic", text(300)),
    Column("tags", text()),
    Column("first_response_at", happened),
    Column("resolved_at", happened),
    Column("status", choice(STATUSES)),
    Column("escalated", boolean),
    Column("escalated_to", text(200)),
    Column("escalated_at", happened),
    Column("escalation_picked_up_at", happened),
    Column("transfers", whole(0)),
    Column("reopens", whole(0)),
    Column("csat", whole(1, 5)),
    Column("csat_comment", text()),
)
MESSAGE = (
    Column("interaction_id", text(200), required=True),
    Column("source", text(100)),
    Column("sent_at", happened, required=True),
    Column("author_role", choice(AUTHOR_ROLES), required=True),
    Column("author", text(200)),
    Column("text", text()),
)
PROMISE = (
    Column("interaction_id", text(200), required=True),
    Column("source", text(100)),
    Column("promise_id", text(200)),
    Column("made_at", happened, required=True),
    Column("due_at", moment, required=True),
    Column("kept_at", happened),
    Column("customer_updated_at", happened),
    Column("description", text()),
)
QA_REVIEW = (
    Column("interaction_id", text(200), required=True),
    Column("source", text(100)),
    Column("reviewer", text(200), required=True),
    Column("reviewed_at", happened, required=True),
    Column("scorecard", text(200)),
    Column("score", number(0, 100)),
    Column("comment", text()),
    Column("calibration", boolean),
)
PUBLIC_REVIEW = (
    Column("review_id", text(200), required=True),
    Column("source", text(100)),
    Column("platform", text(100), required=True),
    Column("published_at", happened, required=True),
    Column("rating", whole(1, 5), required=True),
    Column("team", text(200)),
    Column("text", text()),
)
KIND_COLUMNS: dict[Kind, tuple[Column, ...]] = {
    "interactions": INTERACTION,
    "messages": MESSAGE,
    "promises": PROMISE,
    "qa_reviews": QA_REVIEW,
    "public_reviews": PUBLIC_REVIEW,
}
# The columns that tell a kind apart when a file does not say (--kind), most specific first.
SIGNATURES: tuple[tuple[Kind, frozenset[str]], ...] = (
    ("public_reviews", frozenset({"review_id", "platform", "rating"})),
    ("qa_reviews", frozenset({"reviewer", "reviewed_at"})),
    ("promises", frozenset({"made_at", "due_at"})),
    ("messages", frozenset({"sent_at", "author_role"})),
    ("interactions", frozenset({"created_at", "channel"})),
)


def required_columns(kind: Kind) -> list[str]:
    return [column.name for column in KIND_COLUMNS[kind] if column.required]


def known_columns(kind: Kind) -> frozenset[str]:
    return frozenset(column.name for column in KIND_COLUMNS[kind])


def kind_of_columns(columns: set[str]) -> Kind | None:
    """The kind whose signature columns are all present, or None."""
    for kind, signature in SIGNATURES:
        if signature <= columns:
            return kind
    return None


# An interactions row without any of these adds to a stored interaction (``patches.py``).
IDENTITY = frozenset({"channel", "created_at", "team"})


def is_partial(kind: str, values: dict[str, Any]) -> bool:
    return kind == "interactions" and not values.keys() >= IDENTITY


def clean_partial(values: dict[str, Any], context: Context) -> dict[str, Any]:
    """The present columns' clean values (``interaction_id`` required)."""
    always = ("interaction_id", "source")
    present = tuple(c for c in INTERACTION if c.name in values or c.name in always)
    return clean(values, present, context)


def clean_record(kind: Kind, values: dict[str, Any], context: Context) -> dict[str, Any]:
    return finish_record(kind, clean(values, KIND_COLUMNS[kind], context))


def finish_record(kind: Kind, row: dict[str, Any]) -> dict[str, Any]:
    """The checks across columns and the defaults, on a row whose every column is clean."""
    if kind == "interactions":
        in_order(
            row,
            "created_at",
            "first_response_at",
            "first response before the interaction was created",
        )
        in_order(row, "created_at", "resolved_at", "resolved before created")
        in_order(row, "created_at", "escalated_at", "escalated before created")
        in_order(
            row,
            "escalated_at",
            "escalation_picked_up_at",
            "escalation picked up before it was made",
        )
        if row["status"] is None:
            row["status"] = "resolved" if row["resolved_at"] is not None else "open"
        if row["escalated"] is None:
            row["escalated"] = row["escalated_to"] is not None or row["escalated_at"] is not None
        row["transfers"] = row["transfers"] or 0
        row["reopens"] = row["reopens"] or 0
    elif kind == "messages":
        row["text"] = row["text"] or ""
    elif kind == "promises":
        in_order(row, "made_at", "due_at", "due before the promise was made")
        in_order(row, "made_at", "kept_at", "kept before the promise was made")
    elif kind == "qa_reviews":
        row["calibration"] = bool(row["calibration"])
    return row
