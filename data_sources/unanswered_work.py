"""Unanswered interactions past their first-response target, counted by the database.

A report judges every unanswered interaction of its window at its as-of (``design/kpis.md``:
a breach once its age exceeds its channel's target, strictly). At 10 M interactions the open
work of the last days is tens of thousands of rows; the database counts the breaches per
team, agent, channel and UTC day instead, so the report reads a few hundred rows. The day
is kept as its midnight in ``created_at``, so the counts join the other facts unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    case,
    func,
    literal_column,
    select,
    type_coerce,
)

from data_sources.kpi_rows import interaction, read_frame


def _utc_day(connection: Connection) -> ColumnElement[str]:
    """``created_at``'s UTC day as ``YYYY-MM-DD`` (constants inline, so that GROUP BY
    repeats the very same expression)."""
    created = interaction.c.created_at
    if connection.dialect.name == "sqlite":
        return func.substr(type_coerce(created, String), 1, 10)  # stored as UTC text
    utc = func.timezone(literal_column("'UTC'"), created)
    return func.to_char(utc, literal_column("'YYYY-MM-DD'"))


def unanswered_breaches(
    connection: Connection,
    conditions: list[ColumnElement[bool]],
    *,
    as_of: datetime,
    channel_targets: Mapping[str, float],
) -> pd.DataFrame:
    """Per team, agent, channel and UTC day of the matching unanswered interactions: how
    many are past their target at ``as_of`` (``unanswered_breached``)."""
    created, channel = interaction.c.created_at, interaction.c.channel
    known = {name: target for name, target in channel_targets.items() if name != "other"}
    whens = [
        (and_(channel == name, created < as_of - timedelta(seconds=target)), 1)
        for name, target in sorted(known.items())
    ]
    fallback = as_of - timedelta(seconds=channel_targets["other"])
    whens.append((and_(channel.not_in(sorted(known)), created < fallback), 1))
    day = _utc_day(connection).label("day")
    keys = (interaction.c.team_id, interaction.c.agent_id, channel, day)
    query = (
        select(*keys, func.sum(case(*whens, else_=0)).label("unanswered_breached"))
        .where(interaction.c.first_response_at.is_(None), *conditions)
        .group_by(*keys[:3], _utc_day(connection))
    )
    counted = read_frame(connection, query)
    counted["agent_id"] = counted["agent_id"].fillna(0).astype("int64")
    counted["created_at"] = pd.to_datetime(counted.pop("day"), format="%Y-%m-%d", utc=True)
    counted["unanswered_breached"] = counted["unanswered_breached"].astype("int64")
    return counted
