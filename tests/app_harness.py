"""How the app tests open the dashboard: AppTest from the entrypoint on a given database."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data_sources.engine import DATABASE_URL_VARIABLE

ENTRYPOINT = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


def open_app(monkeypatch: pytest.MonkeyPatch, url: str, **query_params: str | list[str]) -> AppTest:
    """The app on ``url``, first run done, opened with the given link parameters."""
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    # Caches are per process and a PostgreSQL test URL is reused (emptied) between tests.
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ENTRYPOINT), default_timeout=60)
    for key, value in query_params.items():
        app.query_params[key] = value
    return app.run()


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page that has all of ``columns`` (AppTest drops a table's key)."""
    found = [e.value for e in app.dataframe if set(columns) <= set(e.value.columns)]
    if len(found) != 1:
        shown = [list(e.value.columns) for e in app.dataframe]
        raise AssertionError(f"{len(found)} tables with columns {columns}; tables: {shown}")
    frame: pd.DataFrame = found[0]
    return frame


def texts(app: AppTest) -> str:
    """Every caption, info, warning and metric of the run, one per line, to search in."""
    parts = [
        element.value
        for kind in ("caption", "info", "warning", "error")
        for element in getattr(app, kind)
    ]
    parts += [f"{metric.label}: {metric.value}" for metric in app.metric]
    return "\n".join(str(part) for part in parts)
