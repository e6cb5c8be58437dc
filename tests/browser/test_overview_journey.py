"""In a real Chromium: the CEO opens the overview and clicks the worst team's escalation cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from app_state import WAIT_MS, wait_for_link
from playwright.sync_api import expect

from dashboard.local_server import launch_chromium, sign_in, wait_until_drawn
from data_sources.engine import make_engine
from data_sources.queries import newest_interaction_day
from data_sources.report import kpi_report
from data_sources.response_hours import response_by_hour
from data_sources.scope import Scope
from kpis.window import Window

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_demo")]  # ``demo_app``

# Where plotly drew one heatmap cell, in page pixels (plotly's own axis conversions), in the
# first heat map whose rows include the given y (a team for the KPI grid, a weekday for hours).
CELL_CENTRE = """([x, y]) => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p.data && p.data[0] && p.data[0].type === 'heatmap' && p.data[0].y.includes(y));
  const box = plot.getBoundingClientRect(), layout = plot._fullLayout;
  return [box.left + layout.xaxis._offset + layout.xaxis.d2p(x),
          box.top + layout.yaxis._offset + layout.yaxis.d2p(y)];
}"""


@pytest.fixture(scope="module")
def demo(demo_app: dict[str, Any]) -> dict[str, Any]:
    """The shared demo app, with the worst-escalating team and the chat hours read from its
    database (6,000 interactions up to 1 November 2026) as the overview reads them."""
    engine = make_engine(demo_app["url"])
    with engine.connect() as connection:
        newest = newest_interaction_day(connection=connection, scope=Scope.everything())
        assert newest is not None
        window = Window.last_days(30, until=newest)
        teams = kpi_report(
            connection, window=window, as_of=min(window.end, datetime.now(UTC)),
            scope=Scope.everything(), by="team",
        )  # fmt: skip
        chat_hours = response_by_hour(
            connection, window=window, as_of=min(window.end, datetime.now(UTC)),
            scope=Scope.everything(), channel="chat",
        )  # fmt: skip
    engine.dispose()
    worst = teams.sort_values("escalation_ratio", na_position="first").iloc[-1]
    return {
        "base": demo_app["base"],
        "worst": str(worst["team"]),
        "worst_id": int(worst["team_id"]),
        "chat_hours": chat_hours,
    }


@pytest.fixture
def ceo_page(demo: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        sign_in(page, demo["base"])
        yield page
        context.close()
        browser.close()


def test_the_worst_escalation_cell_opens_that_teams_escalated_interactions(
    demo: dict[str, Any], ceo_page: Any
) -> None:
    """Orders & Delivery escalates most; its cell opens Interactions with team and flag."""
    page = ceo_page
    assert demo["worst"] == "Orders & Delivery"  # the demo's escalation story
    page.goto(demo["base"] + "/")
    wait_until_drawn(page, timeout_ms=WAIT_MS)
    grid = page.locator(".js-plotly-plot").filter(has_text="Escalated").first
    grid.get_by_text("Orders &amp; Delivery").or_(
        grid.get_by_text("Orders & Delivery")
    ).first.wait_for(timeout=WAIT_MS)
    grid.scroll_into_view_if_needed()
    _click_cell(page, "Escalated", "Orders &amp; Delivery")
    wait_for_link(
        page,
        {"window": ["30d"], "team": [str(demo["worst_id"])], "flag": ["escalated"]},
        path="/interactions",
    )
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Orders & Delivery")).to_be_visible(timeout=WAIT_MS)


def _click_cell(page: Any, x: str, y: str) -> None:
    """Hover a heat-map cell, then press and release (plotly's drag layer eats ``click``)."""
    left, top = page.evaluate(CELL_CENTRE, [x, y])
    page.mouse.move(left, top)
    page.mouse.down()
    page.mouse.up()


def test_chat_breaches_monday_morning_and_a_cell_lists_them(
    demo: dict[str, Any], ceo_page: Any
) -> None:
    """The demo's chat queue misses its 60 s at Monday 09–12 UTC: the heat map opens on chat
    (the channel answering worst), and Monday 10:00 lists its breached chats."""
    page = ceo_page
    hours = demo["chat_hours"]
    monday = hours[(hours["weekday"] == 0) & hours["hour"].isin([9, 10, 11])]
    rest = hours.drop(monday.index)
    assert monday["response_sla_rate"].max() < 0.5 < rest["response_sla_rate"].median()
    page.goto(demo["base"] + "/")
    heading = page.get_by_text("Answered within target, hour by hour")
    heading.wait_for(timeout=WAIT_MS)
    wait_until_drawn(page, timeout_ms=WAIT_MS)
    heading.scroll_into_view_if_needed()
    hour_grid = page.locator(".js-plotly-plot").filter(has_text="Wednesday").first
    hour_grid.get_by_text("10:00").first.wait_for(timeout=WAIT_MS)
    hour_grid.scroll_into_view_if_needed()
    _click_cell(page, "10:00", "Monday")
    wait_for_link(
        page,
        {
            "window": ["30d"],
            "channel": ["chat"],
            "weekday": ["mon"],
            "hour": ["10"],
            "flag": ["breached"],
        },
        path="/interactions",
    )
    rows = page.get_by_text(re.compile(r"^Rows 1–\d+ of [\d,]+\."))
    expect(rows).to_be_visible(timeout=WAIT_MS)
