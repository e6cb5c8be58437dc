"""In a real Chromium: a leader keeps the team view open and a newly imported interaction appears
in it, without the page reloading."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from app_dataset import fill
from sqlalchemy import text

from dashboard.local_server import ensure_account, running_app, wait_until_drawn
from data_sources.engine import make_engine
from data_sources.importing.pipeline import import_file
from data_sources.schema import upgrade
from data_sources.settings import set_team_view_refresh_seconds

pytestmark = pytest.mark.browser
REFRESH_SECONDS = 2


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """tests/app_dataset.py on a SQLite file, the team view refreshing every 2 s."""
    from conftest import _require_chromium  # tests/browser/conftest.py

    _require_chromium()
    folder: Path = tmp_path_factory.mktemp("team_live")
    url = f"sqlite:///{folder / 'pulse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    team_ids = fill(engine)
    with engine.begin() as connection:
        set_team_view_refresh_seconds(connection, seconds=REFRESH_SECONDS)
    ensure_account(url)  # the CEO the shared ``page`` fixture signs in as
    with running_app(url) as base:
        yield {"base": base, "team_ids": team_ids, "engine": engine, "folder": folder}
    engine.dispose()


def waiting_count(page: Any) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Waiting for an answer")
    value: str = metric.get_by_test_id("stMetricValue").inner_text()
    return value


def test_a_new_import_appears_without_a_reload(app: dict[str, Any], page: Any) -> None:
    """Delivery waits on one email; an imported email joins the list while the page stays."""
    delivery = app["team_ids"]["Delivery"]
    page.goto(f"{app['base']}/team?team_view={delivery}")
    wait_until_drawn(page)
    assert waiting_count(page) == "1"
    page.evaluate("window.__marker = 'still the same page'")

    created = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
    export = app["folder"] / "new.csv"
    export.write_text(
        f"interaction_id,created_at,channel,team,agent\nlive-1,{created},email,Delivery,Cleo\n"
    )
    summary = import_file(app["engine"], export, source="journey")
    assert summary.inserted == 1
    with app["engine"].connect() as connection:
        new_id = connection.execute(
            text("SELECT id FROM interaction WHERE external_id = 'live-1'")
        ).scalar_one()

    metric = page.get_by_test_id("stMetric").filter(has_text="Waiting for an answer")
    metric.get_by_test_id("stMetricValue").filter(has_text="2").wait_for(timeout=20_000)
    grid = page.get_by_test_id("stDataFrame").first
    # The grid draws on a canvas; its cells are also in the DOM for screen readers.
    cells = grid.locator("td[role=gridcell]").filter(has_text=re.compile(rf"^{new_id}$"))
    cells.first.wait_for(state="attached", timeout=10_000)
    assert page.evaluate("window.__marker") == "still the same page"
    assert f"team_view={delivery}" in page.url
