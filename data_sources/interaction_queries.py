"""The Interactions page's list: filtered by flags in the database, one page of 50 at a time.

A flag is a condition on one interaction, written in SQL so that filtering, counting and
paging happen in the database and never more than one page of rows leaves it. Flags combine
with AND. "Breached" and "broken promise" depend on the moment they are judged at (``as_of``,
normally now): an unanswered chat is only breached once its 60 s have passed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import (
    Connection,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
)

from data_sources.models import Customer, InteractionText, Promise, QaReview
from data_sources.queries import PAGE_SIZE, Filters, interaction, person, team
from data_sources.response_hours import ROUNDING, hour_of, response_seconds, weekday_of
from data_sources.scope import Scope
from data_sources.settings import channel_targets
from kpis.window import Window

FLAGS = (
    "breached",
    "broken_promise",
    "escalated",
    "transferred",
    "reopened",
    "low_csat",
    "no_apology",
    "no_thanks",
    "banned_phrase",
    "blamed",
    "wrong_name",
)
FLAG_LABELS = {
    "breached": "Breached",
    "broken_promise": "Broken promise",
    "escalated": "Escalated",
    "transferred": "Transferred",
    "reopened": "Reopened",
    "low_csat": "Low CSAT",
    "no_apology": "Complaint, no apology",
    "no_thanks": "No thanks",
    "banned_phrase": "Banned phrase",
    "blamed": "Blamed others",
    "wrong_name": "Wrong name",
}
LOW_CSAT = 2  # a rating of 1 or 2 out of 5

customer = Customer.__table__  # type: ignore[attr-defined]
said = InteractionText.__table__  # type: ignore[attr-defined]
promise = Promise.__table__  # type: ignore[attr-defined]
review = QaReview.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ListChoice:
    """What the page narrows the list to, beyond the sidebar: agents and flags."""

    agent_ids: tuple[int, ...] = ()
    flags: tuple[str, ...] = ()
    weekday: int | None = None  # created on this UTC weekday, 0 Monday .. 6 Sunday
    hour: int | None = None  # created in this UTC hour, 0 .. 23


def _breached(connection: Connection, targets: Mapping[str, float], as_of: datetime) -> Any:
    """Answered later than the channel's target, or unanswered and already past it."""
    fallback = targets.get("other", 86400.0)
    target = case(
        {channel: seconds for channel, seconds in targets.items()},
        value=interaction.c.channel,
        else_=literal(fallback),
    )
    late = and_(
        interaction.c.first_response_at.is_not(None),
        response_seconds(connection) > target + ROUNDING,
    )
    # Unanswered: compare created_at with as_of minus each target (no SQL date arithmetic).
    known = [channel for channel in targets if channel != "other"]
    waiting_too_long = [
        and_(
            interaction.c.channel == channel,
            interaction.c.created_at < as_of - timedelta(seconds=targets[channel]),
        )
        for channel in known
    ]
    waiting_too_long.append(
        and_(
            interaction.c.channel.not_in(known),
            interaction.c.created_at < as_of - timedelta(seconds=fallback),
        )
    )
    unanswered = and_(interaction.c.first_response_at.is_(None), or_(*waiting_too_long))
    return or_(late, unanswered)


def _broken_promise(as_of: datetime) -> Any:
    """Has a promise kept after its due time, or not kept and already due."""
    broken = or_(
        and_(promise.c.kept_at.is_not(None), promise.c.kept_at > promise.c.due_at),
        and_(promise.c.kept_at.is_(None), promise.c.due_at < as_of),
    )
    return exists().where(promise.c.interaction_id == interaction.c.id, broken)


def flag_conditions(connection: Connection, as_of: datetime) -> dict[str, Any]:
    """Each flag's SQL condition on the interaction table, judged at ``as_of``."""
    return {
        "breached": _breached(connection, channel_targets(connection), as_of),
        "broken_promise": _broken_promise(as_of),
        "escalated": interaction.c.escalated.is_(true()),
        "transferred": interaction.c.transfers >= 1,
        "reopened": interaction.c.reopens >= 1,
        "low_csat": and_(interaction.c.csat.is_not(None), interaction.c.csat <= LOW_CSAT),
        **_transcript_flags(),
    }


def _transcript_flags() -> dict[str, Any]:
    """What the transcript checks stored (``InteractionText``), as the text KPIs count it: the
    interactions behind each text KPI's shortfall."""

    def stored(*conditions: Any) -> Any:
        return exists().where(said.c.interaction_id == interaction.c.id, *conditions)

    agent_spoke = said.c.has_agent_message.is_(true())
    return {
        "no_apology": stored(
            said.c.customer_complained.is_(true()), said.c.agent_apologised.is_(false())
        ),
        "no_thanks": stored(agent_spoke, said.c.agent_thanked.is_(false())),
        "banned_phrase": stored(agent_spoke, said.c.banned_phrase.is_(true())),
        "blamed": stored(agent_spoke, said.c.blamed.is_(true())),
        "wrong_name": stored(said.c.addressed_by_name.is_(true()), said.c.name_error.is_(true())),
    }


def _conditions(
    connection: Connection,
    *,
    window: Window,
    filters: Filters,
    choice: ListChoice,
    scope: Scope,
    as_of: datetime,
) -> list[Any]:
    conditions: list[Any] = [
        scope.where_interaction(interaction.c.team_id, interaction.c.agent_id),
        interaction.c.created_at >= window.start,
        interaction.c.created_at < window.end,
    ]
    if filters.team_ids:
        conditions.append(interaction.c.team_id.in_(filters.team_ids))
    if filters.channels:
        conditions.append(interaction.c.channel.in_(filters.channels))
    if choice.agent_ids:
        conditions.append(interaction.c.agent_id.in_(choice.agent_ids))
    if choice.weekday is not None:
        conditions.append(weekday_of(connection) == choice.weekday)
    if choice.hour is not None:
        conditions.append(hour_of(connection) == choice.hour)
    flags = flag_conditions(connection, as_of)
    conditions += [flags[name] if name in flags else false() for name in choice.flags]
    return conditions


def count_interactions(
    *,
    connection: Connection,
    window: Window,
    filters: Filters,
    choice: ListChoice,
    scope: Scope,
    as_of: datetime,
) -> int:
    """How many interactions match: the pager's total."""
    where = _conditions(
        connection, window=window, filters=filters, choice=choice, scope=scope, as_of=as_of
    )
    statement = select(func.count()).select_from(interaction).where(*where)
    return int(connection.execute(statement).scalar_one())


def _latest_score() -> Any:
    return (
        select(review.c.score)
        .where(review.c.interaction_id == interaction.c.id, review.c.score.is_not(None))
        .order_by(review.c.reviewed_at.desc(), review.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def list_page(
    *,
    connection: Connection,
    window: Window,
    filters: Filters,
    choice: ListChoice,
    scope: Scope,
    as_of: datetime,
    page: int,
) -> pd.DataFrame:
    """One page (``PAGE_SIZE`` rows, newest first) with each row's flags and latest QA score."""
    where = _conditions(
        connection, window=window, filters=filters, choice=choice, scope=scope, as_of=as_of
    )
    flags = flag_conditions(connection, as_of)
    statement = (
        select(
            interaction.c.id,
            interaction.c.created_at,
            interaction.c.channel,
            team.c.name.label("team"),
            person.c.name.label("agent"),
            func.coalesce(customer.c.name, customer.c.external_id).label("customer"),
            interaction.c.topic,
            interaction.c.first_response_at,
            interaction.c.status,
            *[case((flags[name], 1), else_=0).label(name) for name in FLAGS],
            interaction.c.csat,
            _latest_score().label("qa_score"),
        )
        .select_from(
            interaction.join(team, team.c.id == interaction.c.team_id)
            .outerjoin(person, person.c.id == interaction.c.agent_id)
            .outerjoin(customer, customer.c.id == interaction.c.customer_id)
        )
        .where(*where)
        .order_by(interaction.c.created_at.desc(), interaction.c.id.desc())
        .limit(PAGE_SIZE)
        .offset(max(page - 1, 0) * PAGE_SIZE)
    )
    result = connection.execute(statement)
    rows = pd.DataFrame(result.mappings().all(), columns=list(result.keys()))
    return _readable(rows)


def _readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Seconds to first response, and the flags as one short text per row."""
    created = pd.to_datetime(rows["created_at"], utc=True)
    answered = pd.to_datetime(rows["first_response_at"], utc=True)
    flag_names = [
        ", ".join(FLAG_LABELS[name] for name in FLAGS if row[name])
        for row in rows[list(FLAGS)].to_dict("records")
    ]
    return rows.drop(columns=["first_response_at", *FLAGS]).assign(
        created_at=created,
        first_response_seconds=(answered - created).dt.total_seconds().round(0),
        flags=pd.Series(flag_names, index=rows.index, dtype="object"),
    )[
        [
            "id",
            "created_at",
            "channel",
            "team",
            "agent",
            "customer",
            "topic",
            "first_response_seconds",
            "status",
            "flags",
            "csat",
            "qa_score",
        ]
    ]


def agents(*, connection: Connection, scope: Scope, team_ids: Sequence[int]) -> pd.DataFrame:
    """People of the chosen teams (all visible teams when none is chosen): ``agent_id``, ``agent``.

    Leaders are listed too: they take interactions of their own ("walk the talk").
    """
    condition = scope.where_interaction(person.c.team_id, person.c.id)
    statement = select(person.c.id.label("agent_id"), person.c.name.label("agent")).where(condition)
    if team_ids:
        statement = statement.where(person.c.team_id.in_(team_ids))
    result = connection.execute(statement.order_by(person.c.name, person.c.id))
    return pd.DataFrame(result.mappings().all(), columns=["agent_id", "agent"])
