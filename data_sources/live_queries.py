"""What a team has waiting right now: the live part of the team leader's view.

Each function reads through one of the partial indexes kept for open work
(``ix_interaction_unanswered``, ``ix_promise_due_open``, ``ix_interaction_escalated_to``), applies
the viewer's scope in the query and returns at most ``limit`` rows; the counters are counted in
the database, so they stay right when the lists are cut. ``as_of`` is the moment the leader
looks (the page passes now).

A waiting interaction is unanswered (no first response) and unresolved. The share of its
channel's response target (``settings.channel_targets``) it has used tells its state: **at
risk** from 80 %, **breached** past 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
)

from data_sources.models import Interaction, Person, Promise, Team
from data_sources.scope import Scope

AT_RISK_SHARE = 0.8
PROMISE_HORIZON = timedelta(hours=24)
LIMIT = 200

_interaction = Interaction.__table__  # type: ignore[attr-defined]
_promise = Promise.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]
_team = Team.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LiveCounts:
    waiting: int
    at_risk: int  # includes the breached ones: all past 80 % of their target
    breached: int
    promises_due: int  # unkept, due within the next 24 h
    promises_overdue: int
    escalations_waiting: int


def _frame(connection: Connection, statement: Select[Any]) -> pd.DataFrame:
    result = connection.execute(statement)
    return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _moment(value: Any) -> datetime:
    """A timestamp as read back (SQLite returns text for some expressions)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _team_interactions(team_id: int, scope: Scope, channels: tuple[str, ...]) -> list[Any]:
    conditions = [
        _interaction.c.team_id == team_id,
        scope.where_interaction(_interaction.c.team_id, _interaction.c.agent_id),
    ]
    if channels:
        conditions.append(_interaction.c.channel.in_(channels))
    return conditions


def _waiting(team_id: int, scope: Scope, channels: tuple[str, ...]) -> list[Any]:
    return [
        _interaction.c.first_response_at.is_(None),
        _interaction.c.resolved_at.is_(None),
        *_team_interactions(team_id, scope, channels),
    ]


def _older_than(targets: dict[str, float], share: float, as_of: datetime) -> ColumnElement[bool]:
    """Interactions created longer ago than ``share`` of their channel's target."""
    column = _interaction.c.channel
    known = [c for c in targets if c != "other"]
    per_channel = [
        and_(column == c, _interaction.c.created_at <= as_of - timedelta(seconds=share * t))
        for c, t in targets.items()
        if c != "other"
    ]
    fallback = as_of - timedelta(seconds=share * targets["other"])
    return or_(*per_channel, and_(column.not_in(known), _interaction.c.created_at <= fallback))


def waiting_interactions(
    *,
    connection: Connection,
    team_id: int,
    as_of: datetime,
    targets: dict[str, float],
    scope: Scope,
    channels: tuple[str, ...] = (),
    limit: int = LIMIT,
) -> pd.DataFrame:
    """The team's oldest waiting interactions, most urgent (largest share of target) first."""
    agent = _person.alias("agent")
    statement = (
        select(
            _interaction.c.id,
            _interaction.c.created_at,
            _interaction.c.channel,
            agent.c.name.label("agent"),
            _interaction.c.topic,
        )
        .select_from(_interaction.outerjoin(agent, agent.c.id == _interaction.c.agent_id))
        .where(*_waiting(team_id, scope, channels), _interaction.c.created_at <= as_of)
        .order_by(_interaction.c.created_at, _interaction.c.id)
        .limit(limit)
    )
    frame = _frame(connection, statement)
    created = pd.to_datetime(frame["created_at"].map(_moment), utc=True)
    target = frame["channel"].map(lambda c: targets.get(c, targets["other"])).astype(float)
    age = (pd.Timestamp(as_of) - created).dt.total_seconds()
    share = age / target
    state = pd.Series("waiting", index=frame.index)
    state[share >= AT_RISK_SHARE] = "at risk"
    state[share >= 1] = "breached"
    frame = frame.assign(
        created_at=created, age_seconds=age, target_seconds=target, target_used=share, state=state
    )
    return frame.sort_values(["target_used", "id"], ascending=[False, True]).reset_index(drop=True)


def promises_due(
    *,
    connection: Connection,
    team_id: int,
    as_of: datetime,
    scope: Scope,
    channels: tuple[str, ...] = (),
    limit: int = LIMIT,
) -> pd.DataFrame:
    """Unkept promises due in the next 24 h (soonest first), then overdue ones (latest first)."""
    agent = _person.alias("agent")
    columns = (
        _promise.c.interaction_id,
        _promise.c.due_at,
        _promise.c.made_at,
        _promise.c.description,
        agent.c.name.label("agent"),
    )
    joined = _promise.join(_interaction, _interaction.c.id == _promise.c.interaction_id).outerjoin(
        agent, agent.c.id == _interaction.c.agent_id
    )
    base = (
        select(*columns)
        .select_from(joined)
        .where(_promise.c.kept_at.is_(None), *_team_interactions(team_id, scope, channels))
    )
    due = base.where(_promise.c.due_at >= as_of, _promise.c.due_at < as_of + PROMISE_HORIZON)
    overdue = base.where(_promise.c.due_at < as_of)
    frames = [
        _frame(connection, due.order_by(_promise.c.due_at, _promise.c.id).limit(limit)),
        _frame(connection, overdue.order_by(_promise.c.due_at.desc()).limit(limit)),
    ]
    frame = pd.concat(
        [f.assign(state=s) for f, s in zip(frames, ("due", "overdue"), strict=True)],
        ignore_index=True,
    )
    due_at = pd.to_datetime(frame["due_at"].map(_moment), utc=True)
    return frame.assign(
        due_at=due_at,
        made_at=pd.to_datetime(frame["made_at"].map(_moment), utc=True),
        hours_left=((due_at - pd.Timestamp(as_of)).dt.total_seconds() / 3600).round(1),
    )


def escalations_waiting(
    *,
    connection: Connection,
    leader_id: int,
    as_of: datetime,
    scope: Scope,
    limit: int = LIMIT,
) -> pd.DataFrame:
    """Unresolved escalations sent to ``leader_id`` nobody picked up, longest waiting first."""
    agent = _person.alias("agent")
    statement = (
        select(
            _interaction.c.id,
            _interaction.c.escalated_at,
            _team.c.name.label("team"),
            _interaction.c.channel,
            agent.c.name.label("agent"),
            _interaction.c.topic,
        )
        .select_from(
            _interaction.join(_team, _team.c.id == _interaction.c.team_id).outerjoin(
                agent, agent.c.id == _interaction.c.agent_id
            )
        )
        .where(*_escalated_to(leader_id, scope, as_of))
        .order_by(_interaction.c.escalated_at, _interaction.c.id)
        .limit(limit)
    )
    frame = _frame(connection, statement)
    escalated = pd.to_datetime(frame["escalated_at"].map(_moment), utc=True)
    waiting = (pd.Timestamp(as_of) - escalated).dt.total_seconds()
    return frame.assign(escalated_at=escalated, waiting_hours=(waiting / 3600).round(1))


def _escalated_to(leader_id: int, scope: Scope, as_of: datetime) -> list[Any]:
    return [
        # Bare, as in the partial index's WHERE: SQLite uses ix_interaction_escalated_to only
        # when the query repeats that term exactly, and it would render the column as "= 1".
        literal_column("interaction.escalated"),
        _interaction.c.escalated_to_id == leader_id,
        _interaction.c.escalated_at <= as_of,
        _interaction.c.escalation_picked_up_at.is_(None),
        _interaction.c.resolved_at.is_(None),
        scope.where_interaction(_interaction.c.team_id, _interaction.c.agent_id),
    ]


def live_counts(
    *,
    connection: Connection,
    team_id: int,
    leader_id: int | None,
    as_of: datetime,
    targets: dict[str, float],
    scope: Scope,
    channels: tuple[str, ...] = (),
) -> LiveCounts:
    """The counters on top of the live view, counted in full (the lists are cut)."""

    def past(share: float) -> Any:
        return func.coalesce(func.sum(case((_older_than(targets, share, as_of), 1), else_=0)), 0)

    waiting = connection.execute(
        select(func.count(), past(AT_RISK_SHARE), past(1.0)).where(
            *_waiting(team_id, scope, channels), _interaction.c.created_at <= as_of
        )
    ).one()
    open_promises = (
        select(func.count())
        .select_from(_promise.join(_interaction, _interaction.c.id == _promise.c.interaction_id))
        .where(_promise.c.kept_at.is_(None), *_team_interactions(team_id, scope, channels))
    )
    due = connection.execute(
        open_promises.where(_promise.c.due_at >= as_of, _promise.c.due_at < as_of + PROMISE_HORIZON)
    ).scalar_one()
    overdue = connection.execute(open_promises.where(_promise.c.due_at < as_of)).scalar_one()
    escalations = 0
    if leader_id is not None:
        escalations = connection.execute(
            select(func.count()).where(*_escalated_to(leader_id, scope, as_of))
        ).scalar_one()
    return LiveCounts(
        int(waiting[0]), int(waiting[1]), int(waiting[2]), int(due), int(overdue), int(escalations)
    )


def team_leader(*, connection: Connection, team_id: int, scope: Scope) -> tuple[int, str] | None:
    """The team's leader as (person id, name), None when the team has none or is outside
    ``scope`` (a team-level fact: an agent's scope reaches no team)."""
    row = connection.execute(
        select(_person.c.id, _person.c.name)
        .join(_team, _team.c.leader_id == _person.c.id)
        .where(_team.c.id == team_id, scope.where(_team.c.id))
    ).one_or_none()
    return None if row is None else (int(row[0]), str(row[1]))
