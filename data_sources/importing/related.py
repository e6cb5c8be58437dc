"""Upserting the kinds that belong to an interaction (messages, promises) and public reviews.

A message or promise names its interaction by ``interaction_id`` within the same ``source``;
one whose interaction is not stored (not imported yet, or quarantined) is quarantined with that
reason. Keys: a message is identified by its content (time, author role, author, text), so an
overlapping export adds only the messages not stored yet; a promise by ``promise_id``, or when
absent by the moment it was made and its description; a public review by (``source``,
``review_id``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from data_sources.importing import bulk
from data_sources.importing.store import Batch, Clean
from data_sources.importing.writers import INTERACTION, digest
from data_sources.models import Message, Promise, PublicReview

MESSAGE = Message.__table__  # type: ignore[attr-defined]
PROMISE = Promise.__table__  # type: ignore[attr-defined]
PUBLIC_REVIEW = PublicReview.__table__  # type: ignore[attr-defined]
PROMISE_VALUES = ("made_at", "due_at", "kept_at", "customer_updated_at", "description")
REVIEW_VALUES = ("platform", "published_at", "rating", "team_id", "text")


def parents(batch: Batch, rows: list[Clean]) -> list[tuple[Clean, int]]:
    """Each row with its stored interaction's id; rows without one are quarantined."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in rows:
        wanted[item.values["source"]].add(item.values["interaction_id"])
    found: dict[tuple[str, str], Any] = {}
    for source, ids in wanted.items():
        columns = ("id", "external_id", "created_at")
        for row in bulk.rows_in(
            batch.connection, INTERACTION, "external_id", ids, columns, source=source
        ):
            found[(source, row.external_id)] = row
    result = []
    for item in rows:
        source, external_id = item.values["source"], item.values["interaction_id"]
        parent = found.get((source, external_id))
        if parent is None:
            reason = (
                f"no interaction {external_id!r} from source {source!r} "
                "(import it first, or it was quarantined)"
            )
            batch.quarantine(item.row, "interaction_id", reason)
            continue
        batch.tally.days.add(parent.created_at.date())
        batch.tally.parents.add(parent.id)
        result.append((item, parent.id))
    return result


def write_messages(batch: Batch, rows: list[Clean]) -> None:
    for item in rows:
        v = item.values
        item.digest = digest((v["sent_at"], v["author_role"], v["author"], v["text"]))
        item.key = f"m\x1f{v['source']}\x1f{v['interaction_id']}\x1f{item.digest}"
    linked = parents(batch, batch.first_times(rows, "message"))
    stored: dict[int, set[str]] = defaultdict(set)
    last: dict[int, int] = defaultdict(lambda: -1)
    columns = ("interaction_id", "position", "sent_at", "author_role", "author", "text")
    for row in bulk.rows_in(
        batch.connection, MESSAGE, "interaction_id", {p for _, p in linked}, columns
    ):
        stored[row.interaction_id].add(digest((row.sent_at, row.author_role, row.author, row.text)))
        last[row.interaction_id] = max(last[row.interaction_id], row.position)
    new = []
    for item, parent in linked:
        if item.digest in stored[parent]:
            batch.tally.unchanged += 1
            continue
        v = item.values
        last[parent] += 1
        new.append((parent, last[parent], v["sent_at"], v["author_role"], v["author"], v["text"]))
    bulk.insert(batch.connection, MESSAGE, columns, new)
    batch.tally.inserted += len(new)


def promise_key(values: dict[str, Any]) -> str:
    if values["promise_id"] is not None:
        return str(values["promise_id"])
    about = digest((values["description"],))[:8]
    return f"made {values['made_at'].isoformat()} {about}"


def write_promises(batch: Batch, rows: list[Clean]) -> None:
    for item in rows:
        v = item.values
        v["promise_id"] = promise_key(v)
        item.key = f"p\x1f{v['source']}\x1f{v['interaction_id']}\x1f{v['promise_id']}"
        item.digest = digest(tuple(v[name] for name in PROMISE_VALUES))
    linked = parents(batch, batch.first_times(rows, "promise", "promise_id"))
    columns = ("id", "interaction_id", "external_id", *PROMISE_VALUES)
    stored = {
        (row.interaction_id, row.external_id): row
        for row in bulk.rows_in(
            batch.connection, PROMISE, "interaction_id", {p for _, p in linked}, columns
        )
    }
    new, changed = [], []
    for item, parent in linked:
        v = item.values
        values = tuple(v[name] for name in PROMISE_VALUES)
        old = stored.get((parent, v["promise_id"]))
        if old is None:
            new.append((parent, v["promise_id"], *values))
        elif tuple(old[3:]) == values:
            batch.tally.unchanged += 1
        else:
            changed.append((*values, old.id))
    batch.write(PROMISE, (columns[1:], new), (PROMISE_VALUES, changed))


def write_public_reviews(batch: Batch, rows: list[Clean]) -> None:
    for item in rows:
        v = item.values
        v["team_id"] = batch.directory.team(v["team"]) if v["team"] else None
        item.key = f"r\x1f{v['source']}\x1f{v['review_id']}"
        item.digest = digest((v["platform"], v["published_at"], v["rating"], v["team"], v["text"]))
    rows = batch.first_times(rows, "review_id", "review_id")
    columns = ("id", "external_id", *REVIEW_VALUES)
    new, changed = [], []
    for source, items, stored in batch.stored_by_source(rows, PUBLIC_REVIEW, "review_id", columns):
        for item in items:
            v = item.values
            values = tuple(v[name] for name in REVIEW_VALUES)
            old = stored.get(v["review_id"])
            if old is None:
                new.append((source, v["review_id"], *values))
            elif tuple(old[2:]) == values:
                batch.tally.unchanged += 1
                continue
            else:
                changed.append((*values, old.id))
                batch.tally.days.add(old.published_at.date())
            batch.tally.days.add(v["published_at"].date())
    batch.write(PUBLIC_REVIEW, (("source", *columns[1:]), new), (REVIEW_VALUES, changed))
