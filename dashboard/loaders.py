"""Cached reads for the pages: each one opens a connection, calls a query, closes it.

Every loader takes the database URL, the data version, the viewer's scope and (where it
applies) the window and filters as ordinary, hashed arguments, so a cached result is only ever
served for the same database, viewer and question, and only while nothing was written since:
the version (``data_sources.data_version``, read once per script run: ``View.version``) moves
with every committed write a page shows, in whichever process made it. An unchanged database
is served from the cache however long it stays unchanged; the first run after a write reads
afresh. The long ``ttl`` and ``max_entries`` only bound the memory the cache holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard.database import engine_for
from data_sources import queries
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window

# Freshness comes from the data version; the ttl is a backstop that frees what nobody asked
# for in an hour (and bounds how long a write made outside ``data_version`` can go unseen).
TTL_SECONDS = 3600
MAX_ENTRIES = 200  # per loader
Loaded = TypeVar("Loaded")


def _cached(function: Callable[..., Loaded]) -> Callable[..., Loaded]:
    return st.cache_data(ttl=TTL_SECONDS, max_entries=MAX_ENTRIES, show_spinner=False)(function)


def _read(url: str, query: Callable[..., Loaded], **arguments: Any) -> Loaded:
    with engine_for(url).connect() as connection:
        return query(connection=connection, **arguments)


@dataclass(frozen=True)
class Volume:
    """The overview's figures for one window and the period of the same length before it.

    ``weekly`` covers the whole ISO weeks that overlap the window (``queries.weeks_covering``).
    """

    total: int
    previous_total: int
    by_team: pd.DataFrame
    weekly: pd.DataFrame


@_cached
def newest_day(url: str, version: int, scope: Scope) -> date | None:
    return _read(url, queries.newest_interaction_day, scope=scope)


@_cached
def teams(url: str, version: int, scope: Scope) -> pd.DataFrame:
    return _read(url, queries.teams, scope=scope)


@_cached
def volume(url: str, version: int, scope: Scope, window: Window, filters: Filters) -> Volume:
    with engine_for(url).connect() as connection:

        def count(period: Window) -> int:
            return queries.interaction_volume(
                connection=connection, window=period, filters=filters, scope=scope
            )

        return Volume(
            total=count(window),
            previous_total=count(window.previous()),
            by_team=queries.volume_by_team(
                connection=connection, window=window, filters=filters, scope=scope
            ),
            weekly=queries.weekly_volume_by_team(
                connection=connection,
                window=queries.weeks_covering(window),
                filters=filters,
                scope=scope,
            ),
        )


@_cached
def open_work(url: str, version: int, scope: Scope, team_id: int, filters: Filters) -> pd.DataFrame:
    """A team's open interactions with their age in hours now and whether anyone answered."""
    frame = _read(url, queries.open_interactions, team_id=team_id, filters=filters, scope=scope)
    age = datetime.now(UTC) - pd.to_datetime(frame["created_at"], utc=True)
    return frame.assign(
        answered=frame["answered"].astype(bool),
        age_hours=(age.dt.total_seconds() / 3600).round(1),
    )


@_cached
def agent_volumes(
    url: str, version: int, scope: Scope, window: Window, team_id: int, filters: Filters
) -> pd.DataFrame:
    return _read(
        url, queries.agent_volumes, window=window, team_id=team_id, filters=filters, scope=scope
    )


@_cached
def interaction_page(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, page: int
) -> pd.DataFrame:
    return _read(
        url, queries.interaction_page, window=window, filters=filters, scope=scope, page=page
    )


@_cached
def interaction_count(
    url: str, version: int, scope: Scope, window: Window, filters: Filters
) -> int:
    return _read(url, queries.interaction_volume, window=window, filters=filters, scope=scope)


@_cached
def public_reviews(
    url: str, version: int, scope: Scope, window: Window, filters: Filters
) -> pd.DataFrame:
    return _read(url, queries.public_reviews, window=window, filters=filters, scope=scope)


@_cached
def import_runs(url: str, version: int, scope: Scope) -> pd.DataFrame:
    return _read(url, queries.import_runs, scope=scope)


@_cached
def quarantined_rows(url: str, version: int, scope: Scope) -> pd.DataFrame:
    return _read(url, queries.quarantined_rows, scope=scope)


@_cached
def response_targets(url: str, version: int) -> pd.DataFrame:
    return _read(url, queries.response_targets)
