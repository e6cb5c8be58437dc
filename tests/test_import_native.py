"""The native format in CSV, JSON Lines and Parquet, and what an import promises about keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from import_support import HEADER, count, quarantine, rows, run, write
from sqlalchemy import Engine

from data_sources.importing import formats
from data_sources.importing.pipeline import import_file
from data_sources.importing.rows import SourceRow

REGISTRY = formats.registry()

THREE = (
    HEADER
    + "A1,2026-03-02T09:00:00Z,email,Billing,ann,5\n"
    + "A2,2026-03-02T10:00:00Z,chat,Billing,bob,\n"
    + "A3,2026-03-03T11:00:00Z,phone,Support,ann,2\n"
)


def test_the_same_file_twice_changes_nothing_the_second_time(
    engine: Engine, tmp_path: Path
) -> None:
    """Three rows: inserted once, then three unchanged; both runs recorded with their counts."""
    first = run(engine, tmp_path, THREE)
    before = rows(engine, "SELECT * FROM interaction ORDER BY id")
    second = run(engine, tmp_path, THREE)
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 3)
    assert rows(engine, "SELECT * FROM interaction ORDER BY id") == before
    assert rows(
        engine, "SELECT status, rows_read, inserted, unchanged FROM importrun ORDER BY id"
    ) == [
        ("done", 3, 3, 0),
        ("done", 3, 0, 3),
    ]


def test_an_overlapping_newer_export_updates_and_adds(engine: Engine, tmp_path: Path) -> None:
    """A later export repeats A2 (now rated 4), keeps A3 as it was and adds A4."""
    run(engine, tmp_path, THREE)
    newer = (
        HEADER
        + "A2,2026-03-02T10:00:00Z,chat,Billing,bob,4\n"
        + "A3,2026-03-03T11:00:00Z,phone,Support,ann,2\n"
        + "A4,2026-03-04T08:00:00Z,sms,Support,cy,\n"
    )
    summary = run(engine, tmp_path, newer, name="newer.csv")
    assert (summary.inserted, summary.updated, summary.unchanged) == (1, 1, 1)
    assert rows(engine, "SELECT external_id, csat FROM interaction ORDER BY external_id") == [
        ("A1", 5),
        ("A2", 4),
        ("A3", 2),
        ("A4", None),
    ]


def test_status_is_derived_from_resolved_at_when_absent(engine: Engine, tmp_path: Path) -> None:
    """Resolved when resolved_at is given, open otherwise; a given status is kept."""
    content = (
        "interaction_id,created_at,channel,team,resolved_at,status\n"
        "A1,2026-03-02T09:00:00Z,email,Billing,2026-03-02T10:00:00Z,\n"
        "A2,2026-03-02T09:00:00Z,email,Billing,,\n"
        "A3,2026-03-02T09:00:00Z,email,Billing,,Pending\n"
    )
    run(engine, tmp_path, content)
    assert rows(engine, "SELECT external_id, status FROM interaction ORDER BY external_id") == [
        ("A1", "resolved"),
        ("A2", "open"),
        ("A3", "pending"),
    ]


def test_source_column_and_option_keep_ids_apart(engine: Engine, tmp_path: Path) -> None:
    """The same id from two sources is two interactions."""
    run(engine, tmp_path, THREE, source="zendesk")
    summary = run(engine, tmp_path, THREE, source="freshdesk")
    assert summary.inserted == 3
    assert count(engine, "interaction") == 6


def test_json_lines_with_nested_messages_promises_and_reviews(
    engine: Engine, tmp_path: Path
) -> None:
    """One interaction line carries two messages, a promise and a QA review; all are stored."""
    record = {
        "interaction_id": "J1",
        "created_at": "2026-03-02T09:00:00Z",
        "channel": "chat",
        "team": "Billing",
        "agent": "ann",
        "messages": [
            {
                "sent_at": "2026-03-02T09:00:00Z",
                "author_role": "customer",
                "text": "Where is my refund?",
            },
            {
                "sent_at": "2026-03-02T09:03:00Z",
                "author_role": "agent",
                "author": "ann",
                "text": "Today.",
            },
        ],
        "promises": [{"made_at": "2026-03-02T09:03:00Z", "due_at": "2026-03-03T09:00:00Z"}],
        "qa_reviews": [{"reviewer": "quinn", "reviewed_at": "2026-03-04T09:00:00Z", "score": 80}],
    }
    content = json.dumps(record) + "\n"
    summary = run(engine, tmp_path, content, name="log.jsonl")
    assert summary.rows_by_kind == {
        "interactions": 1,
        "messages": 2,
        "promises": 1,
        "qa_reviews": 1,
    }
    assert (summary.inserted, summary.quarantined) == (5, 0)
    assert rows(engine, "SELECT position, author_role, text FROM message ORDER BY position") == [
        (0, "customer", "Where is my refund?"),
        (1, "agent", "Today."),
    ]
    assert rows(engine, "SELECT score FROM qareview") == [(80.0,)]
    again = run(engine, tmp_path, content, name="log.jsonl")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)


def test_a_broken_json_line_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    """Line 2 is cut off: quarantined as not valid JSON; lines 1 and 3 are stored."""
    good = '{"interaction_id": "%s", "created_at": "2026-03-02T09:00:00Z", "channel": "chat", '
    good += '"team": "B"}'
    content = good % "J1" + "\n" + '{"interaction_id": "J2", "created_' + "\n" + good % "J3" + "\n"
    summary = run(engine, tmp_path, content, name="log.jsonl")
    assert (summary.inserted, summary.quarantined) == (2, 1)
    assert quarantine(engine)[0][0] == 2
    assert "not valid JSON" in quarantine(engine)[0][2]


def test_parquet_with_native_columns(engine: Engine, tmp_path: Path) -> None:
    """A Parquet file of two interactions, one with CSAT 9, stores one and quarantines record 2."""
    table = pa.table(
        {
            "Interaction_ID": ["P1", "P2"],
            "created_at": ["2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"],
            "channel": ["email", "chat"],
            "team": ["Billing", "Billing"],
            "csat": [5, 9],
        }
    )
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    summary = import_file(engine, path)
    assert (summary.format, summary.inserted, summary.quarantined) == ("native", 1, 1)
    assert quarantine(engine)[0][:2] == (2, "csat")


def test_parquet_timestamp_columns_follow_the_same_rules(engine: Engine, tmp_path: Path) -> None:
    """A naive Parquet timestamp 10:00 read in Europe/Paris in winter is 09:00 UTC."""
    from datetime import datetime

    table = pa.table(
        {
            "interaction_id": ["P1"],
            "created_at": pa.array([datetime(2026, 1, 15, 10, 0)], pa.timestamp("us")),
            "channel": ["email"],
            "team": ["Billing"],
        }
    )
    path = tmp_path / "log.parquet"
    pq.write_table(table, path)
    import_file(engine, path, tz="Europe/Paris")
    assert (
        str(rows(engine, "SELECT created_at FROM interaction")[0][0])[:19] == "2026-01-15 09:00:00"
    )


def test_messages_file_adds_only_new_messages(engine: Engine, tmp_path: Path) -> None:
    """A messages export overlapping an earlier one adds only the message not stored yet."""
    run(engine, tmp_path, THREE)
    first = (
        "interaction_id,sent_at,author_role,author,text\nA1,2026-03-02T09:00:00Z,customer,,Hello\n"
    )
    run(engine, tmp_path, first, name="m1.csv")
    second = first + "A1,2026-03-02T09:05:00Z,agent,ann,Hi there\n"
    summary = run(engine, tmp_path, second, name="m2.csv")
    assert (summary.kind, summary.inserted, summary.unchanged) == ("messages", 1, 1)
    assert rows(engine, "SELECT position, text FROM message ORDER BY position") == [
        (0, "Hello"),
        (1, "Hi there"),
    ]


def test_records_of_an_unknown_interaction_are_quarantined(engine: Engine, tmp_path: Path) -> None:
    """A promise for interaction Z9, never imported, is quarantined on interaction_id."""
    content = "interaction_id,promise_id,made_at,due_at\n"
    content += "Z9,P1,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z\n"
    summary = run(engine, tmp_path, content, name="promises.csv")
    assert summary.quarantined == 1
    assert quarantine(engine)[0][1] == "interaction_id"
    assert "no interaction 'Z9'" in quarantine(engine)[0][2]


def test_a_kept_promise_updates_the_stored_one(engine: Engine, tmp_path: Path) -> None:
    """Promise P1 first open, then exported again with kept_at: one update."""
    run(engine, tmp_path, THREE)
    header = "interaction_id,promise_id,made_at,due_at,kept_at\n"
    run(
        engine,
        tmp_path,
        header + "A1,P1,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z,\n",
        name="p.csv",
    )
    later = run(
        engine,
        tmp_path,
        header + "A1,P1,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z,2026-03-03T08:00:00Z\n",
        name="p.csv",
    )
    assert (later.inserted, later.updated) == (0, 1)
    assert str(rows(engine, "SELECT kept_at FROM promise")[0][0])[:19] == "2026-03-03 08:00:00"


def test_public_reviews_with_an_optional_team(engine: Engine, tmp_path: Path) -> None:
    """Two Trustpilot reviews, one for Billing; a rating of 0 is quarantined."""
    content = (
        "review_id,platform,published_at,rating,team,text\n"
        "R1,Trustpilot,2026-03-02T09:00:00Z,5,Billing,Great\n"
        "R2,Trustpilot,2026-03-02T10:00:00Z,2,,Slow\n"
        "R3,Trustpilot,2026-03-02T11:00:00Z,0,,?\n"
    )
    summary = run(engine, tmp_path, content, name="reviews.csv")
    assert (summary.kind, summary.inserted, summary.quarantined) == ("public_reviews", 2, 1)
    assert summary.created_teams == ["Billing"]


def test_qa_review_score_from_a_known_scorecard(engine: Engine, tmp_path: Path) -> None:
    """Empathy 4 on 1-5 (75) weight 1 and accuracy 1 on 0-1 (100) weight 3 score 93.75."""
    run(engine, tmp_path, THREE)
    with engine.begin() as connection:
        from sqlalchemy import text

        card = connection.execute(
            text("INSERT INTO scorecard (name, active) VALUES ('Chat', true) RETURNING id")
        ).scalar_one()
        for name, weight, low, high in (("Empathy", 1, 1, 5), ("Accuracy", 3, 0, 1)):
            connection.execute(
                text(
                    "INSERT INTO scorecardcategory (scorecard_id, name, position, weight,"
                    " scale_min, scale_max, critical)"
                    " VALUES (:card, :name, 0, :weight, :low, :high, false)"
                ),
                {"card": card, "name": name, "weight": weight, "low": low, "high": high},
            )
    content = (
        "interaction_id,reviewer,reviewed_at,scorecard,empathy,accuracy\n"
        "A1,quinn,2026-03-04T09:00:00Z,Chat,4,1\n"
    )
    summary = run(engine, tmp_path, content, name="qa.csv")
    assert (summary.kind, summary.inserted) == ("qa_reviews", 1)
    assert rows(engine, "SELECT score FROM qareview") == [(93.75,)]
    assert count(engine, "qaanswer") == 2


def test_kind_can_be_given_when_the_columns_do_not_say(engine: Engine, tmp_path: Path) -> None:
    """With only the required columns of messages minus author_role the kind is unknown: refused."""
    content = "interaction_id,sent_at,text\nA1,2026-03-02T09:00:00Z,hi\n"
    summary = import_file(engine, write(tmp_path, "m.csv", content), format="native")
    assert summary.refused
    assert "give --kind" in (summary.message or "")
    given = import_file(engine, write(tmp_path, "m.csv", content), format="native", kind="messages")
    assert given.refused
    assert "missing required column author_role" in (given.message or "")


def test_progress_is_reported_up_to_the_line_count(engine: Engine, tmp_path: Path) -> None:
    """Progress ends at the file's four lines (header and three rows)."""
    calls: list[tuple[int, int | None]] = []
    import_file(
        engine,
        write(tmp_path, "f.csv", THREE),
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (4, 4)


def test_customers_are_created_once_and_their_names_updated(engine: Engine, tmp_path: Path) -> None:
    """Two interactions of customer C1 make one customer; a later file's new name replaces it."""
    header = "interaction_id,created_at,channel,team,customer_id,customer_name,customer_title\n"
    first = header + (
        "A1,2026-03-02T09:00:00Z,email,Billing,C1,Ann,ms\n"
        "A2,2026-03-02T10:00:00Z,email,Billing,C1,Ann,Ms.\n"
    )
    run(engine, tmp_path, first)
    run(engine, tmp_path, header + "A3,2026-03-03T09:00:00Z,email,Billing,C1,Ann Lee,\n")
    assert rows(engine, "SELECT external_id, name, title FROM customer") == [
        ("C1", "Ann Lee", "Ms")
    ]
    linked = rows(engine, "SELECT count(DISTINCT customer_id) FROM interaction")
    assert linked == [(1,)]


def _system(monkeypatch: pytest.MonkeyPatch, rows: list[dict[str, object]]) -> None:
    """Register a system reader "ratings" that yields ``rows`` as partial interactions."""

    def read(path: Path, *, tz: object) -> Iterator[SourceRow]:
        del path, tz
        for number, values in enumerate(rows, start=1):
            yield SourceRow("interactions", number, dict(values))

    fake = formats.Format("ratings", ("interactions",), lambda head, name: False, read)
    monkeypatch.setattr(formats, "registry", lambda: (*REGISTRY, fake))


def test_a_partial_export_adds_to_stored_interactions(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CSAT rows of a system set A2's rating to 4, quarantine unknown Z9, change nothing twice."""
    run(engine, tmp_path, THREE, source="ratings")
    _system(
        monkeypatch, [{"interaction_id": "A2", "csat": "4"}, {"interaction_id": "Z9", "csat": 5}]
    )
    first = run(engine, tmp_path, "{}", name="r.json", format="ratings")
    assert (first.updated, first.quarantined) == (1, 1)
    assert "only adds to interactions" in quarantine(engine)[0][2]
    again = run(engine, tmp_path, "{}", name="r.json", format="ratings")
    assert (again.updated, again.unchanged) == (0, 1)
    full_again = run(engine, tmp_path, THREE, source="ratings")
    assert full_again.unchanged == 3
    assert rows(engine, "SELECT external_id, csat FROM interaction ORDER BY external_id") == [
        ("A1", 5),
        ("A2", 4),
        ("A3", 2),
    ]


def test_a_partial_row_is_checked_against_the_stored_creation_time(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A1 was created 09:00; a resolution at 08:00 is quarantined, A2's at 11:00 resolves it."""
    run(engine, tmp_path, THREE, source="ratings")
    _system(
        monkeypatch,
        [
            {"interaction_id": "A1", "resolved_at": "2026-03-02T08:00:00Z"},
            {"interaction_id": "A2", "resolved_at": "2026-03-02T11:00:00Z"},
        ],
    )
    summary = run(engine, tmp_path, "{}", name="m.json", format="ratings")
    assert (summary.updated, summary.quarantined) == (1, 1)
    assert quarantine(engine)[0][:2] == (1, "resolved_at")
    assert rows(engine, "SELECT status FROM interaction WHERE external_id = 'A2'") == [
        ("resolved",)
    ]


def test_a_native_file_without_identity_columns_is_refused(engine: Engine, tmp_path: Path) -> None:
    """Partial rows are for system exports: a native CSAT-only CSV is refused by its header."""
    summary = run(engine, tmp_path, "interaction_id,csat\nA2,4\n", kind="interactions")
    assert summary.refused
    assert "missing required columns channel, created_at, team" in (summary.message or "")
