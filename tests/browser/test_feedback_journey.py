"""In a real Chromium: a leader picks the top recurring theme, then one of its interactions."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.local_server import (
    ensure_account,
    launch_chromium,
    running_app,
    sign_in,
    wait_until_drawn,
)

pytestmark = pytest.mark.browser
PULSE = Path(sys.executable).with_name("pulse")
ROW_HEIGHT = 35  # pixels of a grid row (and of its header)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a small demo organisation (6,000 interactions up to 1 November 2026)."""
    from conftest import _require_chromium

    _require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('feedback') / 'pulse.db'}"
    command = [str(PULSE), "demo", "--interactions", "6000", "--until", "2026-11-01"]
    subprocess.run([*command, "--db", url], check=True, capture_output=True, timeout=300)
    ensure_account(url)
    with running_app(url) as base:
        yield base


def _pick_first_row(grid: Any) -> None:
    """Tick the first row's selection box (the grid draws on a canvas)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    grid.page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * 1.5)


def test_the_top_theme_lists_its_interactions_and_one_opens(demo_url: str) -> None:
    """ "app failure login" heads the list; picking it lists its interactions, and picking one
    opens the Interactions page on that interaction, the window carried along."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
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
