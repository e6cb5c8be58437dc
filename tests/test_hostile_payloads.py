"""The XSS payload list, imported into every text field, is stored and shown as plain text.

``tests/hostile_support.py`` puts each of the ≥ 100 payloads of ``tests/data/xss_payloads.txt``
into names, topics, tags, transcripts, comments, reviews, file names and quarantine reasons
through the real importer. Here: every value is stored byte for byte (both databases), every
CSV download made from it is neutralised, and every page opens on it (AppTest) with no
exception and no payload reaching markdown unescaped. The browser proof that no script runs
is ``tests/browser/test_xss.py``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from app_harness import open_app
from hostile_support import Hostile, fill_hostile, payloads
from import_support import rows
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard.components import escape_markdown
from data_sources.exports import FORMULA_LEADS, safe_csv


def test_the_list_holds_over_a_hundred_distinct_payloads_of_every_family() -> None:
    """≥ 100 lines, no repeats, and each family the issue names is there at least once."""
    every = payloads()
    assert len(every) >= 100
    assert len(set(every)) == len(every)
    joined = "\n".join(every).lower()
    for family in (
        "<script", "onerror=", "javascript:", "<svg", "<math", "](javascript:", "![",
        ":red[", "$$", "&#", "\u202e", "\u200b", "＜script＞", "=hyperlink(", "drop table",
    ):  # fmt: skip
        assert family.lower() in joined, family


@pytest.fixture
def hostile(engine: Engine, tmp_path: Path) -> Hostile:
    return fill_hostile(engine, tmp_path)


def test_every_payload_is_stored_exactly_in_every_field(engine: Engine, hostile: Hostile) -> None:
    """124 interactions, 248 messages, 124 promises, QA and public reviews, all done, none
    quarantined; each field holds its payload byte for byte."""
    every = hostile.payloads
    main = [s for s in hostile.summaries if s.file_name.endswith("s.csv")][:5]
    assert [(s.status, s.inserted, s.quarantined) for s in main] == [
        ("done", len(every), 0),
        ("done", 2 * len(every), 0),
        ("done", len(every), 0),
        ("done", len(every), 0),
        ("done", len(every), 0),
    ]
    stored = rows(
        engine,
        "SELECT i.external_id, i.topic, i.tags, i.csat_comment, c.name, p.name "
        "FROM interaction i JOIN customer c ON c.id = i.customer_id "
        "JOIN person p ON p.id = i.agent_id ORDER BY i.external_id",
    )
    assert len(stored) == len(every)
    for (key, topic, tags, comment, customer, agent), payload in zip(stored, every, strict=True):
        assert (topic, tags, comment, customer) == (payload[:300], payload, payload, payload[:200])
        assert agent == f"A{key[1:]} {payload}"[:200]
    said = rows(engine, "SELECT text FROM message WHERE author_role = 'customer' ORDER BY id")
    assert [text for (text,) in said] == [f"My app login failure again! {p}" for p in every]
    described = rows(engine, "SELECT description FROM promise ORDER BY external_id")
    assert [text for (text,) in described] == every
    commented = rows(engine, "SELECT comment FROM qareview ORDER BY id")
    assert [text for (text,) in commented] == every
    reviewed = rows(engine, "SELECT text, platform FROM publicreview ORDER BY external_id")
    assert reviewed == [(p, p[:100]) for p in every]
    teams = sorted(name for (name,) in rows(engine, "SELECT name FROM team"))
    assert teams == sorted(hostile.teams)


def test_payload_file_names_and_quarantine_reasons_are_kept_as_written(
    engine: Engine, hostile: Hostile
) -> None:
    """20 files named after payloads: each run keeps its name; its one bad row keeps the
    payload in the reason and the raw row."""
    kept = rows(
        engine,
        "SELECT r.file_name, q.reason, q.raw FROM quarantinedrow q "
        "JOIN importrun r ON r.id = q.import_run_id WHERE q.\"column\" = 'channel' ORDER BY q.id",
    )
    assert [name for name, _, _ in kept] == hostile.file_names
    assert len(kept) == 20
    for name, reason, raw in kept:
        channel = json.loads(raw)["channel"]
        assert name.startswith(channel)
        assert f"{channel!r}" in reason or channel in reason


def test_every_download_of_the_payloads_is_neutralised() -> None:
    """A CSV of all payloads: formula-led ones read back with a leading ', the rest as is."""
    every = payloads()
    frame = pd.DataFrame({"text": every, "team": every})
    read_back = pd.read_csv(
        io.StringIO(safe_csv(frame).decode("utf-8-sig")), dtype=str, keep_default_na=False
    )
    expected = ["'" + p if p.startswith(FORMULA_LEADS) else p for p in every]
    assert read_back["text"].tolist() == expected
    assert sum(p.startswith(FORMULA_LEADS) for p in every) >= 6


PAGES = ("overview", "team", "interactions", "feedback", "data", "settings")


@pytest.mark.slow
def test_every_page_opens_on_the_payloads_with_text_escaped(
    engine: Engine, database_url: str, hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On each page: no exception; any markdown element holding a payload holds it escaped,
    so the page shows the characters, not markup; and some payload is shown."""
    app = open_app(monkeypatch, database_url)
    for page in PAGES:
        app.switch_page(f"../pages/{page}.py").run()
        page_holds_no_markup(app, page, hostile)


def page_holds_no_markup(app: AppTest, page: str, hostile: Hostile) -> None:
    assert not app.exception, [e.value for e in app.exception]
    dangerous = [p for p in hostile.payloads if "<" in p or "](" in p or ":red[" in p]
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title"):
        for element in getattr(app, kind):
            body = str(element.value)
            for payload in dangerous:
                assert payload not in body, f"{page}: {kind} renders {payload!r} unescaped"
    shown = [
        str(e.value) for kind in ("markdown", "caption", "subheader") for e in getattr(app, kind)
    ]
    cells = "\n".join(
        "\n".join(map(str, frame.to_numpy().ravel())) for frame in (e.value for e in app.dataframe)
    )
    in_tables = any(payload in cells for payload in dangerous)
    escaped = any(escape_markdown(p) in body for body in shown for p in dangerous)
    assert in_tables or escaped, f"{page} shows no payload at all"
