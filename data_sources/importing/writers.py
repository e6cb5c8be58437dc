"""Upserting interactions (the main kind) by their key (``source``, ``interaction_id``).

A row whose digest (``content_hash``) equals the stored one is unchanged and not touched; a
different digest updates the stored row; an unknown key inserts it, with an id given here so
that its summary cells and themes can be kept from its values (``upkeep.py``, via
``Batch.added``). For an updated row the UTC days (old and new ``created_at``) are collected
for the cells to be recomputed, and its id for the transcript analysis.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from operator import itemgetter
from typing import Any

from data_sources.importing import bulk
from data_sources.importing.store import Batch, Clean
from data_sources.importing.upkeep import NEW_COLUMNS
from data_sources.models import Interaction

INTERACTION = Interaction.__table__  # type: ignore[attr-defined]
# The columns a file sets, in the order of the tuples written.
STORED = (
    "channel",
    "created_at",
    "team_id",
    "agent_id",
    "customer_id",
    "topic",
    "tags",
    "first_response_at",
    "resolved_at",
    "status",
    "escalated",
    "escalated_to_id",
    "escalated_at",
    "escalation_picked_up_at",
    "transfers",
    "reopens",
    "csat",
    "csat_comment",
    "import_run_id",
    "content_hash",
)
# What the digest covers: every value of the file, by name (ids of teams and people vary).
DIGESTED = (
    "channel", "created_at", "team", "agent", "customer_id", "customer_name", "customer_title",
    "topic", "tags", "first_response_at", "resolved_at", "status", "escalated", "escalated_to",
    "escalated_at", "escalation_picked_up_at", "transfers", "reopens", "csat", "csat_comment",
)  # fmt: skip


# Where ``upkeep.NEW_COLUMNS`` are in a new row written below (id, source, external_id, STORED).
ADDED = tuple(0 if name == "id" else 3 + STORED.index(name) for name in NEW_COLUMNS)
# Per row, these getters pick the digested values and the upkeep's columns in one C call each
# (profiled at 100 k rows: generator expressions here cost 3 of 40 CPU-seconds).
DIGESTED_VALUES = itemgetter(*DIGESTED)
ADDED_VALUES = itemgetter(*ADDED)


def digest(values: tuple[Any, ...]) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def write_interactions(batch: Batch, rows: list[Clean]) -> None:
    for item in rows:
        values = item.values
        item.key = f"i\x1f{values['source']}\x1f{values['interaction_id']}"
        item.digest = digest(DIGESTED_VALUES(values))
    rows = batch.first_times(rows, "interaction_id", "interaction_id")
    by_source: dict[str, list[Clean]] = defaultdict(list)
    for item in rows:
        by_source[item.values["source"]].append(item)
    for source, items in by_source.items():
        _write_source(batch, source, items)


def _write_source(batch: Batch, source: str, items: list[Clean]) -> None:
    directory = batch.directory
    customers = directory.customers(
        source,
        (
            (v["customer_id"], v["customer_name"], v["customer_title"])
            for v in (item.values for item in items)
            if v["customer_id"] is not None
        ),
    )
    stored = {
        row.external_id: row
        for row in bulk.rows_in(
            batch.connection,
            INTERACTION,
            "external_id",
            (item.values["interaction_id"] for item in items),
            ("id", "external_id", "content_hash", "created_at"),
            source=source,
        )
    }
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    fresh = [item for item in items if item.values["interaction_id"] not in stored]
    ids = iter(batch.new_interaction_ids.take(len(fresh)))
    for item in items:
        v = item.values
        team_id = directory.team(v["team"])
        record = (
            v["channel"],
            v["created_at"],
            team_id,
            directory.person(v["agent"], team_id=team_id) if v["agent"] else None,
            customers.get(v["customer_id"]) if v["customer_id"] else None,
            v["topic"],
            v["tags"],
            v["first_response_at"],
            v["resolved_at"],
            v["status"],
            v["escalated"],
            directory.person(v["escalated_to"]) if v["escalated_to"] else None,
            v["escalated_at"],
            v["escalation_picked_up_at"],
            v["transfers"],
            v["reopens"],
            v["csat"],
            v["csat_comment"],
            batch.run_id,
            item.digest,
        )
        old = stored.get(v["interaction_id"])
        if old is None:
            # New: its cells and themes are kept from these values (``upkeep.py``).
            new.append((next(ids), source, v["interaction_id"], *record))
            batch.added.append(ADDED_VALUES(new[-1]))
        elif old.content_hash == item.digest:
            batch.tally.unchanged += 1
        else:
            changed.append((*record, old.id))
            batch.tally.days.add(old.created_at.date())
            batch.tally.days.add(v["created_at"].date())
            batch.tally.changed.add(old.id)
    batch.write(INTERACTION, (("id", "source", "external_id", *STORED), new), (STORED, changed))
