"""Raw rows the KPI engine reads: interactions, their promises and internal reviews.

Shared by the summary cells (``aggregates``), which read whole UTC days, and by reports
(``report``), which read window edges, small reports and the open items. Conditions are
SQLAlchemy expressions on the interaction table, so filters and the viewer's scope are
applied in the query. Timestamps come back as pandas UTC timestamps, parsed in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, String, literal, select, type_coerce

from data_sources.engine import BINARY_ROWS
from data_sources.models import Interaction, InteractionText, Promise, QaReview
from data_sources.scope import Scope
from data_sources.timestamps import SQLITE_FORMAT
from kpis.facts import TEXT_FLAGS

interaction = Interaction.__table__  # type: ignore[attr-defined]
promise = Promise.__table__  # type: ignore[attr-defined]
review = QaReview.__table__  # type: ignore[attr-defined]
text_flags = InteractionText.__table__  # type: ignore[attr-defined]

_GROUP = (
    interaction.c.team_id,
    interaction.c.agent_id,
    interaction.c.channel,
    type_coerce(interaction.c.created_at, String).label("created_at"),
)


def _time(column: ColumnElement[datetime], name: str) -> ColumnElement[str]:
    # Skip per-value conversion; the whole column is parsed at once below.
    return type_coerce(column, String).label(name)


_PROMISE_TIMES = (
    _time(promise.c.due_at, "due_at"),
    _time(promise.c.kept_at, "kept_at"),
    _time(promise.c.customer_updated_at, "customer_updated_at"),
)


_PROMISE_TIME_NAMES = ("created_at", "due_at", "kept_at", "customer_updated_at")


def created_between(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    """Interactions created in ``[start, end)``."""
    return [interaction.c.created_at >= start, interaction.c.created_at < end]


def matching(
    *,
    scope: Scope,
    teams: Iterable[int] = (),
    agents: Iterable[int] = (),
    channels: Iterable[str] = (),
    open_items: bool = False,
) -> list[ColumnElement[bool]]:
    """The report's filters and the viewer's scope, as conditions on interactions.

    The scope keeps the interactions of its teams and, for an agent, their own ones
    (``Scope.where_interaction``), so an agent's report holds exactly their own figures.

    With ``open_items`` the filtered columns are wrapped (``team_id + 0``), which keeps the
    same meaning but stops SQLite from preferring a (team, created_at) index over the small
    partial index of unanswered interactions.
    """
    team, agent, channel = interaction.c.team_id, interaction.c.agent_id, interaction.c.channel
    if open_items:
        team, agent, channel = team + 0, agent + 0, channel + literal("")
    conditions = [scope.where_interaction(team, agent)]
    if teams := sorted(set(teams)):
        conditions.append(team.in_(teams))
    if agents := sorted(set(agents)):
        conditions.append(agent.in_(agents))
    if channels := sorted(set(channels)):
        conditions.append(channel.in_(channels))
    return conditions


def parse_times(
    connection: Connection, frame: pd.DataFrame, columns: Iterable[str]
) -> pd.DataFrame:
    """Turn timestamp columns read through ``type_coerce(..., String)`` into UTC timestamps."""
    sqlite = connection.dialect.name == "sqlite"
    for name in columns:
        if sqlite:
            frame[name] = pd.to_datetime(frame[name], format=SQLITE_FORMAT, utc=True)
        else:
            frame[name] = pd.to_datetime(frame[name], utc=True)
    return frame


def read_frame(connection: Connection, query: Select[Any]) -> pd.DataFrame:
    """The rows of ``query`` as a frame, fetched straight from the driver's cursor.

    Skipping SQLAlchemy's per-row objects is what makes reading a day's rows cheap; the
    query's result columns must need no conversion (timestamps go through ``_time``).
    PostgreSQL sends the rows in binary (``engine.BINARY_ROWS``).
    """
    result = connection.execute(query, execution_options={BINARY_ROWS: True})
    names = list(result.keys())
    rows = result.cursor.fetchall() if result.cursor is not None else []
    result.close()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pd.DataFrame(dict(zip(names, (list(c) for c in columns), strict=True)), columns=names)


def _frame(
    connection: Connection, query: Select[tuple[object, ...]], times: Iterable[str]
) -> pd.DataFrame:
    frame = read_frame(connection, query)
    parse_times(connection, frame, times)
    frame["agent_id"] = frame["agent_id"].fillna(0).astype("int64")
    return frame


def interaction_rows(connection: Connection, conditions: list[ColumnElement[bool]]) -> pd.DataFrame:
    """Interactions with their stored transcript flags (None where not analysed)."""
    query = (
        select(
            *_GROUP,
            _time(interaction.c.first_response_at, "first_response_at"),
            _time(interaction.c.resolved_at, "resolved_at"),
            interaction.c.escalated,
            interaction.c.transfers,
            interaction.c.reopens,
            interaction.c.csat,
            *(text_flags.c[name] for name in TEXT_FLAGS),
        )
        .select_from(
            interaction.outerjoin(text_flags, text_flags.c.interaction_id == interaction.c.id)
        )
        .where(*conditions)
    )
    return _frame(connection, query, ("created_at", "first_response_at", "resolved_at"))


def unanswered_rows(connection: Connection, conditions: list[ColumnElement[bool]]) -> pd.DataFrame:
    query = select(*_GROUP).where(interaction.c.first_response_at.is_(None), *conditions)
    return _frame(connection, query, ("created_at",))


def promise_rows(connection: Connection, conditions: list[ColumnElement[bool]]) -> pd.DataFrame:
    """Promises of the matching interactions."""
    query = (
        select(*_GROUP, *_PROMISE_TIMES)
        .select_from(promise.join(interaction, promise.c.interaction_id == interaction.c.id))
        .where(*conditions)
    )
    return _frame(connection, query, _PROMISE_TIME_NAMES)


def unkept_promise_rows(
    connection: Connection, conditions: list[ColumnElement[bool]]
) -> pd.DataFrame:
    """Promises not kept yet, of the matching interactions.

    Read from the few unkept promises (their partial index) outwards: left to itself, a
    planner may walk every interaction of the window to find them. ``interaction.id IN (the
    unkept promises' interactions)`` lets both databases start from that index and look the
    interactions up by key, in one statement (sending the ids back as a list of thousands
    of parameters cost more to build than the query took to run).
    """
    unkept = select(promise.c.interaction_id).where(promise.c.kept_at.is_(None))
    query = (
        select(*_GROUP, *_PROMISE_TIMES)
        .select_from(promise.join(interaction, promise.c.interaction_id == interaction.c.id))
        .where(promise.c.kept_at.is_(None), interaction.c.id.in_(unkept), *conditions)
    )
    return _frame(connection, query, _PROMISE_TIME_NAMES)


def review_rows(connection: Connection, conditions: list[ColumnElement[bool]]) -> pd.DataFrame:
    query = (
        select(*_GROUP, review.c.score, review.c.calibration)
        .select_from(review.join(interaction, review.c.interaction_id == interaction.c.id))
        .where(*conditions)
    )
    return _frame(connection, query, ("created_at",))
