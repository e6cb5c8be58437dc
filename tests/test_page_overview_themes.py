"""The Overview lists the top recurring complaints; a link opens one on the Feedback page.

The Feedback page's hand-made themes (``test_page_feedback._fill``): "refund" raised by 3
customers (A, B, C, all Billing, the last on 2026-10-20), "password reset" by 2. Both
databases, from the entrypoint.
"""

from __future__ import annotations

import pandas as pd
import pytest
from app_harness import open_app, table
from served_downloads import Served, downloads
from sqlalchemy import Engine
from test_page_feedback import ODD_QUOTE, _fill, open_feedback


def test_the_overview_lists_the_theme_three_customers_raised(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, served: Served
) -> None:
    """Refund: 3 customers, 3 interactions, last heard 2026-10-20, Billing; no password reset.
    Its CSV holds the same one theme."""
    _fill(engine)
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/overview.py").run()
    assert not app.exception, app.exception
    assert "Top recurring complaints" in [h.value for h in app.subheader]
    themes = table(app, "theme", "customers", "last_heard")
    assert themes[["theme", "customers", "interactions", "teams"]].values.tolist() == [
        ["refund", 3, 3, "Billing"]
    ]
    assert pd.Timestamp(themes["last_heard"].iloc[0]).date().isoformat() == "2026-10-20"
    assert [b.label for b in app.button if b.key == "overview_all_themes"]
    lines = downloads(app, served)["overview_themes_csv"].splitlines()
    assert len(lines) == 2 and lines[1].startswith("refund,3,")


def test_a_linked_theme_opens_with_its_interactions_on_the_feedback_page(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """?theme=refund (what picking it on the Overview sends) lists its three interactions,
    newest first, quoting the customers as they wrote; an unknown theme lists none."""
    _fill(engine)
    app = open_feedback(monkeypatch, database_url, theme="refund")
    found = table(app, "id", "quote")
    assert found["quote"].tolist() == [ODD_QUOTE, "Refund please.", "No refund yet."]
    app = open_feedback(monkeypatch, database_url, theme="<b>nothing</b>")
    assert not [e for e in app.dataframe if "quote" in e.value.columns and "id" in e.value.columns]
