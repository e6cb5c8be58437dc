"""Answered within target, by weekday × hour of the week, for one channel.

The summary cells are whole UTC days, so they cannot say *when in the day* a channel breaks
its response target (the demo's chat queue at Monday 09–12 UTC). This is the narrowest query
that can: one channel in one window, read through the ``(channel, created_at)`` index and
counted by the database into at most 7 × 24 rows of the counters ``response_sla_rate`` is
made of (``design/kpis.md``): answered, unanswered and already past the target at ``as_of``,
and answered within the target; the registry turns them into the rate.

Weekday and hour are those of ``created_at`` in UTC (the organisation has no time-zone
setting yet); weekday 0 is Monday. The same expressions filter the Interactions list, so a
heat-map cell opens exactly the interactions it counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Integer, and_, case, cast, func, literal_column, select

from data_sources.kpi_rows import created_between, interaction, matching, read_frame
from data_sources.scope import Scope
from data_sources.settings import channel_targets
from kpis.calculations import kpi_values
from kpis.registry import BY_ID
from kpis.window import Window

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = range(24)
COLUMNS = ("weekday", "hour", "answered", "unanswered_breached", "sla_met")
KPI_ID = "response_sla_rate"
ROUNDING = 0.001  # seconds: SQLite's julianday() arithmetic is not exact to the microsecond


def weekday_of(connection: Connection) -> Any:
    """``created_at``'s UTC weekday, 0 (Monday) to 6 (Sunday), as an integer expression.

    Constants are inline SQL, not bound parameters, so a GROUP BY repeating the expression is
    the very same expression to PostgreSQL.
    """
    created = interaction.c.created_at
    if connection.dialect.name == "sqlite":  # stored as UTC text; %w counts from Sunday
        sunday_first = cast(func.strftime(literal_column("'%w'"), created), Integer)
        return (sunday_first + literal_column("6")) % literal_column("7")
    utc = func.timezone(literal_column("'UTC'"), created)
    return cast(func.extract("isodow", utc), Integer) - literal_column("1")


def hour_of(connection: Connection) -> Any:
    """``created_at``'s UTC hour, 0 to 23, as an integer expression."""
    created = interaction.c.created_at
    if connection.dialect.name == "sqlite":
        return cast(func.strftime(literal_column("'%H'"), created), Integer)
    utc = func.timezone(literal_column("'UTC'"), created)
    return cast(func.extract("hour", utc), Integer)


def response_seconds(connection: Connection) -> Any:
    """Seconds from ``created_at`` to ``first_response_at`` (null while unanswered)."""
    if connection.dialect.name == "sqlite":
        days = func.julianday(interaction.c.first_response_at) - func.julianday(
            interaction.c.created_at
        )
        return days * 86400.0
    return func.extract("epoch", interaction.c.first_response_at - interaction.c.created_at)


def response_by_hour(
    connection: Connection,
    *,
    window: Window,
    as_of: datetime,
    scope: Scope,
    channel: str,
    teams: Iterable[int] = (),
) -> pd.DataFrame:
    """Per weekday and hour with any eligible interaction of ``channel``: the counters of
    ``response_sla_rate`` (``kpis/facts.py``) and the rate the registry makes of them; hours
    with nothing eligible are absent."""
    targets = channel_targets(connection)
    target = targets.get(channel, targets["other"])
    answered = interaction.c.first_response_at.is_not(None)
    met = and_(answered, response_seconds(connection) <= target + ROUNDING)
    overdue = and_(~answered, interaction.c.created_at < as_of - timedelta(seconds=target))
    weekday, hour = weekday_of(connection), hour_of(connection)
    query = (
        select(
            weekday.label("weekday"),
            hour.label("hour"),
            func.sum(case((answered, 1), else_=0)).label("answered"),
            func.sum(case((overdue, 1), else_=0)).label("unanswered_breached"),
            func.sum(case((met, 1), else_=0)).label("sla_met"),
        )
        .where(
            *created_between(window.start, window.end),
            *matching(scope=scope, teams=teams, channels=[channel]),
        )
        .group_by(weekday, hour)
    )
    counted = read_frame(connection, query).astype(dict.fromkeys(COLUMNS, "int64"))
    counted = counted[counted["answered"] + counted["unanswered_breached"] > 0]
    rate = kpi_values(counted, pd.DataFrame(), kpis=[BY_ID[KPI_ID]])[KPI_ID]
    return counted.assign(**{KPI_ID: rate}).reset_index(drop=True)
