"""What the dashboard pages read: small, parameterised queries that count in the database.

Every function takes keyword-only arguments: the ``connection``, the report ``window``, the
sidebar ``filters`` and the viewer's ``scope``, which is applied in the query itself. Results
are grouped in the database (a few rows per team or week), or one page of rows, never the whole
table. Frames come back with their columns even when there are no rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, false, func, or_, select, true

from data_sources.models import (
    Channel,
    ChannelTarget,
    ImportRun,
    Interaction,
    Person,
    PublicReview,
    QuarantinedRow,
    Team,
)
from data_sources.scope import Scope
from kpis.window import Window

PAGE_SIZE = 50
DAY = 24 * 3600
# design/kpis.md: phone 18 s ("three rings"), chat 60 s, every other channel 24 h.
DEFAULT_RESPONSE_TARGETS = {Channel.PHONE: 18, Channel.CHAT: 60}

interaction = Interaction.__table__  # type: ignore[attr-defined]
team = Team.__table__  # type: ignore[attr-defined]
person = Person.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Filters:
    """The sidebar's choice: empty tuples mean "every team" and "every channel"."""

    team_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()


def _frame(connection: Connection, statement: Select[Any]) -> pd.DataFrame:
    result = connection.execute(statement)
    return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _population(window: Window | None, filters: Filters, scope: Scope) -> list[ColumnElement[bool]]:
    """The conditions of design/kpis.md's population P, inside what the viewer may see."""
    conditions = [scope.where_interaction(interaction.c.team_id, interaction.c.agent_id)]
    if window is not None:
        conditions += [
            interaction.c.created_at >= window.start,
            interaction.c.created_at < window.end,
        ]
    if filters.team_ids:
        conditions.append(interaction.c.team_id.in_(filters.team_ids))
    if filters.channels:
        conditions.append(interaction.c.channel.in_(filters.channels))
    return conditions


def _week_start(connection: Connection) -> ColumnElement[str]:
    """The ISO week (Monday) of ``created_at`` as 'YYYY-MM-DD', in UTC, on either database."""
    if connection.dialect.name == "sqlite":
        # Stored as UTC text; 'weekday 0' moves to the coming Sunday (or stays), -6 days is Monday.
        return func.date(interaction.c.created_at, "weekday 0", "-6 days")
    utc_moment = func.timezone("UTC", interaction.c.created_at)
    return func.to_char(func.date_trunc("week", utc_moment), "YYYY-MM-DD")


def weeks_covering(window: Window) -> Window:
    """The whole ISO weeks (Monday 00:00 to Monday 00:00, UTC) that overlap ``window``.

    A trend drawn over a window that starts or ends mid-week would show its first and last
    weeks as drops that are only partial weeks.
    """
    first = window.start.date() - timedelta(days=window.start.weekday())
    last = (window.end - timedelta(microseconds=1)).date()
    return Window.of_days(first, last + timedelta(days=6 - last.weekday()))


def newest_interaction_day(*, connection: Connection, scope: Scope) -> date | None:
    """The UTC day of the newest interaction the viewer may see (None: there is none)."""
    newest = select(func.max(interaction.c.created_at)).where(
        scope.where_interaction(interaction.c.team_id, interaction.c.agent_id)
    )
    moment = connection.execute(newest).scalar_one_or_none()
    if moment is None:
        return None
    if isinstance(moment, str):  # SQLite's max() loses the column type
        moment = datetime.fromisoformat(moment)
    return moment.date()


def teams(*, connection: Connection, scope: Scope) -> pd.DataFrame:
    """Teams the viewer may choose, by name: columns ``team_id``, ``team``.

    The teams in the scope and, for an agent, the teams they handled interactions in (their
    Team page and filters then show their own work there, nothing of the team's other rows).
    """
    visible = scope.where(team.c.id)
    if not scope.sees_everything and scope.agent_ids:
        worked_in = select(interaction.c.team_id).where(
            interaction.c.agent_id.in_(sorted(scope.agent_ids))
        )
        visible = or_(visible, team.c.id.in_(worked_in))
    statement = select(team.c.id.label("team_id"), team.c.name.label("team"))
    return _frame(connection, statement.where(visible).order_by(team.c.name))


def interaction_volume(
    *, connection: Connection, window: Window, filters: Filters, scope: Scope
) -> int:
    """How many interactions were created in the window."""
    statement = select(func.count()).select_from(interaction)
    return int(
        connection.execute(statement.where(*_population(window, filters, scope))).scalar_one()
    )


def volume_by_team(
    *, connection: Connection, window: Window, filters: Filters, scope: Scope
) -> pd.DataFrame:
    """Interactions per team in the window: columns ``team``, ``interactions``."""
    count = func.count().label("interactions")
    statement = (
        select(team.c.name.label("team"), count)
        .select_from(interaction.join(team, team.c.id == interaction.c.team_id))
        .where(*_population(window, filters, scope))
        .group_by(team.c.name)
        .order_by(count.desc(), team.c.name)
    )
    return _frame(connection, statement)


def weekly_volume_by_team(
    *, connection: Connection, window: Window, filters: Filters, scope: Scope
) -> pd.DataFrame:
    """Interactions per ISO week (its Monday, 'YYYY-MM-DD') and team: ``week``, ``team``, count."""
    week = _week_start(connection).label("week")
    statement = (
        select(week, team.c.name.label("team"), func.count().label("interactions"))
        .select_from(interaction.join(team, team.c.id == interaction.c.team_id))
        .where(*_population(window, filters, scope))
        .group_by(week, team.c.name)
        .order_by(week, team.c.name)
    )
    return _frame(connection, statement)


def open_interactions(
    *, connection: Connection, team_id: int, filters: Filters, scope: Scope, limit: int = PAGE_SIZE
) -> pd.DataFrame:
    """A team's unresolved interactions, oldest first, whatever the window (they wait now)."""
    agent = person.alias("agent")
    conditions = _population(None, Filters(channels=filters.channels), scope)
    statement = (
        select(
            interaction.c.id,
            interaction.c.created_at,
            interaction.c.channel,
            interaction.c.topic,
            agent.c.name.label("agent"),
            (interaction.c.first_response_at.is_not(None)).label("answered"),
        )
        .select_from(interaction.outerjoin(agent, agent.c.id == interaction.c.agent_id))
        .where(*conditions, interaction.c.team_id == team_id, interaction.c.resolved_at.is_(None))
        .order_by(interaction.c.created_at, interaction.c.id)
        .limit(limit)
    )
    return _frame(connection, statement)


def agent_volumes(
    *, connection: Connection, window: Window, team_id: int, filters: Filters, scope: Scope
) -> pd.DataFrame:
    """A team's interactions per agent in the window: columns ``agent``, ``interactions``."""
    count = func.count().label("interactions")
    agent_name = func.coalesce(person.c.name, "(no agent)").label("agent")
    statement = (
        select(agent_name, count)
        .select_from(interaction.outerjoin(person, person.c.id == interaction.c.agent_id))
        .where(*_population(window, Filters(channels=filters.channels), scope))
        .where(interaction.c.team_id == team_id)
        .group_by(agent_name)
        .order_by(count.desc(), agent_name)
    )
    return _frame(connection, statement)


def interaction_page(
    *, connection: Connection, window: Window, filters: Filters, scope: Scope, page: int
) -> pd.DataFrame:
    """One page (``PAGE_SIZE`` rows, newest first) of the interactions in the window."""
    statement = (
        select(
            interaction.c.id,
            interaction.c.created_at,
            team.c.name.label("team"),
            interaction.c.channel,
            person.c.name.label("agent"),
            interaction.c.topic,
            interaction.c.status,
            interaction.c.csat,
        )
        .select_from(
            interaction.join(team, team.c.id == interaction.c.team_id).outerjoin(
                person, person.c.id == interaction.c.agent_id
            )
        )
        .where(*_population(window, filters, scope))
        .order_by(interaction.c.created_at.desc(), interaction.c.id.desc())
        .limit(PAGE_SIZE)
        .offset(max(page - 1, 0) * PAGE_SIZE)
    )
    return _frame(connection, statement)


def public_reviews(
    *, connection: Connection, window: Window, filters: Filters, scope: Scope, limit: int = 200
) -> pd.DataFrame:
    """Public reviews published in the window, newest first (channels do not apply to them)."""
    review = PublicReview.__table__  # type: ignore[attr-defined]
    conditions = [
        review.c.published_at >= window.start,
        review.c.published_at < window.end,
        scope.where(review.c.team_id),
    ]
    if filters.team_ids:
        conditions.append(review.c.team_id.in_(filters.team_ids))
    statement = (
        select(
            review.c.published_at,
            review.c.platform,
            review.c.rating,
            team.c.name.label("team"),
            review.c.text,
        )
        .select_from(review.outerjoin(team, team.c.id == review.c.team_id))
        .where(*conditions)
        .order_by(review.c.published_at.desc(), review.c.id.desc())
        .limit(limit)
    )
    return _frame(connection, statement)


def import_runs(*, connection: Connection, scope: Scope, limit: int = 100) -> pd.DataFrame:
    """The newest import runs; the history spans every team, so only a full scope sees it."""
    runs = ImportRun.__table__  # type: ignore[attr-defined]
    columns = [
        runs.c[name]
        for name in (
            "id",
            "started_at",
            "file_name",
            "source",
            "format",
            "status",
            "rows_read",
            "inserted",
            "updated",
            "unchanged",
            "quarantined",
            "message",
        )
    ]
    statement = select(*columns).order_by(runs.c.started_at.desc(), runs.c.id.desc()).limit(limit)
    return _frame(connection, statement.where(_whole_organisation(scope)))


def quarantined_rows(*, connection: Connection, scope: Scope, limit: int = 100) -> pd.DataFrame:
    """The newest quarantined rows with their reason (raw text included, shown as text)."""
    rows = QuarantinedRow.__table__  # type: ignore[attr-defined]
    statement = (
        select(
            rows.c.import_run_id,
            rows.c.file_name,
            rows.c.line,
            rows.c.column,
            rows.c.reason,
            rows.c.raw,
        )
        .where(_whole_organisation(scope))
        .order_by(rows.c.id.desc())
        .limit(limit)
    )
    return _frame(connection, statement)


def _whole_organisation(scope: Scope) -> ColumnElement[bool]:
    return true() if scope.sees_everything else false()


def response_targets(*, connection: Connection) -> pd.DataFrame:
    """Each channel's first-response target in seconds, and whether it is the default."""
    table = ChannelTarget.__table__  # type: ignore[attr-defined]
    stored: dict[str, int] = dict(
        connection.execute(select(table.c.channel, table.c.first_response_seconds)).all()
    )
    rows = [
        {
            "channel": channel.value,
            "first_response_seconds": stored.get(
                channel.value, DEFAULT_RESPONSE_TARGETS.get(channel, DAY)
            ),
            "source": "set" if channel.value in stored else "default",
        }
        for channel in Channel
    ]
    return pd.DataFrame(rows, columns=["channel", "first_response_seconds", "source"])
