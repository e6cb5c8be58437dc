"""The app on a free local port, and a Chromium to look at it (browser tests, screenshots).

Debian's Chromium (``/usr/bin/chromium``) is used as installed: nothing is downloaded. The
flags keep it from reaching the network and from needing a sandbox or a GPU.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from data_sources.engine import DATABASE_URL_VARIABLE, make_engine

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# The CEO account browser tests and screenshots of test databases sign in with (never real).
TEST_CEO_EMAIL = "browser-ceo@pulse.test"
TEST_CEO_PASSWORD = "browser-ceo-password"
COOKIE = "pulse_session"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_app(
    database_url: str,
    *,
    timeout: float = 60,
    script: Path = ROOT / "dashboard" / "app.py",
    variables: dict[str, str] | None = None,
    output: Path | None = None,
) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` (or another entrypoint, ``script``) on
    ``database_url``, with extra environment ``variables``; yields its base URL. The server's
    own output goes to the file ``output`` when given (a long run's log would fill a pipe
    nobody reads and stall the server), else to a pipe read when it fails to start."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    environment = os.environ | (variables or {}) | {DATABASE_URL_VARIABLE: database_url}
    log = output.open("ab") if output else None
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, timeout)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            log.close()


def _wait_healthy(base: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"the app stopped before it was ready:\n{output[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the app at {base} was not healthy within {timeout:.0f} s")


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium through Playwright, headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def wait_until_drawn(page: Any, *, timeout_ms: float = 60_000) -> None:
    """Wait until the script has finished and no placeholder is left on the page."""
    page.wait_for_selector(READY, timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stSkeleton"]', state="detached", timeout=timeout_ms)


def ensure_account(
    database_url: str,
    email: str = TEST_CEO_EMAIL,
    password: str = TEST_CEO_PASSWORD,
    *,
    role: str = "ceo",
    name: str = "Browser CEO",
) -> None:
    """An account ``email`` with ``password`` and ``role`` (made, or its password reset)."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from data_sources.accounts import add_account, find_account, hash_password

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            found = find_account(session, email)
            if found is None:
                add_account(
                    session, email=email, name=name, role=role, now=datetime.now(UTC),
                    password=password,
                )  # fmt: skip
            else:
                found.password_hash = hash_password(password)
                session.add(found)
            session.commit()
    finally:
        engine.dispose()


def sign_in(
    page: Any,
    base: str,
    email: str = TEST_CEO_EMAIL,
    password: str = TEST_CEO_PASSWORD,
    *,
    timeout_ms: float = 60_000,
) -> None:
    """Sign in through the real form at ``base`` and wait until the browser holds the
    session cookie, so later ``page.goto`` calls in the same context stay signed in.

    The account must exist (``ensure_account``, ``pulse users add`` or the demo accounts).
    Raises ``AssertionError`` with the page's message when the sign-in is refused.
    """
    page.goto(base + "/")
    wait_until_drawn(page, timeout_ms=timeout_ms)
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    signed = page.get_by_text("Signed in as")
    refused = page.get_by_test_id("stAlertContentError")
    signed.or_(refused).first.wait_for(timeout=timeout_ms)
    if not signed.count():
        raise AssertionError(f"sign-in as {email} refused: {refused.first.inner_text()}")
    deadline = time.monotonic() + timeout_ms / 1000
    while not any(c["name"] == COOKIE for c in page.context.cookies()):
        if time.monotonic() > deadline:
            raise TimeoutError("the session cookie was not written")
        page.wait_for_timeout(100)
    wait_until_drawn(page, timeout_ms=timeout_ms)
