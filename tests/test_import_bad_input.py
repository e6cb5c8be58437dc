"""Bad input, one case each: read what can be read, quarantine what cannot, refuse the unreadable.

Every test runs on SQLite and PostgreSQL (``engine``). Quarantine reasons are checked by the
words a person would look for, and line numbers are the file's own (the header is line 1).
"""

from __future__ import annotations

from pathlib import Path

from import_support import HEADER, count, quarantine, rows, run, stored_ids
from sqlalchemy import Engine


def test_an_empty_file_is_refused_and_nothing_is_written(engine: Engine, tmp_path: Path) -> None:
    """It refuses a zero-byte file, saying it is empty, and stores no interaction."""
    summary = run(engine, tmp_path, "")
    assert summary.refused
    assert "empty" in (summary.message or "")
    assert count(engine, "interaction") == 0
    assert rows(engine, "SELECT status, inserted FROM importrun") == [("refused", 0)]


def test_a_header_without_rows_is_read_and_stores_nothing(engine: Engine, tmp_path: Path) -> None:
    """A header alone is a readable file with no rows: done, zero of everything."""
    summary = run(engine, tmp_path, HEADER)
    assert (summary.status, summary.rows_read, summary.inserted) == ("done", 0, 0)
    assert "no rows" in (summary.message or "")


def test_a_semicolon_separated_file_is_read_by_its_header(engine: Engine, tmp_path: Path) -> None:
    """The delimiter is the one that makes native column names of the header: here ';'."""
    content = "interaction_id;created_at;channel;team\nA1;2026-03-02T09:00:00Z;email;Billing\n"
    summary = run(engine, tmp_path, content)
    assert (summary.inserted, summary.quarantined) == (1, 0)


def test_a_header_without_known_columns_is_refused(engine: Engine, tmp_path: Path) -> None:
    """A file whose header names no native column is refused as an unknown format."""
    summary = run(engine, tmp_path, "a b c\n1 2 3\n")
    assert summary.refused
    assert "unknown format" in (summary.message or "")


def test_a_missing_required_column_refuses_the_file(engine: Engine, tmp_path: Path) -> None:
    """Without ``team`` an interactions file is refused, naming the column; nothing is stored."""
    content = "interaction_id,created_at,channel\nA1,2026-03-02T09:00:00Z,email\n"
    summary = run(engine, tmp_path, content, kind="interactions")
    assert summary.refused
    assert "missing required column team" in (summary.message or "")
    assert count(engine, "interaction") == 0


def test_extra_and_renamed_columns(engine: Engine, tmp_path: Path) -> None:
    """Headers match by name whatever their case and spacing; unknown columns are named."""
    content = (
        "Interaction ID,CREATED_AT,Channel,Team,Priority\n"
        "A1,2026-03-02T09:00:00Z,email,Billing,high\n"
    )
    summary = run(engine, tmp_path, content)
    assert summary.inserted == 1
    assert summary.ignored_columns == ["priority"]
    assert "columns ignored: priority" in (summary.message or "")


def test_ragged_rows_are_quarantined_with_their_line(engine: Engine, tmp_path: Path) -> None:
    """A row with too many fields and one with too few are quarantined; the good row is stored."""
    content = (
        HEADER
        + "A1,2026-03-02T09:00:00Z,email,Billing,ann,5,surplus\n"
        + "A2,2026-03-02T09:00:00Z,email\n"
        + "A3,2026-03-02T09:00:00Z,email,Billing,ann,4\n"
    )
    summary = run(engine, tmp_path, content)
    assert (summary.inserted, summary.quarantined) == (1, 2)
    assert [(line, reason) for line, _, reason in quarantine(engine)] == [
        (2, "the row has 7 fields, the header has 6"),
        (3, "the row has 3 fields, the header has 6"),
    ]


def test_an_unbalanced_quote_is_quarantined_and_named(engine: Engine, tmp_path: Path) -> None:
    """A quote never closed swallows the rest of the file: that row is quarantined as such."""
    content = (
        HEADER
        + "A1,2026-03-02T09:00:00Z,email,Billing,ann,5\n"
        + 'A2,2026-03-02T09:00:00Z,email,"Billing,ann,5\nA3,x\n'
    )
    summary = run(engine, tmp_path, content)
    assert (summary.inserted, summary.quarantined) == (1, 1)
    line, _, reason = quarantine(engine)[0]
    assert line == 3
    assert "quoted field opened on line 3 is never closed" in reason


def test_a_stray_quote_inside_a_field_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    """``"Billing"x`` is broken quoting: that row is quarantined, the next one still read."""
    content = (
        HEADER
        + 'A1,2026-03-02T09:00:00Z,email,"Billing"x,ann,5\n'
        + "A2,2026-03-02T09:00:00Z,email,Billing,ann,5\n"
    )
    summary = run(engine, tmp_path, content)
    assert (summary.inserted, summary.quarantined) == (1, 1)
    assert "broken quoting" in quarantine(engine)[0][2]


def test_newlines_inside_quoted_fields_are_kept(engine: Engine, tmp_path: Path) -> None:
    """A quoted topic over two lines is one value; the next row's line number counts both lines."""
    content = (
        "interaction_id,created_at,channel,team,topic,csat\n"
        'A1,2026-03-02T09:00:00Z,email,Billing,"line one\nline two",5\n'
        "A2,2026-03-02T09:00:00Z,email,Billing,ok,9\n"
    )
    summary = run(engine, tmp_path, content)
    assert rows(engine, "SELECT topic FROM interaction") == [("line one\nline two",)]
    assert quarantine(engine)[0][:2] == (4, "csat")
    assert summary.quarantined == 1


def test_nul_and_control_characters(engine: Engine, tmp_path: Path) -> None:
    """NUL is refused in any cell, a control character in an id; a tab in a topic is kept."""
    content = (
        "interaction_id,created_at,channel,team,topic\n"
        "A1,2026-03-02T09:00:00Z,email,Bill\x00ing,ok\n"
        "A\x072,2026-03-02T09:00:00Z,email,Billing,ok\n"
        "A3,2026-03-02T09:00:00Z,email,Billing,tab\there\n"
    )
    summary = run(engine, tmp_path, content)
    assert summary.inserted == 1
    assert [(line, column) for line, column, _ in quarantine(engine)] == [
        (2, "team"),
        (3, "interaction_id"),
    ]
    assert "NUL" in quarantine(engine)[0][2]
    assert rows(engine, "SELECT topic FROM interaction") == [("tab\there",)]


def test_impossible_dates_are_quarantined(engine: Engine, tmp_path: Path) -> None:
    """30 February and hour 25 do not exist: quarantined, with the column named."""
    content = (
        HEADER
        + "A1,2026-02-30T09:00:00Z,email,Billing,,\nA2,2026-03-02T25:00:00Z,email,Billing,,\n"
    )
    run(engine, tmp_path, content)
    assert [(line, column) for line, column, _ in quarantine(engine)] == [
        (2, "created_at"),
        (3, "created_at"),
    ]
    assert all("impossible" in reason for _, _, reason in quarantine(engine))


def test_ambiguous_day_month_order_is_never_guessed(engine: Engine, tmp_path: Path) -> None:
    """03/04/2026 could be March or April: quarantined, saying so."""
    run(engine, tmp_path, HEADER + "A1,03/04/2026 09:00,email,Billing,,\n")
    assert count(engine, "interaction") == 0
    assert "ambiguous date" in quarantine(engine)[0][2]


def test_dst_ambiguous_and_missing_local_times(engine: Engine, tmp_path: Path) -> None:
    """In Berlin 02:30 happened twice on 2025-10-26 and never on 2026-03-29; 12:00 is fine."""
    content = (
        HEADER
        + "A1,2025-10-26T02:30:00,email,Billing,,\n"
        + "A2,2026-03-29T02:30:00,email,Billing,,\n"
        + "A3,2026-03-29T12:00:00,email,Billing,,\n"
    )
    summary = run(engine, tmp_path, content, tz="Europe/Berlin")
    assert summary.inserted == 1
    reasons = [reason for _, _, reason in quarantine(engine)]
    assert "happened twice" in reasons[0]
    assert "does not exist" in reasons[1]
    stored = rows(engine, "SELECT created_at FROM interaction")[0][0]
    assert str(stored)[:19] == "2026-03-29 10:00:00"  # 12:00 CEST is 10:00 UTC


def test_mixed_naive_z_and_offset_timestamps(engine: Engine, tmp_path: Path) -> None:
    """Naive is read in --tz, Z and offsets are exact: all three name 09:00 UTC here."""
    content = (
        HEADER
        + "A1,2026-01-15T10:00:00,email,Billing,,\n"
        + "A2,2026-01-15T09:00:00Z,email,Billing,,\n"
        + "A3,2026-01-15T11:00:00+02:00,email,Billing,,\n"
    )
    run(engine, tmp_path, content, tz="Europe/Paris")
    moments = {str(value)[:19] for (value,) in rows(engine, "SELECT created_at FROM interaction")}
    assert moments == {"2026-01-15 09:00:00"}


def test_epoch_zero_and_future_timestamps_are_quarantined(engine: Engine, tmp_path: Path) -> None:
    """1970-01-01T00:00:00Z is a placeholder and 2999 has not happened yet."""
    content = (
        HEADER
        + "A1,1970-01-01T00:00:00Z,email,Billing,,\nA2,2999-01-01T00:00:00Z,email,Billing,,\n"
    )
    run(engine, tmp_path, content)
    reasons = [reason for _, _, reason in quarantine(engine)]
    assert "epoch zero" in reasons[0]
    assert "in the future" in reasons[1]


def test_a_promise_may_fall_due_in_the_future(engine: Engine, tmp_path: Path) -> None:
    """Unlike an event, a promise's due date may lie ahead."""
    run(engine, tmp_path, HEADER + "A1,2026-03-02T09:00:00Z,email,Billing,,\n")
    promise = "interaction_id,made_at,due_at\nA1,2026-03-02T09:05:00Z,2999-01-01T00:00:00Z\n"
    summary = run(engine, tmp_path, promise, name="promises.csv")
    assert (summary.kind, summary.inserted, summary.quarantined) == ("promises", 1, 0)


def test_csat_outside_one_to_five_and_negative_counts(engine: Engine, tmp_path: Path) -> None:
    """CSAT 0 and 6 and transfers -1 are quarantined; CSAT 5 and 0 transfers are stored."""
    content = (
        "interaction_id,created_at,channel,team,csat,transfers\n"
        "A1,2026-03-02T09:00:00Z,email,Billing,0,0\n"
        "A2,2026-03-02T09:00:00Z,email,Billing,6,0\n"
        "A3,2026-03-02T09:00:00Z,email,Billing,5,-1\n"
        "A4,2026-03-02T09:00:00Z,email,Billing,5,0\n"
    )
    run(engine, tmp_path, content)
    assert [(line, column) for line, column, _ in quarantine(engine)] == [
        (2, "csat"),
        (3, "csat"),
        (4, "transfers"),
    ]
    assert stored_ids(engine) == ["A4"]


def test_resolved_before_created_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    """An interaction resolved an hour before it was created is quarantined on resolved_at."""
    content = (
        "interaction_id,created_at,channel,team,resolved_at\n"
        "A1,2026-03-02T09:00:00Z,email,Billing,2026-03-02T08:00:00Z\n"
    )
    run(engine, tmp_path, content)
    assert quarantine(engine)[0][1:] == (
        "resolved_at",
        "resolved before created (2026-03-02T08:00:00+00:00 before 2026-03-02T09:00:00+00:00)",
    )


def test_duplicate_ids_within_a_file(engine: Engine, tmp_path: Path) -> None:
    """The same row twice is one interaction; the same id with other values is not guessed."""
    row = "A1,2026-03-02T09:00:00Z,email,Billing,ann,5\n"
    content = HEADER + row + row + "A1,2026-03-02T09:00:00Z,email,Billing,ann,1\n"
    summary = run(engine, tmp_path, content)
    assert (summary.inserted, summary.unchanged, summary.quarantined) == (1, 1, 1)
    assert quarantine(engine) == [
        (4, "interaction_id", "interaction_id repeats line 2 of this file with other values")
    ]
    assert rows(engine, "SELECT csat FROM interaction") == [(5,)]


def test_unknown_teams_and_agents_are_created_and_reported(engine: Engine, tmp_path: Path) -> None:
    """A file naming team Billing and agents ann and bob creates them and says so."""
    content = (
        HEADER
        + "A1,2026-03-02T09:00:00Z,email,Billing,ann,\nA2,2026-03-02T09:00:00Z,email,Billing,bob,\n"
    )
    summary = run(engine, tmp_path, content)
    assert summary.created_teams == ["Billing"]
    assert summary.created_people == ["ann", "bob"]
    assert "new teams created: Billing" in (summary.message or "")
    second = run(engine, tmp_path, content)
    assert (second.created_teams, second.created_people) == ([], [])


def test_html_script_and_formula_cells_are_stored_literally(engine: Engine, tmp_path: Path) -> None:
    """Text is data: <script>, =HYPERLINK(...), +, - and @ arrive in the database unchanged."""
    values = [
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x","y")',
        "+1 call me",
        "-minus",
        "@everyone",
    ]
    content = "interaction_id,created_at,channel,team,topic\n" + "".join(
        f'A{number},2026-03-02T09:00:00Z,email,Billing,"{value.replace(chr(34), chr(34) * 2)}"\n'
        for number, value in enumerate(values)
    )
    summary = run(engine, tmp_path, content)
    assert summary.inserted == 5
    assert [
        topic for (topic,) in rows(engine, "SELECT topic FROM interaction ORDER BY external_id")
    ] == values


def test_a_binary_file_is_refused(engine: Engine, tmp_path: Path) -> None:
    """Bytes full of control codes are not text: refused, nothing written."""
    summary = run(engine, tmp_path, bytes(range(256)) * 40, name="image.csv", format="native")
    assert summary.refused
    assert "not a text file" in (summary.message or "")
