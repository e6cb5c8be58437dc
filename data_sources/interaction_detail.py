"""One interaction as QA opens it: what happened when, the transcript, promises and reviews.

The interaction is read inside the viewer's scope; one they may not see is exactly as absent
as one that does not exist (``None`` for both), so a guessed id tells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, select

from data_sources.interaction_queries import customer, promise, review
from data_sources.models import Message, TranscriptFinding
from data_sources.queries import interaction, person, team
from data_sources.scope import Scope

message = Message.__table__  # type: ignore[attr-defined]
finding = TranscriptFinding.__table__  # type: ignore[attr-defined]
FINDING_COLUMNS = ["position", "check", "start", "end", "detail"]
TIMELINE_COLUMNS = ["at", "event", "detail"]


@dataclass(frozen=True)
class Detail:
    summary: dict[str, Any]
    timeline: pd.DataFrame
    messages: pd.DataFrame
    promises: pd.DataFrame
    reviews: pd.DataFrame
    # What the transcript checks found, stored at write time: the message's position, the
    # check, the character span (start, end) in that message's text, and the detail.
    findings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FINDING_COLUMNS))


def promise_status(due_at: datetime, kept_at: datetime | None, as_of: datetime) -> str:
    """design/kpis.md: kept by the due time, broken (late or unkept past due), else pending."""
    if kept_at is not None:
        return "kept" if kept_at <= due_at else "broken"
    return "broken" if due_at < as_of else "pending"


def _frame(connection: Connection, statement: Any) -> pd.DataFrame:
    result = connection.execute(statement)
    return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _summary(connection: Connection, interaction_id: int, scope: Scope) -> dict[str, Any] | None:
    agent, escalated_to = person.alias("agent"), person.alias("escalated_to")
    statement = (
        select(
            interaction,
            team.c.name.label("team"),
            agent.c.name.label("agent"),
            escalated_to.c.name.label("escalated_to"),
            func.coalesce(customer.c.name, customer.c.external_id).label("customer"),
        )
        .select_from(
            interaction.join(team, team.c.id == interaction.c.team_id)
            .outerjoin(agent, agent.c.id == interaction.c.agent_id)
            .outerjoin(escalated_to, escalated_to.c.id == interaction.c.escalated_to_id)
            .outerjoin(customer, customer.c.id == interaction.c.customer_id)
        )
        .where(
            interaction.c.id == interaction_id,
            scope.where_interaction(interaction.c.team_id, interaction.c.agent_id),
        )
    )
    row = connection.execute(statement).mappings().first()
    return dict(row) if row is not None else None


def _timeline(summary: dict[str, Any], promises: pd.DataFrame) -> pd.DataFrame:
    events: list[tuple[Any, str, str]] = [(summary["created_at"], "Created", summary["channel"])]
    if summary["first_response_at"] is not None:
        waited = (summary["first_response_at"] - summary["created_at"]).total_seconds()
        events.append((summary["first_response_at"], "First response", f"after {waited:,.0f} s"))
    if summary["transfers"]:
        events.append((None, "Transferred", f"{summary['transfers']} time(s)"))
    if summary["escalated"]:
        to = summary["escalated_to"] or "someone"
        events.append((summary["escalated_at"], "Escalated", f"to {to}"))
        if summary["escalation_picked_up_at"] is not None:
            events.append((summary["escalation_picked_up_at"], "Escalation picked up", to))
    for number, row in enumerate(promises.to_dict("records"), 1):
        what = f"promise {number}"
        events += [(row["made_at"], "Promise made", what), (row["due_at"], "Promise due", what)]
        if pd.notna(row["customer_updated_at"]):
            events.append((row["customer_updated_at"], "Customer updated", what))
        if pd.notna(row["kept_at"]):
            events.append((row["kept_at"], "Promise kept", f"{what} ({row['status']})"))
    if summary["resolved_at"] is not None:
        events.append((summary["resolved_at"], "Resolved", summary["status"]))
    if summary["reopens"]:
        events.append((None, "Reopened", f"{summary['reopens']} time(s)"))
    frame = pd.DataFrame(events, columns=TIMELINE_COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame.sort_values("at", kind="stable", na_position="last").reset_index(drop=True)


def interaction_detail(
    *, connection: Connection, interaction_id: int, scope: Scope, as_of: datetime
) -> Detail | None:
    """Everything about one interaction, or None when it is unknown or out of scope."""
    summary = _summary(connection, interaction_id, scope)
    if summary is None:
        return None
    messages = _frame(
        connection,
        select(
            message.c.position,
            message.c.sent_at,
            message.c.author_role,
            message.c.author,
            message.c.text,
        )
        .where(message.c.interaction_id == interaction_id)
        .order_by(message.c.position),
    )
    promises = _frame(
        connection,
        select(
            promise.c.made_at,
            promise.c.due_at,
            promise.c.kept_at,
            promise.c.customer_updated_at,
            promise.c.description,
        )
        .where(promise.c.interaction_id == interaction_id)
        .order_by(promise.c.due_at, promise.c.id),
    )
    promises.insert(
        0,
        "status",
        [promise_status(due, kept, as_of) for due, kept in zip(*_pair(promises), strict=True)],
    )
    reviewer = person.alias("reviewer")
    reviews = _frame(
        connection,
        select(
            review.c.id,
            review.c.reviewed_at,
            reviewer.c.name.label("reviewer"),
            review.c.kind,
            review.c.score,
            review.c.calibration,
            review.c.comment,
        )
        .select_from(review.outerjoin(reviewer, reviewer.c.id == review.c.reviewer_id))
        .where(review.c.interaction_id == interaction_id)
        .order_by(review.c.reviewed_at.desc(), review.c.id.desc()),
    )
    findings = _frame(
        connection,
        select(*(finding.c[name] for name in FINDING_COLUMNS))
        .where(finding.c.interaction_id == interaction_id)
        .order_by(finding.c.position, finding.c.start, finding.c.id),
    )
    return Detail(summary, _timeline(summary, promises), messages, promises, reviews, findings)


def _pair(promises: pd.DataFrame) -> tuple[list[datetime], list[datetime | None]]:
    kept = [None if pd.isna(value) else value for value in promises["kept_at"]]
    return list(promises["due_at"]), kept
