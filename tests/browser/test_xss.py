"""In a real Chromium: 124 XSS payloads in every text field, and no script of theirs runs.

The app serves a database filled by ``tests/hostile_support.fill_hostile`` (the payloads of
``tests/data/xss_payloads.txt`` in names, topics, tags, transcripts, comments, reviews, file
names, quarantine reasons and settings). Every page is opened signed in as the CEO, plus one
interaction's transcript, the Feedback page and the Data page's quarantine. On each:

- no dialog opens (``alert``/``confirm``/``prompt`` of a payload; ``page.on("dialog")``);
- the canary stays unset: payloads write ``window.__xss = 1`` (or ``parent.__xss``), checked
  in the page and in every frame;
- no request leaves for a payload's address (``xss.invalid``, ``evil.invalid``, a ``src=x``);
- no console error (failed loads are judged by their address, above);
- and the payload's own characters are in the page's text: shown, not interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile_support import Hostile, fill_hostile
from sqlalchemy import text

from dashboard.local_server import (
    ensure_account,
    launch_chromium,
    running_app,
    sign_in,
    wait_until_drawn,
)
from data_sources.engine import make_engine
from data_sources.schema import upgrade

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser_xss")]
CANARY = "window.__xss = 0;"
# A request for one of these is a payload's markup being run by the browser.
PAYLOAD_ADDRESSES = re.compile(r"xss\.invalid|evil\.invalid|/x$|/x[\"`]|javascript:")
SCREENSHOT = Path("/tmp/hostile/xss-transcript.png")
SETTLE_MS = 1_500  # autofocus, onload, animate onbegin, meta refresh: give them time to fire


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from conftest import _require_chromium

    _require_chromium()
    directory = tmp_path_factory.mktemp("xss")
    url = f"sqlite:///{directory / 'pulse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    stored = fill_hostile(engine, directory)
    with engine.connect() as connection:
        first = connection.execute(
            text("SELECT id FROM interaction WHERE external_id = 'X000'")
        ).scalar_one()
    engine.dispose()
    ensure_account(url)
    with running_app(url) as base:
        yield {"base": base, "hostile": stored, "first": first}


class Watch:
    """Everything a payload could make the browser do, collected while pages are opened."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.context.on("request", self._request)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        # A failed load is judged by its address in ``_request`` (the app's own icon font
        # is fetched from the internet, which this machine has none of).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _request(self, request: Any) -> None:
        if PAYLOAD_ADDRESSES.search(request.url):
            self.requests.append(request.url)


@pytest.fixture
def watched(hostile_app: dict[str, Any]) -> Iterator[tuple[Any, Watch]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 1200})
        context.add_init_script(CANARY)
        page = context.new_page()
        watch = Watch(page)
        sign_in(page, hostile_app["base"])
        yield page, watch
        context.close()
        browser.close()


def canaries(page: Any) -> list[tuple[str, Any]]:
    """``window.__xss`` in the page and in every frame (0 where the init script ran)."""
    found = []
    for frame in page.frames:
        try:
            found.append((frame.url, frame.evaluate("() => window.__xss")))
        except Exception as error:  # a frame that went away while we asked
            found.append((frame.url, f"unreadable: {type(error).__name__}"))
    return found


def page_text(page: Any) -> str:
    """All text of the page and its frames, hidden grid cells included (textContent)."""
    return "\n".join(frame.evaluate("() => document.body.textContent") for frame in page.frames)


def open_and_check(
    page: Any, watch: Watch, address: str, hostile: Hostile, *shown: str, tab: str = ""
) -> None:
    page.goto(address)
    wait_until_drawn(page)
    if tab:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(500)
    page.mouse.move(700, 500)  # hover handlers get their chance
    page.wait_for_timeout(SETTLE_MS)
    assert watch.dialogs == [], f"{address}: a dialog opened: {watch.dialogs}"
    assert watch.requests == [], f"{address}: payload requests: {watch.requests}"
    assert watch.errors == [], f"{address}: console errors: {watch.errors}"
    set_canaries = [(url, value) for url, value in canaries(page) if value not in (0, None)]
    assert not set_canaries, f"{address}: a payload ran: {set_canaries}"
    # the main frame's canary was set up by the init script, so the check above is live
    assert page.evaluate("() => window.__xss") == 0
    words = page_text(page)
    for expected in shown:
        assert expected in words, f"{address}: {expected!r} is not shown as text"
    tagged = [payload for payload in hostile.payloads if "<" in payload and payload in words]
    assert tagged, f"{address}: no payload with a tag is shown as text"


def test_no_payload_runs_on_any_page(hostile_app: dict[str, Any], watched: Any) -> None:
    """Overview, Team, Interactions (the list and X000's transcript), Feedback, Data and
    Settings: no dialog, no canary, no request, no console error; the payloads as text."""
    page, watch = watched
    base, hostile = hostile_app["base"], hostile_app["hostile"]
    first_team = hostile.teams[0]  # "T000 <script>window.__xss=1;alert(1)</script>"
    window = "?start=2026-10-01&end=2026-10-31"
    open_and_check(page, watch, f"{base}/{window}", hostile, first_team)  # the Overview
    open_and_check(page, watch, f"{base}/team{window}", hostile)
    open_and_check(page, watch, f"{base}/interactions{window}", hostile)
    transcript = f"My app login failure again! {hostile.payloads[0]}"
    open_and_check(
        page,
        watch,
        f"{base}/interactions{window}&id={hostile_app['first']}",
        hostile,
        transcript,
    )
    # for a person to look at: the list and X000's transcript, payloads written out as text
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    open_and_check(page, watch, f"{base}/feedback{window}", hostile)
    open_and_check(page, watch, f"{base}/data", hostile, hostile.file_names[-1], "is not one of")
    open_and_check(page, watch, f"{base}/settings", hostile, hostile.scorecard, tab="Scorecards")


def test_a_payload_typed_into_a_filter_is_shown_as_text(
    hostile_app: dict[str, Any], watched: Any
) -> None:
    """The quarantine's "Reason contains" gets a script tag: no script runs, the rows that
    quote it are listed, and the typed text stays as typed."""
    page, watch = watched
    base = hostile_app["base"]
    page.goto(f"{base}/data")
    wait_until_drawn(page)
    box = page.get_by_role("textbox", name="Reason contains")
    typed = "<svg onload=window.__xss=1>"
    box.fill(typed)
    box.press("Enter")
    wait_until_drawn(page)
    page.wait_for_timeout(SETTLE_MS)
    assert box.input_value() == typed
    assert watch.dialogs == [] and watch.requests == [] and watch.errors == []
    assert all(value in (0, None) for _, value in canaries(page))
    assert typed in page_text(page)
    assert "The newest 1 matching rows" in page_text(page)
