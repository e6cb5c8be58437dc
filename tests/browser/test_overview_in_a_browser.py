"""In a real Chromium: the overview shows the data, and the link carries the filters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from app_state import WAIT_MS, expect_first_metric, wait_for_link
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_app")]  # shares ``app``


def test_the_overview_shows_figures_and_keeps_filters_in_the_link(
    app: dict[str, Any], page: Any
) -> None:
    """Ten interactions with Billing's bar; picking 7 days rewrites the link; a link restores."""
    page.goto(app["base"] + "/")
    expect_first_metric(page, "10")
    bars = page.locator(".js-plotly-plot").filter(has_text="interactions").first  # volume
    three = bars.locator("text.bartext").filter(has_text=re.compile(r"^3$"))
    expect(three).to_have_count(1, timeout=WAIT_MS)  # Billing's bar
    wait_for_link(page, {"window": ["30d"]})

    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Last 7 days").click()
    expect_first_metric(page, "3")  # 24–30 October
    wait_for_link(page, {"window": ["7d"]})

    # The sidebar's page links drop the query string; the app puts the filters back.
    page.get_by_test_id("stSidebarNav").get_by_text("Interactions").click()
    wait_for_link(page, {"window": ["7d"]}, path="/interactions")

    returns = app["team_ids"]["Returns"]
    page.goto(f"{app['base']}/?start=2026-10-01&end=2026-10-31&team={returns}&channel=chat")
    expect_first_metric(page, "3")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Returns")).to_be_visible(timeout=WAIT_MS)
    wait_for_link(
        page,
        {
            "start": ["2026-10-01"],
            "end": ["2026-10-31"],
            "team": [str(returns)],
            "channel": ["chat"],
        },
    )


def test_a_broken_link_is_explained_in_plain_text(app: dict[str, Any], page: Any) -> None:
    """An unknown team written as HTML is quoted as typed, not rendered, and the page works."""
    page.goto(app["base"] + "/?team=%3Cb%3E7%3C/b%3E&start=someday&end=2026-10-31")
    expect_first_metric(page, "10")
    alerts = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(alerts.filter(has_text="Ignored the team '<b>7</b>': no such team.")).to_have_count(1)
    expect(
        alerts.filter(has_text="Ignored the dates in the link ('someday', '2026-10-31')")
    ).to_have_count(1)
    wait_for_link(page, {"window": ["30d"]})
