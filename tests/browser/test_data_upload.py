"""In a real Chromium: a file chosen on the Data page is imported and summarised."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.local_server import wait_until_drawn

pytestmark = pytest.mark.browser

NOVEMBER = (
    "interaction_id,created_at,channel,team,agent,csat\n"
    "N1,2026-11-01T09:00:00Z,email,Billing,Ann,5\n"
    "N2,2026-11-02T09:00:00Z,phone,Billing,Ann,4\n"
    "N3,2026-11-03T09:00:00Z,chat,Returns,Bob,3\n"
    "N4,2026-11-04T09:00:00Z,chat,Returns,Bob,7\n"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """tests/app_dataset.py served from a file of this module's own: the upload adds November,
    which would move the 30-day window of the session's shared ``app``."""
    from conftest import serving_app_dataset  # tests/browser/conftest.py

    with serving_app_dataset(tmp_path_factory.mktemp("upload")) as served:
        yield served


def test_an_uploaded_csv_is_imported_and_its_counts_shown(
    app: dict[str, Any], page: Any, tmp_path: Path
) -> None:
    """november.csv: 3 inserted and 1 quarantined, said on the page after Import."""
    upload = tmp_path / "november.csv"
    upload.write_text(NOVEMBER)
    page.goto(app["base"] + "/data")
    wait_until_drawn(page)
    page.get_by_text("500 MB per file").wait_for()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("november.csv").first.wait_for()
    page.get_by_role("button", name="Import").click()
    summary = page.get_by_text("november.csv: 3 inserted, 0 updated, 0 unchanged, 1 quarantined.")
    summary.wait_for(timeout=60_000)
    assert summary.is_visible()
