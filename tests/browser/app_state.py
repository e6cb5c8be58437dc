"""Waiting on what the app shows, never on the clock: the link, a metric, a text.

A Streamlit rerun first leaves the page as it was (script state "notRunning" still holds for
a moment after a click), so checking the page right after ``wait_until_drawn`` can read the
previous run's figures on a loaded machine. These wait until the app shows the expected state
(Playwright retries until the timeout), so they are as fast as the app and never flaky.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from dashboard.local_server import wait_until_drawn

WAIT_MS = 60_000  # a loaded two-core machine; a quiet one answers in a second or two


def link(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_link(page: Any, expected: dict[str, list[str]], *, path: str = "") -> None:
    """Until the address bar's query is exactly ``expected`` (and its path ends with ``path``)."""
    page.wait_for_url(
        lambda url: urlsplit(url).path.endswith(path) and parse_qs(urlsplit(url).query) == expected,
        timeout=WAIT_MS,
    )


def expect_first_metric(page: Any, value: str) -> None:
    """Until the first KPI tile shows ``value``, then until the run has finished."""
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(value, timeout=WAIT_MS)
    wait_until_drawn(page, timeout_ms=WAIT_MS)
