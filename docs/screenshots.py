"""Screenshots of every page: ``python -m docs.screenshots [--db URL] [--out DIR]``.

Starts the app on a free port against the database given (default: the default SQLite
file), opens each page at 1440×900 in Debian's Chromium and saves ``<out>/<page>.png``:
first the sign-in page, then signs in through its form (by default as the demo CEO, whose
password ``data_sources/demo_accounts.py`` sets) and takes every page the CEO sees.
A full-page screenshot of a Streamlit app only captures the viewport (the main area
scrolls inside it), so the window is made as tall as the page before each shot.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.local_server import (
    CHROMIUM,
    launch_chromium,
    running_app,
    sign_in,
    wait_until_drawn,
)
from dashboard.navigation import PAGES
from data_sources.demo_accounts import DEMO_PASSWORDS, demo_email
from data_sources.engine import database_url, make_engine
from data_sources.models import AccountRole

OUT = Path(__file__).resolve().parent / "screenshots"
WIDTH, HEIGHT = 1440, 900
SETTLE_MS = 1500  # plotly animates its first draw


def opened_interaction(url: str) -> int | None:
    """The newest interaction with a transcript and a promise: the opened one to show."""
    from sqlalchemy import select

    from data_sources.interaction_detail import message
    from data_sources.interaction_queries import promise
    from data_sources.queries import interaction

    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(
            select(interaction.c.id)
            .where(interaction.c.id.in_(select(promise.c.interaction_id)))
            .where(interaction.c.id.in_(select(message.c.interaction_id)))
            .order_by(interaction.c.created_at.desc())
            .limit(1)
        ).scalar_one_or_none()
    engine.dispose()
    return None if found is None else int(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m docs.screenshots", description=__doc__)
    parser.add_argument("--db", metavar="URL", default=None, help="database URL")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder for the PNGs ({OUT})")
    parser.add_argument(
        "--email", default=demo_email(AccountRole.CEO), help="a CEO account (the demo CEO)"
    )
    parser.add_argument(
        "--password", default=DEMO_PASSWORDS[AccountRole.CEO], help="its password (the demo's)"
    )
    arguments = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    arguments.out.mkdir(parents=True, exist_ok=True)
    with running_app(database_url(arguments.db)) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(base + "/")
        wait_until_drawn(page)
        page.wait_for_timeout(SETTLE_MS)
        page.screenshot(path=str(arguments.out / "sign_in.png"))
        print(f"sign_in: {arguments.out / 'sign_in.png'}")
        sign_in(page, base, arguments.email, arguments.password)
        shots = [
            (entry.url_path, "" if index == 0 else entry.url_path)
            for index, entry in enumerate(PAGES)
        ]
        opened = opened_interaction(database_url(arguments.db))
        if opened is not None:
            shots.append(("interaction", f"interactions?id={opened}"))
        for name, path in shots:
            page.goto(f"{base}/{path}")
            wait_until_drawn(page)
            page.wait_for_timeout(SETTLE_MS)
            # The main area scrolls inside a fixed frame: grow the window to its full height.
            height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
            page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, int(height))})
            page.wait_for_timeout(SETTLE_MS)
            target = arguments.out / f"{name}.png"
            page.screenshot(path=str(target))
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
            print(f"{name}: {target}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
