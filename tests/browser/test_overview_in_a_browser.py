"""In a real Chromium: the overview shows the data, and the link carries the filters."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.local_server import wait_until_drawn

pytestmark = pytest.mark.browser


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_the_overview_shows_figures_and_keeps_filters_in_the_link(
    app: dict[str, Any], page: Any
) -> None:
    """Ten interactions with Billing's bar; picking 7 days rewrites the link; a link restores."""
    page.goto(app["base"] + "/")
    wait_until_drawn(page)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "10"
    bars = page.locator(".js-plotly-plot").filter(has_text="interactions").first  # volume
    bars.get_by_text("Billing").first.wait_for()
    assert "3" in bars.locator("text.bartext").all_text_contents()
    assert query(page) == {"window": ["30d"]}

    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="Last 7 days").click()
    page.wait_for_url("**window=7d**")
    wait_until_drawn(page)
    assert query(page) == {"window": ["7d"]}
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "3"  # 24–30 October

    # The sidebar's page links drop the query string; the app puts the filters back.
    page.get_by_test_id("stSidebarNav").get_by_text("Interactions").click()
    page.wait_for_url("**/interactions?window=7d")
    wait_until_drawn(page)
    assert query(page) == {"window": ["7d"]}

    returns = app["team_ids"]["Returns"]
    page.goto(f"{app['base']}/?start=2026-10-01&end=2026-10-31&team={returns}&channel=chat")
    wait_until_drawn(page)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "3"
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Returns").is_visible()
    assert query(page) == {
        "start": ["2026-10-01"],
        "end": ["2026-10-31"],
        "team": [str(returns)],
        "channel": ["chat"],
    }


def test_a_broken_link_is_explained_in_plain_text(app: dict[str, Any], page: Any) -> None:
    """An unknown team written as HTML is quoted as typed, not rendered, and the page works."""
    page.goto(app["base"] + "/?team=%3Cb%3E7%3C/b%3E&start=someday&end=2026-10-31")
    wait_until_drawn(page)
    notes = page.get_by_test_id("stSidebar").get_by_test_id("stAlert").all_inner_texts()
    assert any("Ignored the team '<b>7</b>': no such team." in note for note in notes), notes
    assert any("Ignored the dates in the link ('someday', '2026-10-31')" in note for note in notes)
    assert page.get_by_test_id("stMetricValue").first.inner_text() == "10"
    assert query(page) == {"window": ["30d"]}
