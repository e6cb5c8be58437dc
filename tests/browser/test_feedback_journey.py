"""In a real Chromium: a leader picks the top recurring theme, then one of its interactions."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.local_server import launch_chromium, sign_in, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_demo")]  # ``demo_app``
ROW_HEIGHT = 35  # pixels of a grid row (and of its header)


def _pick_first_row(grid: Any) -> None:
    """Tick the first row's selection box (the grid draws on a canvas)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    grid.page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * 1.5)


def test_the_top_theme_lists_its_interactions_and_one_opens(demo_app: dict[str, Any]) -> None:
    """ "app failure login" heads the list; picking it lists its interactions, and picking one
    opens the Interactions page on that interaction, the window carried along."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        demo_url = demo_app["base"]
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        sign_in(page, demo_url)
        page.goto(demo_url + "/feedback?window=30d")
        wait_until_drawn(page)
        themes = page.get_by_test_id("stDataFrame").first
        cells = themes.locator("td[role=gridcell]")
        cells.filter(has_text=re.compile(r"^app failure login$")).first.wait_for(state="attached")
        _pick_first_row(themes)
        page.get_by_text("Interactions that raised “app failure login”").wait_for(timeout=30_000)
        wait_until_drawn(page)
        listed = page.get_by_test_id("stDataFrame").nth(1)
        first_id = listed.locator("td[role=gridcell]").first.inner_text().strip()
        _pick_first_row(listed)
        page.wait_for_url(re.compile(r"/interactions\?"), timeout=30_000)
        params = parse_qs(urlsplit(page.url).query)
        assert params["id"] == [first_id.replace(",", "")]
        assert params["window"] == ["30d"]
        browser.close()
