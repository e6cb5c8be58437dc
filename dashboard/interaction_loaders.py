"""Cached reads of the Interactions page: the list page, its count, one interaction, the form.

Like ``dashboard/loaders.py``: the database URL, the viewer's scope and the filters are
ordinary hashed arguments. ``as_of`` (what "breached" and "broken promise" are judged at) is
the current minute, so a cached page is at most a minute behind the clock as well as 30 s
behind the data. Saving a review clears these caches (``clear``).
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
    url: str, scope: Scope, window: Window, filters: Filters, choice: ListChoice, as_of: datetime
) -> int:
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
    url: str,
    scope: Scope,
    window: Window,
    filters: Filters,
    choice: ListChoice,
    as_of: datetime,
    number: int,
) -> pd.DataFrame:
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
def agents(url: str, scope: Scope, team_ids: tuple[int, ...]) -> pd.DataFrame:
    return _read(url, interaction_queries.agents, scope=scope, team_ids=team_ids)


@_cached
def detail(url: str, scope: Scope, interaction_id: int, as_of: datetime) -> Detail | None:
    return _read(url, interaction_detail, interaction_id=interaction_id, scope=scope, as_of=as_of)


@_cached
def reviewers(url: str, scope: Scope) -> dict[int, str]:
    """Who may review, as far as the viewer's scope reaches."""
    return _read(url, qa_reviews.reviewers, scope=scope)


@_cached
def scorecards(url: str) -> list[qa_reviews.Card]:
    return _read(url, qa_reviews.active_scorecards)


def clear() -> None:
    """Forget what this page cached, after a write (a new review changes the list's score)."""
    count.clear()  # type: ignore[attr-defined]
    page.clear()  # type: ignore[attr-defined]
    detail.clear()  # type: ignore[attr-defined]
