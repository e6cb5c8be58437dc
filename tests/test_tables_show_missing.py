"""Every table says "—" for a value that is not there, never Streamlit's "None".

A QA list with a first response still to come, or a CSAT never given, showed the word
"None" in grey: a program's word, not a person's. ``components.data_table`` draws every
table with the placeholder; this scan keeps pages and dashboard modules from calling
``st.dataframe`` around it, and the Team page's tables are checked as drawn.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest
from app_harness import open_app
from sqlalchemy import Engine
from team_live_dataset import fill

from dashboard.components import MISSING

ROOT = Path(__file__).resolve().parents[1]


def direct_dataframe_calls() -> list[str]:
    found = []
    for folder in ("dashboard", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("dataframe", "data_editor")
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_table_is_drawn_by_data_table() -> None:
    """The one call to st.dataframe is data_table's own."""
    assert direct_dataframe_calls() == ["dashboard/components.py:" + str(_data_table_line())]


def _data_table_line() -> int:
    tree = ast.parse((ROOT / "dashboard/components.py").read_text(encoding="utf-8"))
    function = next(
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "data_table"
    )
    call = next(
        node
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    )
    return call.lineno


def test_the_team_pages_tables_show_a_dash_for_nothing(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn tables carry the placeholder to the browser (the proto Streamlit sends)."""
    fill(engine, datetime.now(UTC))
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/team.py").run()
    assert not app.exception, app.exception
    assert len(app.dataframe) >= 3
    assert {element.proto.placeholder for element in app.dataframe} == {MISSING}
