"""Cached reads of the Feedback page: recurring themes, their quotes and interactions, CSAT
comments. Like ``dashboard/loaders.py``: the database URL, the viewer's scope, the window and
the filters are hashed arguments, so a cached result is only served for the same question."""

from __future__ import annotations

import pandas as pd

from dashboard.loaders import _cached, _read
from data_sources import feedback_queries
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window


@_cached
def recurring_themes(
    url: str, version: int, scope: Scope, window: Window, filters: Filters
) -> pd.DataFrame:
    return _read(
        url, feedback_queries.recurring_themes, window=window, scope=scope, filters=filters
    )


@_cached
def theme_quotes(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, themes: tuple[str, ...]
) -> pd.DataFrame:
    return _read(
        url,
        feedback_queries.theme_quotes,
        themes=list(themes),
        window=window,
        scope=scope,
        filters=filters,
    )


@_cached
def theme_interactions(
    url: str, version: int, scope: Scope, window: Window, filters: Filters, theme: str
) -> pd.DataFrame:
    return _read(
        url,
        feedback_queries.theme_interactions,
        theme=theme,
        window=window,
        scope=scope,
        filters=filters,
    )


@_cached
def csat_comments(
    url: str, version: int, scope: Scope, window: Window, filters: Filters
) -> pd.DataFrame:
    return _read(url, feedback_queries.csat_comments, window=window, scope=scope, filters=filters)
