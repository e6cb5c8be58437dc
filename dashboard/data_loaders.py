"""Cached reads of the Data page (scope hashed: the import history is the organisation's)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.database import engine_for
from dashboard.loaders import TTL_SECONDS
from data_sources import data_queries
from data_sources.scope import Scope


@st.cache_data(ttl=TTL_SECONDS, max_entries=200, show_spinner=False)
def quarantine(
    url: str, version: int, scope: Scope, run_id: int | None, reason_contains: str
) -> pd.DataFrame:
    with engine_for(url).connect() as connection:
        return data_queries.quarantine(
            connection=connection, scope=scope, run_id=run_id, reason_contains=reason_contains
        )
