"""Role × page: which pages each role is offered, and whose rows every table and CSV holds.

On tests/scope_dataset.py: Alpha (agents Ada and Abe, leader Lea), Bravo (Bea and Bob, leader
Leo). Each viewer signs in (``open_app(account=...)``) and opens every page. A page missing from
their navigation cannot be opened (AppTest: "Known pages"). On the pages they may open, every
table and every CSV download (the file the button would serve, built by its own callable) is
searched for the names of people and teams; the names found across the page must be exactly
those of the table below, and no single table or file may hold a name outside the viewer's
scope. The CEO's Team page opens on Alpha, the first team.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from app_harness import open_app, texts
from scope_dataset import VIEWERS, Org, built_once
from served_downloads import Served, downloads
from streamlit.testing.v1 import AppTest

from dashboard.scorecard_form import NOT_A_REVIEWER

PAGES = ("overview", "team", "interactions", "feedback", "data", "settings", "audit")
NAMES = re.compile(r"\b(Ada|Abe|Bea|Bob|Alpha|Bravo|Lea|Leo)\b")
A, B = "Abe Ada Alpha", "Bea Bob Bravo"
ALL = f"{A} {B}"
NOT_OFFERED = None

# viewer -> page -> the names its tables and downloads show ("" none; None: not offered).
# Leaders' names appear where the page sets them beside their team (walking the talk, teams).
EXPECTED: dict[str, dict[str, str | None]] = {
    "ceo": {
        "overview": "Alpha Bravo Lea Leo",
        "team": A,
        "interactions": ALL,
        "feedback": ALL,
        "data": "",
        "settings": "Alpha Bravo Lea Leo",
        "audit": "",
    },
    "leader A": {
        "overview": "Alpha Lea",
        "team": A,
        "interactions": A,
        "feedback": A,
        "data": NOT_OFFERED,
        "settings": NOT_OFFERED,
        "audit": NOT_OFFERED,
    },
    "leader B": {
        "overview": "Bravo Leo",
        "team": B,
        "interactions": B,
        "feedback": B,
        "data": NOT_OFFERED,
        "settings": NOT_OFFERED,
        "audit": NOT_OFFERED,
    },
    "qa of A": {
        "overview": "Alpha Lea",
        "team": NOT_OFFERED,
        "interactions": A,
        "feedback": A,
        "data": NOT_OFFERED,
        "settings": NOT_OFFERED,
        "audit": NOT_OFFERED,
    },
    "agent Ada": {
        "overview": NOT_OFFERED,
        "team": "Ada",  # her own work in Alpha; the team's name is in no table of it
        "interactions": "Ada Alpha",
        "feedback": NOT_OFFERED,
        "data": NOT_OFFERED,
        "settings": NOT_OFFERED,
        "audit": NOT_OFFERED,
    },
    "no access": dict.fromkeys(PAGES, NOT_OFFERED),
}
# The names each viewer's scope allows in any one table or file.
ALLOWED = {
    "ceo": set(f"{ALL} Lea Leo".split()),
    "leader A": set(f"{A} Lea".split()),
    "leader B": set(f"{B} Leo".split()),
    "qa of A": set(f"{A} Lea".split()),
    "agent Ada": {"Ada", "Alpha"},
    "no access": set(),
}
# Rows of the interactions list (and its CSV): 3 per agent in scope.
INTERACTION_ROWS = {"ceo": 12, "leader A": 6, "leader B": 6, "qa of A": 6, "agent Ada": 3}


# The organisation is built once per database for the whole module: its tests only read it
# (signing in adds a session row, which no page shows), and building it per test took 1-5 s
# of a test's 3-10 s (load 12). The group keeps the module on one pytest-xdist worker, in one go.
org = built_once  # the module's ``org`` fixture: built once per database
pytestmark = pytest.mark.xdist_group("access_matrix")


def _email(viewer: str) -> str:
    return f"{VIEWERS[viewer][0].lower()}@org.example"


def _contents(app: AppTest, served: Served) -> dict[str, str]:
    """Every table (as CSV text) and every enabled download's file, by a readable label."""
    found: dict[str, str] = {}
    for number, table in enumerate(app.dataframe):
        frame: pd.DataFrame = table.value
        found[f"table {number} {list(frame.columns)[:3]}"] = frame.to_csv(index=False)
    for key, data in downloads(app, served).items():
        found[f"download {key}"] = data
    return found


def _names(text: str) -> set[str]:
    return set(NAMES.findall(text))


MATRIX = [(viewer, page) for viewer in EXPECTED for page in PAGES]


@pytest.mark.parametrize(("viewer", "page"), MATRIX, ids=[f"{v}-{p}" for v, p in MATRIX])
def test_each_role_sees_exactly_its_rows_on_every_page_and_download(
    module_database_url: str,
    org: Org,
    served: Served,
    monkeypatch: pytest.MonkeyPatch,
    viewer: str,
    page: str,
) -> None:
    """It offers the page or not as the table says, and shows exactly the table's names."""
    app = open_app(monkeypatch, module_database_url, account=_email(viewer))
    assert not app.exception, app.exception
    expected = EXPECTED[viewer][page]
    if expected is None:
        with pytest.raises(ValueError, match="Known pages"):
            app.switch_page(f"../pages/{page}.py").run()
        return
    app.switch_page(f"../pages/{page}.py").run()
    assert not app.exception, app.exception
    contents = _contents(app, served)
    leaks = {
        label: sorted(_names(text) - ALLOWED[viewer])
        for label, text in contents.items()
        if _names(text) - ALLOWED[viewer]
    }
    assert leaks == {}
    shown = set().union(*(_names(text) for text in contents.values()))
    assert sorted(shown) == sorted(expected.split())
    if page == "interactions":
        rows = INTERACTION_ROWS[viewer]
        assert len(app.dataframe[0].value) == rows
        assert contents["download interactions_csv"].count("\n") == rows + 1  # and a header


# viewer -> which of Ada-1 (Alpha) and Bea-1 (Bravo) a crafted ?id= link opens.
DEEP_LINKS = {
    "ceo": {"Ada-1": True, "Bea-1": True},
    "leader A": {"Ada-1": True, "Bea-1": False},
    "leader B": {"Ada-1": False, "Bea-1": True},
    "qa of A": {"Ada-1": True, "Bea-1": False},
    "agent Ada": {"Ada-1": True, "Bea-1": False},
}


@pytest.mark.parametrize("viewer", list(DEEP_LINKS))
def test_a_crafted_deep_link_opens_only_an_interaction_in_scope(
    module_database_url: str, org: Org, monkeypatch: pytest.MonkeyPatch, viewer: str
) -> None:
    """It opens Ada-1 and Bea-1 by ``?id=`` as the table says; one outside the scope says
    exactly what an unknown id says, and nothing of it (its agent's name) is on the page."""
    for name, opens in DEEP_LINKS[viewer].items():
        number = org.interactions[name]
        app = open_app(monkeypatch, module_database_url, account=_email(viewer), id=str(number))
        app.switch_page("../pages/interactions.py").run()
        assert not app.exception, app.exception
        headers = [header.value for header in app.subheader]
        shown_text = " ".join(text.value for text in app.text)
        agent = name.split("-")[0]
        if opens:
            assert f"Interaction {number}" in headers
            assert f"({agent} 1)" in shown_text  # the customer's message, as text
        else:
            assert "Interaction not found or not yours to see." in texts(app)
            assert f"Interaction {number}" not in headers
            assert agent not in shown_text
            assert all(agent not in _names(t.value.to_csv()) for t in app.dataframe)


@pytest.mark.parametrize(
    ("viewer", "interaction", "offered"),
    [
        ("leader A", "Ada-1", True),
        ("qa of A", "Abe-1", True),
        ("ceo", "Bea-1", True),
        ("agent Ada", "Ada-1", False),  # her own work: she may see it, not score it
    ],
)
def test_the_review_form_is_offered_only_to_who_may_review(
    module_database_url: str,
    org: Org,
    monkeypatch: pytest.MonkeyPatch,
    viewer: str,
    interaction: str,
    offered: bool,
) -> None:
    """It shows the scorecard form to Lea, Quinn and the CEO, and to Ada only the note."""
    number = org.interactions[interaction]
    app = open_app(monkeypatch, module_database_url, account=_email(viewer), id=str(number))
    app.switch_page("../pages/interactions.py").run()
    assert not app.exception, app.exception
    assert f"Interaction {number}" in [header.value for header in app.subheader]
    buttons = [button.label for button in app.button]
    assert ("Save review" in buttons) is offered
    assert (NOT_A_REVIEWER in texts(app)) is not offered


@pytest.mark.parametrize(
    ("viewer", "reviewers"),
    [("leader A", ["Lea"]), ("qa of A", ["Quinn"]), ("ceo", ["Lea", "Leo", "Nora", "Quinn"])],
)
def test_the_review_form_offers_only_the_signed_in_reviewer(
    module_database_url: str,
    org: Org,
    monkeypatch: pytest.MonkeyPatch,
    viewer: str,
    reviewers: list[str],
) -> None:
    """Lea and Quinn review under their own names; the CEO may record one for any reviewer."""
    number = org.interactions["Ada-1"]
    app = open_app(monkeypatch, module_database_url, account=_email(viewer), id=str(number))
    app.switch_page("../pages/interactions.py").run()
    assert not app.exception, app.exception
    chosen = app.selectbox(key="qa_reviewer")
    assert sorted(chosen.options) == reviewers  # AppTest gives the shown labels
