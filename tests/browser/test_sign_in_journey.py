"""In a real Chromium: sign in through the form, stay signed in across a reload, sign out."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.local_server import COOKIE, TEST_CEO_EMAIL, sign_in, wait_until_drawn

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_app")]  # shares ``app``


def _sidebar_text(page: Any) -> str:
    return str(page.get_by_test_id("stSidebar").inner_text())


def test_signed_in_survives_a_reload_and_sign_out_does_not(
    app: dict[str, Any], signed_out_page: Any
) -> None:
    page, base = signed_out_page, app["base"]
    page.goto(base + "/team")  # a page link before signing in: only the sign-in is offered
    wait_until_drawn(page)
    assert page.get_by_role("heading", name="Sign in").count() == 1
    assert page.get_by_test_id("stSidebarNav").count() == 0  # no page is offered

    page.get_by_role("textbox", name="E-mail").fill(TEST_CEO_EMAIL)
    page.get_by_role("textbox", name="Password").fill("a wrong password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_test_id("stAlertContentError").wait_for()
    assert not [c for c in page.context.cookies() if c["name"] == COOKIE]

    sign_in(page, base)
    [cookie] = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["value"] not in page.url  # the token never rides in a link
    sidebar = _sidebar_text(page)
    assert "Signed in as Browser CEO · CEO / admin" in sidebar and TEST_CEO_EMAIL in sidebar

    page.reload()  # a new Streamlit session: only the cookie carries the sign-in
    wait_until_drawn(page)
    page.get_by_text("Signed in as").wait_for()
    assert page.get_by_role("heading", name="Overview").count() == 1
    assert cookie["value"] not in page.url

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.reload()
    wait_until_drawn(page)
    assert page.get_by_role("heading", name="Sign in").count() == 1
    assert page.get_by_text("Signed in as").count() == 0
    assert not [c for c in page.context.cookies() if c["name"] == COOKIE]  # removed too
