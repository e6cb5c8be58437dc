"""A link copied from the address bar reopens the same view: the same figures and tables.

Each test changes the view through the widgets, reads every metric and table, then opens a
new session on the address bar's parameters alone and reads them again.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from app_dataset import fill
from app_harness import open_app
from streamlit.testing.v1 import AppTest

from dashboard import interaction_list
from data_sources.engine import make_engine


def _shown(app: AppTest) -> tuple[dict[str, str], list[pd.DataFrame]]:
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    return metrics, [element.value for element in app.dataframe]


def _address_bar(app: AppTest) -> dict[str, Any]:
    return {key: app.query_params[key] for key in app.query_params}


def _same(first: list[pd.DataFrame], second: list[pd.DataFrame]) -> None:
    assert len(first) == len(second)
    for one, other in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(one.reset_index(drop=True), other.reset_index(drop=True))


def test_the_overview_link_reproduces_its_figures(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Returns' chats over 90 days: 3 interactions, the same tiles and tables from the link."""
    team_ids = fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url)
    app.selectbox(key="window").select("90d").run()
    app.multiselect(key="teams").select(team_ids["Returns"]).run()
    app.multiselect(key="channels").select("chat").run()
    metrics, tables = _shown(app)
    assert metrics["Volume"] == "3"
    link = _address_bar(app)
    assert link == {"window": "90d", "team": str(team_ids["Returns"]), "channel": "chat"}
    again = open_app(monkeypatch, database_url, **link)
    metrics_again, tables_again = _shown(again)
    assert metrics_again == metrics
    _same(tables, tables_again)


def test_the_team_link_reproduces_its_figures(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Returns on email, October: its two emails, the same agents and channels from the link."""
    team_ids = fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    app.switch_page("../pages/team.py").run()
    app.selectbox(key="team_page_team").select(team_ids["Returns"]).run()
    app.multiselect(key="channels").select("email").run()
    metrics, tables = _shown(app)
    link = _address_bar(app)
    assert link["team_view"] == str(team_ids["Returns"]) and link["channel"] == "email"
    again = open_app(monkeypatch, database_url, **link)
    again.switch_page("../pages/team.py").run()
    metrics_again, tables_again = _shown(again)
    assert metrics_again.keys() == metrics.keys()
    # The live part is judged at the clock's minute; the window's tables must match exactly.
    window_tables = [t for t in tables if "Volume" in t.columns or "channel" in t.columns]
    window_again = [t for t in tables_again if "Volume" in t.columns or "channel" in t.columns]
    assert window_tables and len(window_tables[0]) >= 1
    _same(window_tables, window_again)


def test_the_interactions_link_reproduces_its_list(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wednesdays 10:00 in October: Returns' two chats and two emails, the same from the link."""
    fill(make_engine(database_url))
    app = open_app(monkeypatch, database_url, start="2026-10-01", end="2026-10-31")
    app.switch_page("../pages/interactions.py").run()
    weekday = app.selectbox(key="interactions_weekday")
    assert weekday.value == interaction_list.ANY and weekday.options[0] == "Any"
    weekday.select(2).run()
    app.selectbox(key="interactions_hour").select(10).run()
    _, tables = _shown(app)
    (listed,) = [t for t in tables if "created_at" in t.columns]
    assert listed["created_at"].dt.strftime("%m-%d").tolist() == [
        "10-28",
        "10-21",
        "10-14",
        "10-07",
    ]
    link = _address_bar(app)
    assert (link["weekday"], link["hour"]) == ("wed", "10")
    again = open_app(monkeypatch, database_url, **link)
    again.switch_page("../pages/interactions.py").run()
    _, tables_again = _shown(again)
    _same(tables, tables_again)
