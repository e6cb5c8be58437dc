"""Uploaded files are imported with progress, summarised, logged, and shown on the Data page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from app_harness import open_app, table, texts
from sqlalchemy import Engine, text
from sqlmodel import Session

from dashboard.data_upload import import_uploads, summary_table
from data_sources import audit

OCTOBER = (
    "interaction_id,created_at,channel,team,agent,csat\n"
    "A1,2026-10-01T09:00:00Z,email,Billing,Ann,5\n"
    "A2,2026-10-02T09:00:00Z,phone,Billing,Ann,4\n"
    "A3,2026-10-03T09:00:00Z,chat,Returns,Bob,3\n"
    "A4,2026-10-04T09:00:00Z,chat,Returns,Bob,7\n"
)


@dataclass
class Upload:
    """What the page receives from st.file_uploader: a name and the bytes."""

    name: str
    content: bytes

    def getvalue(self) -> bytes:
        return self.content


def test_three_good_rows_are_stored_and_a_csat_of_7_is_quarantined(engine: Engine) -> None:
    """october.csv: 3 inserted, 1 quarantined on csat (line 5), an import event with the counts."""
    progress: list[float] = []
    [summary] = import_uploads(
        engine,
        [Upload("october.csv", OCTOBER.encode())],
        report=lambda done, _what: progress.append(done),
    )
    assert (summary.status, summary.inserted, summary.quarantined) == ("done", 3, 1)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT external_id FROM interaction ORDER BY 1"))
        assert [row[0] for row in stored] == ["A1", "A2", "A3"]
        kept = connection.execute(text('SELECT file_name, line, "column" FROM quarantinedrow'))
        assert [tuple(row) for row in kept] == [("october.csv", 5, "csat")]
    with Session(engine) as session:
        [event] = audit.recent(session, action="import")
        assert event.target == "october.csv"
        assert {k: audit.detail_of(event)[k] for k in ("inserted", "quarantined")} == {
            "inserted": 3,
            "quarantined": 1,
        }
    assert progress[0] == 0.0
    assert progress[-1] == 1.0
    assert progress == sorted(progress)


def test_an_empty_file_is_refused_and_the_next_one_still_imported(engine: Engine) -> None:
    """empty.csv is refused with its reason; november.csv's one row is stored after it."""
    november = "interaction_id,created_at,channel,team\nB1,2026-11-01T09:00:00Z,email,Billing\n"
    summaries = import_uploads(
        engine, [Upload("empty.csv", b""), Upload("november.csv", november.encode())]
    )
    summary = summary_table(summaries)
    assert summary[["file_name", "status", "inserted"]].values.tolist() == [
        ["empty.csv", "refused", 0],
        ["november.csv", "done", 1],
    ]
    assert summary.loc[0, "message"] == "the file is empty"


def test_the_data_page_filters_the_quarantine_by_run_and_reason(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports are listed newest first; "allowed range" finds the one row kept aside."""
    [first] = import_uploads(engine, [Upload("october.csv", OCTOBER.encode())])
    [second] = import_uploads(engine, [Upload("again.csv", OCTOBER.encode())])
    app = open_app(monkeypatch, database_url)
    app.switch_page("../pages/data.py").run()
    assert not app.exception
    history = table(app, "rows_read")
    assert history[["file_name", "inserted", "unchanged", "quarantined"]].values.tolist() == [
        ["again.csv", 0, 3, 1],
        ["october.csv", 3, 0, 1],
    ]
    assert len(table(app, "reason")) == 2
    app.selectbox(key="quarantine_run").set_value(first.run_id).run()
    assert table(app, "reason")[["import_run_id", "line"]].values.tolist() == [[first.run_id, 5]]
    app.text_input(key="quarantine_reason").input("Allowed RANGE").run()
    assert len(table(app, "reason")) == 1
    app.text_input(key="quarantine_reason").input("no such reason_%").run()
    assert "No quarantined row matches." in texts(app)
    assert second.run_id != first.run_id
    assert "500 MB per file" in texts(app)
