"""Two leaders of different teams, signed in at the same time in two browser contexts against
one server: neither ever sees the other team's names or rows.

tests/scope_dataset.py: Lea leads Alpha (agents Ada and Abe), Leo leads Bravo (Bea and Bob).
Both sign in through the real form. For each of Overview, Team and Interactions, Lea opens
the page and Leo opens the same page right after (well inside the loaders' 30 s cache), then
each opens a crafted ``?id=`` link to an interaction of the other's team. The whole page's
text is searched, the tables' cells included (the grid keeps them in the DOM for screen
readers) and the charts' labels (SVG text).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scope_dataset import build
from sqlmodel import Session

from dashboard.local_server import launch_chromium, running_app, sign_in, wait_until_drawn
from data_sources.accounts import find_account, hash_password
from data_sources.engine import make_engine
from data_sources.schema import upgrade

pytestmark = pytest.mark.browser
PASSWORD = "two-leaders-password"
SHOTS = Path("/tmp/scope")
# A name not followed by a lower-case letter ("Lea" but not "Leader"); text nodes may be
# glued together ("asLea"), so nothing is required before it.
OWN = {"Lea": ("Alpha", "Ada", "Abe", "Lea"), "Leo": ("Bravo", "Bea", "Bob", "Leo")}
NOT_FOUND = "Interaction not found or not yours to see."


def _found(text: str, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if re.search(rf"{name}(?![a-z])", text)]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The scope dataset on a SQLite file, Lea and Leo with passwords, the app running."""
    from conftest import _require_chromium  # tests/browser/conftest.py

    _require_chromium()
    url = f"sqlite:///{tmp_path_factory.mktemp('two_leaders') / 'pulse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    org = build(engine)
    with Session(engine) as session:
        for email in ("lea@org.example", "leo@org.example"):
            account = find_account(session, email)
            assert account is not None
            account.password_hash = hash_password(PASSWORD)
            session.add(account)
        session.commit()
    engine.dispose()
    with running_app(url) as base:
        yield {"base": base, "org": org}


def _text(page: Any) -> str:
    """Everything the page holds as text, hidden grid cells and chart labels included."""
    text: str = page.evaluate("document.body.textContent")
    return text


def _open(page: Any, address: str, names: tuple[str, ...] = (), at_least: int = 0) -> str:
    """The page's text once drawn and once ``at_least`` of ``names`` are in it (the grid
    fills its cells in the DOM a moment after the script has finished)."""
    page.goto(address)
    wait_until_drawn(page)
    deadline = time.monotonic() + 30
    text = _text(page)
    while len(_found(text, names)) < at_least and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        text = _text(page)
    return text


def test_two_leaders_at_once_never_see_each_others_rows(served: dict[str, Any]) -> None:
    """Lea sees Alpha's names and never Bravo's, Leo the other way round, on every page, one
    right after the other, and a crafted link to the other team's interaction says only
    "not found or not yours"."""
    from playwright.sync_api import sync_playwright

    base, org = served["base"], served["org"]
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        pages = {}
        for leader in OWN:
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            pages[leader] = context.new_page()
            sign_in(pages[leader], base, f"{leader.lower()}@org.example", PASSWORD)
        other = {"Lea": "Leo", "Leo": "Lea"}
        wanted = {"overview": 1, "team": 2, "interactions": 3}  # how many own names at least
        for path, at_least in wanted.items():
            for leader, page in pages.items():  # Lea first, Leo right after: same cache window
                text = _open(page, f"{base}/{path}", OWN[leader], at_least)
                page.screenshot(path=str(SHOTS / f"two_leaders_{leader}_{path}.png"))
                assert _found(text, OWN[other[leader]]) == [], (leader, path)
                assert len(_found(text, OWN[leader])) >= at_least, (leader, path)
        crafted = {"Lea": org.interactions["Bea-1"], "Leo": org.interactions["Ada-1"]}
        for leader, page in pages.items():
            text = _open(page, f"{base}/interactions?id={crafted[leader]}")
            page.get_by_text(NOT_FOUND).wait_for(timeout=30_000)
            page.screenshot(path=str(SHOTS / f"two_leaders_{leader}_crafted_id.png"))
            assert _found(_text(page), OWN[other[leader]]) == [], leader
            assert f"Interaction {crafted[leader]}" not in text
        own = {"Lea": org.interactions["Ada-1"], "Leo": org.interactions["Bea-1"]}
        for leader, page in pages.items():  # the same link to their own team's interaction
            _open(page, f"{base}/interactions?id={own[leader]}")
            page.get_by_text(f"Interaction {own[leader]}").first.wait_for(timeout=30_000)
            assert _found(_text(page), OWN[other[leader]]) == [], leader
        browser.close()
