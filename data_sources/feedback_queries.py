"""What customers say about the service: recurring themes, their quotes, CSAT comments.

The three-times rule (``design/kpis.md``, "Recurring complaints") is one GROUP BY over the
stored ``InteractionTheme`` rows of the window: a theme is recurring when at least
``min_customers`` distinct customers raised it. The window, the viewer's scope and the
sidebar's filters are all applied in SQL; every list has a LIMIT.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, distinct, func, select

from data_sources.bulk import table_of
from data_sources.models import Interaction, InteractionTheme, Team
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window

theme_row, interaction, team = table_of(InteractionTheme), table_of(Interaction), table_of(Team)


def _frame(connection: Connection, statement: Select[Any]) -> pd.DataFrame:
    result = connection.execute(statement)
    return pd.DataFrame(result.mappings().all(), columns=list(result.keys()))


def _theme_conditions(window: Window, scope: Scope, filters: Filters) -> list[ColumnElement[bool]]:
    conditions = [
        theme_row.c.created_at >= window.start,
        theme_row.c.created_at < window.end,
        scope.where_interaction(theme_row.c.team_id, theme_row.c.agent_id),
    ]
    if filters.team_ids:
        conditions.append(theme_row.c.team_id.in_(filters.team_ids))
    if filters.channels:
        raised_in = interaction.alias("raised_in")
        channel_of = (
            select(raised_in.c.channel)
            .where(raised_in.c.id == theme_row.c.interaction_id)
            .correlate(theme_row)
        )
        conditions.append(channel_of.scalar_subquery().in_(filters.channels))
    return conditions


def recurring_themes(
    connection: Connection,
    *,
    window: Window,
    scope: Scope,
    filters: Filters,
    min_customers: int = 3,
    limit: int = 50,
) -> pd.DataFrame:
    """Themes raised by ``min_customers`` or more distinct customers in the window, most
    customers first: theme, customers, interactions, first_heard, last_heard, teams."""
    customers = func.count(distinct(theme_row.c.customer_id))
    statement = (
        select(
            theme_row.c.theme,
            customers.label("customers"),
            func.count().label("interactions"),
            func.min(theme_row.c.created_at).label("first_heard"),
            func.max(theme_row.c.created_at).label("last_heard"),
        )
        .where(*_theme_conditions(window, scope, filters))
        .group_by(theme_row.c.theme)
        .having(customers >= min_customers)
        .order_by(customers.desc(), theme_row.c.theme)
        .limit(limit)
    )
    themes = _frame(connection, statement)
    teams = _teams_of(connection, list(themes["theme"]), window, scope, filters)
    themes.insert(5, "teams", [", ".join(teams.get(theme, [])) for theme in themes["theme"]])
    return themes


def _teams_of(
    connection: Connection, themes: list[str], window: Window, scope: Scope, filters: Filters
) -> dict[str, list[str]]:
    if not themes:
        return {}
    statement = (
        select(theme_row.c.theme, team.c.name)
        .select_from(theme_row.join(team, team.c.id == theme_row.c.team_id))
        .where(*_theme_conditions(window, scope, filters), theme_row.c.theme.in_(themes))
        .group_by(theme_row.c.theme, team.c.name)
        .order_by(theme_row.c.theme, team.c.name)
    )
    named: dict[str, list[str]] = {}
    for theme, name in connection.execute(statement):
        named.setdefault(theme, []).append(name)
    return named


def theme_quotes(
    connection: Connection,
    *,
    themes: list[str],
    window: Window,
    scope: Scope,
    filters: Filters,
    per_theme: int = 3,
) -> pd.DataFrame:
    """The newest ``per_theme`` quotes of each theme in ``themes``: theme, heard_at, quote,
    interaction_id."""
    if not themes:
        return pd.DataFrame(columns=["theme", "heard_at", "quote", "interaction_id"])
    newest = (
        func.row_number()
        .over(
            partition_by=theme_row.c.theme,
            order_by=(theme_row.c.created_at.desc(), theme_row.c.interaction_id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            theme_row.c.theme,
            theme_row.c.created_at.label("heard_at"),
            theme_row.c.quote,
            theme_row.c.interaction_id,
            newest,
        )
        .where(*_theme_conditions(window, scope, filters), theme_row.c.theme.in_(themes))
        .subquery()
    )
    statement = (
        select(ranked.c.theme, ranked.c.heard_at, ranked.c.quote, ranked.c.interaction_id)
        .where(ranked.c.rank <= per_theme)
        .order_by(ranked.c.theme, ranked.c.heard_at.desc())
    )
    return _frame(connection, statement)


def theme_interactions(
    connection: Connection,
    *,
    theme: str,
    window: Window,
    scope: Scope,
    filters: Filters,
    limit: int = 200,
) -> pd.DataFrame:
    """The interactions that raised ``theme`` in the window, newest first: id, created_at,
    team, channel, quote."""
    statement = (
        select(
            interaction.c.id,
            interaction.c.created_at,
            team.c.name.label("team"),
            interaction.c.channel,
            theme_row.c.quote,
        )
        .select_from(
            theme_row.join(interaction, interaction.c.id == theme_row.c.interaction_id).join(
                team, team.c.id == theme_row.c.team_id
            )
        )
        .where(*_theme_conditions(window, scope, filters), theme_row.c.theme == theme)
        .order_by(theme_row.c.created_at.desc(), theme_row.c.interaction_id.desc())
        .limit(limit)
    )
    return _frame(connection, statement)


def csat_comments(
    connection: Connection, *, window: Window, scope: Scope, filters: Filters, limit: int = 200
) -> pd.DataFrame:
    """CSAT answers with a comment in the window, newest first: id, created_at, team,
    channel, csat, comment."""
    conditions = [
        interaction.c.created_at >= window.start,
        interaction.c.created_at < window.end,
        scope.where_interaction(interaction.c.team_id, interaction.c.agent_id),
        interaction.c.csat_comment.is_not(None),
        interaction.c.csat_comment != "",
    ]
    if filters.team_ids:
        conditions.append(interaction.c.team_id.in_(filters.team_ids))
    if filters.channels:
        conditions.append(interaction.c.channel.in_(filters.channels))
    statement = (
        select(
            interaction.c.id,
            interaction.c.created_at,
            team.c.name.label("team"),
            interaction.c.channel,
            interaction.c.csat,
            interaction.c.csat_comment.label("comment"),
        )
        .select_from(interaction.join(team, team.c.id == interaction.c.team_id))
        .where(*conditions)
        .order_by(interaction.c.created_at.desc(), interaction.c.id.desc())
        .limit(limit)
    )
    return _frame(connection, statement)
