"""Partial interaction rows: a later file that adds to interactions imported before.

Some exports carry only part of an interaction: Zendesk's satisfaction ratings and Ticket
Metrics, Chatwoot's CSAT responses, Freshdesk's ratings. Their rows hold ``interaction_id``
and a few columns, and lack ``channel``, ``created_at`` or ``team`` altogether. Such a row
updates the stored interaction (same ``source`` and id) in the columns it has and no other; an
interaction not stored yet cannot be guessed, so the row is quarantined and says so. The order
of moments is checked against the stored ones (no resolution before creation). The stored
``content_hash`` is left as it was: re-importing the unchanged full export then still counts as
unchanged instead of wiping what the partial file added.
"""

from __future__ import annotations

from typing import Any

from data_sources.importing import bulk
from data_sources.importing.store import Batch, Clean
from data_sources.importing.validation import Problem
from data_sources.importing.writers import INTERACTION, digest

# Native column -> stored column, for the columns a partial row may change.
DIRECT = (
    "channel", "created_at", "topic", "tags", "first_response_at", "resolved_at", "status",
    "escalated", "escalated_at", "escalation_picked_up_at", "transfers", "reopens", "csat",
    "csat_comment",
)  # fmt: skip
BY_NAME = {"team": "team_id", "agent": "agent_id", "escalated_to": "escalated_to_id"}
AFTER_CREATION = ("first_response_at", "resolved_at", "escalated_at")


def write_patches(batch: Batch, rows: list[Clean]) -> None:
    for item in rows:
        v = item.values
        changed = sorted(name for name in v if name in DIRECT or name in BY_NAME)
        item.key = f"u\x1f{v['source']}\x1f{v['interaction_id']}\x1f{','.join(changed)}"
        item.digest = digest(tuple(v[name] for name in changed))
    fresh = batch.first_times(rows, "interaction_id", "interaction_id")
    columns = ("id", "external_id", *DIRECT, *BY_NAME.values())
    for source, items, stored in batch.stored_by_source(
        fresh, INTERACTION, "interaction_id", columns
    ):
        for item in items:
            old = stored.get(item.values["interaction_id"])
            try:
                _patch(batch, item, old, source)
            except Problem as problem:
                batch.quarantine(item.row, problem.column, problem.reason)


def _patch(batch: Batch, item: Clean, old: Any, source: str) -> None:
    v = item.values
    if old is None:
        raise Problem(
            "interaction_id",
            f"no interaction {v['interaction_id']!r} from source {source!r} to add to "
            "(this file only adds to interactions; import them first)",
        )
    new: dict[str, Any] = {name: v[name] for name in DIRECT if name in v}
    for name, column in BY_NAME.items():
        if name in v:
            if v[name] is None:
                new[column] = None
            elif name == "team":
                new[column] = batch.directory.team(v[name])
            else:
                new[column] = batch.directory.person(v[name])
    if new.get("resolved_at") and "status" not in new and old.status in ("open", "pending"):
        new["status"] = "resolved"
    created = new.get("created_at") or old.created_at
    for name in AFTER_CREATION:
        moment = new.get(name, getattr(old, name))
        if moment is not None and moment < created:
            raise Problem(
                name, f"{name} {moment.isoformat()} is before the interaction was created"
            )
    differing = {name: value for name, value in new.items() if getattr(old, name) != value}
    if not differing:
        batch.tally.unchanged += 1
        return
    columns = (*differing, "import_run_id")
    bulk.update(
        batch.connection, INTERACTION, columns, [(*differing.values(), batch.run_id, old.id)]
    )
    batch.tally.updated += 1
    batch.tally.days.add(old.created_at.date())
    batch.tally.days.add(created.date())
    batch.tally.changed.add(old.id)
