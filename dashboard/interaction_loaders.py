"""Cached reads of the Interactions page: the list page, its count, one interaction, the form.

Like ``dashboard/loaders.py``: the database URL, the data version, the viewer's scope and the
filters are ordinary hashed arguments. ``as_of`` (what "breached" and "broken promise" are
judged at) is the current minute, so a cached page is at most a minute behind the clock, and
never behind the data: saving a review raises the data version, so the next run reads afresh.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from dashboard.loaders import _cached, _read
from data_sources import interaction_queries, qa_reviews
from data_sources.interaction_detail import Detail, interaction_detail
from data_sources.interaction_queries import ListChoice
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window


def this_minute() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)


@_cached
def count(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, choice: ListChoice,
    as_of: datetime,
) -> int:  # fmt: skip
    return _read(
        url,
        interaction_queries.count_interactions,
        window=window,
        filters=filters,
        choice=choice,
        scope=scope,
        as_of=as_of,
    )


@_cached
def page(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, choice: ListChoice,
    as_of: datetime, number: int,
) -> pd.DataFrame:  # fmt: skip
    return _read(
        url,
        interaction_queries.list_page,
        window=window,
        filters=filters,
        choice=choice,
        scope=scope,
        as_of=as_of,
        page=number,
    )


@_cached
def agents(url: str, version: int, scope: Scope, team_ids: tuple[int, ...]) -> pd.DataFrame:
    return _read(url, interaction_queries.agents, scope=scope, team_ids=team_ids)


@_cached
def detail(
    url: str, version: int, scope: Scope, interaction_id: int, as_of: datetime
) -> Detail | None:
    return _read(url, interaction_detail, interaction_id=interaction_id, scope=scope, as_of=as_of)


@_cached
def reviewers(url: str, version: int, scope: Scope) -> dict[int, str]:
    """Who may review, as far as the viewer's scope reaches."""
    return _read(url, qa_reviews.reviewers, scope=scope)


@_cached
def scorecards(url: str, version: int) -> list[qa_reviews.Card]:
    return _read(url, qa_reviews.active_scorecards)
