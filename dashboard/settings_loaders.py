"""Cached reads of the Settings page, keyed by the data version: a save raises it, so the next
run (in any app process) shows the change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard.database import engine_for
from dashboard.loaders import TTL_SECONDS
from data_sources import (
    phrase_settings,
    scorecard_settings,
    settings,
    target_settings,
    team_settings,
)
from data_sources.scope import Scope
from kpis.transcripts.phrases import PhraseLists

Loaded = TypeVar("Loaded")
SETTINGS_ENTRIES = 20  # one organisation's settings: few questions


def _read(url: str, query: Callable[..., Loaded], *arguments: Any) -> Loaded:
    with engine_for(url).connect() as connection:
        return query(connection, *arguments)


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def kpi_targets(url: str, version: int) -> pd.DataFrame:
    return _read(url, target_settings.kpi_target_table)


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def team_view_refresh(url: str, version: int) -> int:
    return _read(url, settings.team_view_refresh_seconds)


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def scorecards(url: str, version: int) -> pd.DataFrame:
    return _read(url, scorecard_settings.scorecards)


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def categories(url: str, version: int, scorecard_id: int) -> pd.DataFrame:
    return _read(url, scorecard_settings.categories, scorecard_id)


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def teams(url: str, version: int, scope: Scope) -> pd.DataFrame:
    frame = _read(url, team_settings.teams_with_leaders)
    return frame if scope.sees_everything else frame.iloc[0:0]


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def people(url: str, version: int, scope: Scope) -> pd.DataFrame:
    frame = _read(url, team_settings.people)
    return frame if scope.sees_everything else frame.iloc[0:0]


@st.cache_data(ttl=TTL_SECONDS, max_entries=SETTINGS_ENTRIES, show_spinner=False)
def phrases(url: str, version: int) -> tuple[PhraseLists, frozenset[str]]:
    """The lists in use and the names of the lists that were edited."""

    def read(connection: Any) -> tuple[PhraseLists, frozenset[str]]:
        edited = frozenset(
            name for name in PhraseLists.list_names() if phrase_settings.is_edited(connection, name)
        )
        return phrase_settings.phrase_lists(connection), edited

    return _read(url, read)
