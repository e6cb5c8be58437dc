"""In a real Chromium: QA opens an interaction by its link, scores it, sees the score."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from interactions_dataset import CUSTOMER_TEXT, fill

from dashboard.local_server import (
    ensure_account,
    launch_chromium,
    running_app,
    sign_in,
    wait_until_drawn,
)
from data_sources.engine import make_engine
from data_sources.schema import upgrade

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def qa_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app on a SQLite file holding tests/interactions_dataset.py (five interactions)."""
    from conftest import _require_chromium

    _require_chromium()
    path: Path = tmp_path_factory.mktemp("qa") / "pulse.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    known = fill(engine)
    engine.dispose()
    ensure_account(url)
    with running_app(url) as base:
        yield {"base": base, "first": known.interactions[0]}


@pytest.fixture
def qa_page(qa_app: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        sign_in(page, qa_app["base"])
        yield page
        context.close()
        browser.close()


def _answer(page: Any, category: str, value: str) -> None:
    group = page.get_by_test_id("stRadio").filter(has_text=category)
    group.get_by_text(value, exact=True).click()


def test_qa_scores_an_interaction_from_its_link(
    qa_app: dict[str, Any], qa_page: Any, tmp_path: Path
) -> None:
    """4/5 and 5/5 at weights 1 and 1: 87.5 is shown after saving and is in the list's CSV."""
    first, page = qa_app["first"], qa_page
    page.goto(f"{qa_app['base']}/interactions?id={first}")
    wait_until_drawn(page)
    page.get_by_text(CUSTOMER_TEXT, exact=True).wait_for()  # the markup shown as typed

    reviewer = page.get_by_test_id("stSelectbox").filter(has_text="Reviewer")
    reviewer.click()
    page.keyboard.type("Quinn")  # typing narrows the options; sturdier than a click under load
    page.keyboard.press("Enter")
    _answer(page, "Greeting", "4")
    _answer(page, "Solution", "5")
    _answer(page, "Identity checked", "n/a")
    page.get_by_label("Comment").fill("Fixed it at once")
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Review saved. Score: 87.5.").wait_for()
    wait_until_drawn(page)
    assert f"id={first}" in page.url

    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").first.click()
    saved = tmp_path / "list.csv"
    download.value.save_as(saved)
    with saved.open(newline="", encoding="utf-8-sig") as handle:
        scores = {row["id"]: row["qa_score"] for row in csv.DictReader(handle)}
    assert float(scores[str(first)]) == 87.5
