"""A running app on a small, known database and a Chromium page to drive it, signed in.

``page`` is signed in as the test CEO through the real sign-in form (the session cookie then
keeps every ``page.goto`` of that context signed in); ``signed_out_page`` is not. To sign in
as someone else, make the account with ``dashboard.local_server.ensure_account(url, email,
password, role=...)`` and call ``dashboard.local_server.sign_in(page, base, email,
password)`` on a page of a fresh browser context.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_dataset import fill

from dashboard.local_server import (
    CHROMIUM,
    ensure_account,
    launch_chromium,
    running_app,
    sign_in,
)
from data_sources.engine import make_engine
from data_sources.schema import upgrade


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("PULSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PULSE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app's base URL on a SQLite file holding tests/app_dataset.py, and its team ids."""
    _require_chromium()
    path: Path = tmp_path_factory.mktemp("browser") / "pulse.db"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    team_ids = fill(engine)
    engine.dispose()
    ensure_account(url)
    with running_app(url) as base:
        yield {"base": base, "team_ids": team_ids, "url": url}


@pytest.fixture
def signed_out_page(app: dict[str, Any]) -> Iterator[Any]:
    """A page of a fresh browser context: no cookie, so the app offers only the sign-in."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def page(app: dict[str, Any], signed_out_page: Any) -> Any:
    """A page signed in as the test CEO through the sign-in form."""
    sign_in(signed_out_page, app["base"])
    return signed_out_page
