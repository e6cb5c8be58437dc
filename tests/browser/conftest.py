"""Running apps on small, known databases and a Chromium page to drive them, signed in.

A Streamlit server takes seconds to start and its first page seconds more (tens of seconds on
a loaded machine), so servers are shared where the tests only read: ``app`` (the app dataset)
and ``demo_app`` (a small demo organisation) live for the whole test session, and the modules
that use them carry the mark ``xdist_group("browser_app")`` or ``xdist_group("browser_demo")``
so that pytest-xdist (``--dist loadgroup``) runs them on one worker and starts each server
once. A test that writes to its database (an upload,
an import) serves a copy of its own from a module fixture instead.

``page`` is signed in as the test CEO through the real sign-in form (the session cookie then
keeps every ``page.goto`` of that context signed in); ``signed_out_page`` is not. Each test
gets a fresh browser context, so no cookie carries over. To sign in as someone else, make the
account with ``dashboard.local_server.ensure_account(url, email, password, role=...)`` and
call ``dashboard.local_server.sign_in(page, base, email, password)`` on a page of a fresh
browser context.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

PULSE = Path(sys.executable).with_name("pulse")


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("PULSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PULSE_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@contextmanager
def serving(url: str, folder: Path) -> Iterator[str]:
    """The app on ``url``, its output in ``folder``/server.log (a server living for the whole
    session would otherwise stall once it filled a pipe nobody reads)."""
    with running_app(url, output=folder / "server.log") as base:
        yield base


@contextmanager
def serving_app_dataset(folder: Path) -> Iterator[dict[str, Any]]:
    """tests/app_dataset.py on a SQLite file in ``folder``, the test CEO made, the app running:
    its base URL, team ids and database URL."""
    _require_chromium()
    url = f"sqlite:///{folder / 'pulse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    team_ids = fill(engine)
    engine.dispose()
    ensure_account(url)
    with serving(url, folder) as base:
        yield {"base": base, "team_ids": team_ids, "url": url}


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app's base URL on a SQLite file holding tests/app_dataset.py, and its team ids;
    shared by the session's tests, which only read it (marked ``xdist_group("browser_app")``)."""
    with serving_app_dataset(tmp_path_factory.mktemp("browser")) as served:
        yield served


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app on a small demo organisation (6,000 interactions up to 1 November 2026), shared
    by the session's tests, which only read it (marked ``xdist_group("browser_demo")``)."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'pulse.db'}"
    command = [str(PULSE), "demo", "--interactions", "6000", "--until", "2026-11-01"]
    subprocess.run([*command, "--db", url], check=True, capture_output=True, timeout=300)
    ensure_account(url)
    with serving(url, folder) as base:
        yield {"base": base, "url": url}


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
