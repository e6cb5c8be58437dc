"""What customers say about the service: recurring themes, their quotes, CSAT comments.

The three-times rule (``design/kpis.md``, "Recurring complaints") is one GROUP BY over the
stored ``InteractionTheme`` rows of the window: a theme is recurring when at least
``min_customers`` distinct customers raised it. The window, the viewer's scope and the
sidebar's filters are all applied in SQL; every list has a LIMIT.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Text,
    cast,
    distinct,
    func,
    literal,
    select,
)

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
    customers first: theme, customers, interactions, first_heard, last_heard, teams.

    One pass over the window's theme rows: the teams that heard each theme are gathered by the
    same GROUP BY (a second pass for them cost as much as the first at 1 M interactions).
    """
    customers = func.count(distinct(theme_row.c.customer_id))
    statement = (
        select(
            theme_row.c.theme,
            customers.label("customers"),
            func.count().label("interactions"),
            func.min(theme_row.c.created_at).label("first_heard"),
            func.max(theme_row.c.created_at).label("last_heard"),
            _distinct_ids(connection, theme_row.c.team_id).label("team_ids"),
        )
        .where(*_theme_conditions(window, scope, filters))
        .group_by(theme_row.c.theme)
        .having(customers >= min_customers)
        .order_by(customers.desc(), theme_row.c.theme)
        .limit(limit)
    )
    themes = _frame(connection, statement)
    team_ids = [[int(i) for i in str(ids).split(",")] for ids in themes.pop("team_ids")]
    named = _team_names(connection, {i for ids in team_ids for i in ids})
    teams = [", ".join(sorted(named[i] for i in ids if i in named)) for ids in team_ids]
    themes.insert(5, "teams", pd.Series(teams, index=themes.index, dtype=object))
    return themes


def _distinct_ids(connection: Connection, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """The distinct values of an integer ``column`` in a group, as text "3,7,12" (any order)."""
    if connection.dialect.name == "postgresql":
        return func.string_agg(distinct(cast(column, Text)), literal(","))
    return func.group_concat(distinct(column))


def _team_names(connection: Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    found = connection.execute(select(team.c.id, team.c.name).where(team.c.id.in_(sorted(ids))))
    return {int(i): str(name) for i, name in found}


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
