"""The column-by-column check of a batch gives the row path's values, and leaves doubts to it.

``by_column.quick_values`` is only a faster road to the same place: for every row it accepts,
the values must equal ``kinds.clean_record``'s; every row it doubts must get ``None`` so the
row path names the column and reason. Pure functions: no database.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from data_sources.importing.by_column import quick_values
from data_sources.importing.kinds import clean_record, finish_record
from data_sources.importing.rows import SourceRow
from data_sources.importing.validation import Context, Problem

NOW = datetime(2026, 7, 1, tzinfo=UTC)
CONTEXT = Context(tz=UTC, now=NOW)
GOOD = {
    "interaction_id": "A1", "created_at": "2026-06-01T09:00:00Z", "channel": "email",
    "team": "Billing", "agent": "ana", "customer_id": "C1", "topic": "billing",
    "first_response_at": "2026-06-01T10:00:00Z", "resolved_at": "", "transfers": "2",
    "reopens": "0", "csat": "",
}  # fmt: skip


def row(line: int, **changes: str) -> SourceRow:
    return SourceRow("interactions", line, {**GOOD, **changes})


def test_accepted_rows_get_exactly_the_row_paths_values() -> None:
    """Three ordinary rows: the quick values, finished, equal clean_record's for each."""
    rows = [row(2), row(3, csat="4", resolved_at="2026-06-02T08:00:00Z"), row(4, agent=" ")]
    quick = quick_values(rows, CONTEXT, partial_rows=False)
    for source, values in zip(rows, quick, strict=True):
        assert values is not None
        expected = clean_record("interactions", source.values, CONTEXT)
        assert finish_record("interactions", values) == expected


def test_each_kind_of_doubt_leaves_only_that_row_to_the_row_path() -> None:
    """A missing team, a control character, a bad channel, a future time, an impossible date
    and a fractional csat each make their row None, and the row path refuses each of them.
    A local time without offset is not the plain shape, yet its reader reads it (in UTC):
    that row keeps the row path's value, like the good row."""
    rows = [
        row(2),
        row(3, team=""),
        row(4, agent="an\x07a"),
        row(5, channel="pigeon"),
        row(6, created_at="2027-01-01T00:00:00Z"),
        row(7, created_at="2026-06-01 09:00"),
        row(8, first_response_at="2026-02-30T10:00:00Z"),
        row(9, csat="4.5"),
    ]
    quick = quick_values(rows, CONTEXT, partial_rows=False)
    accepted = [values is not None for values in quick]
    assert accepted == [True, False, False, False, False, True, False, False]
    assert quick[5] is not None
    local = clean_record("interactions", rows[5].values, CONTEXT)
    assert finish_record("interactions", quick[5]) == local
    assert local["created_at"] == datetime(2026, 6, 1, 9, tzinfo=UTC)
    for source, ok in zip(rows, accepted, strict=True):
        if not ok:
            with pytest.raises(Problem):
                clean_record("interactions", source.values, CONTEXT)


def test_rows_with_a_reader_problem_or_not_text_are_left_alone() -> None:
    """A row the reader marked broken, and a batch whose values are not all text (JSON), get
    None: the quick path never guesses about them."""
    broken = SourceRow("interactions", 2, {}, problem=(None, "the row has 3 fields"))
    numeric = SourceRow("interactions", 3, {**GOOD, "transfers": 2})
    assert quick_values([broken, row(4)], CONTEXT, partial_rows=False)[0] is None
    assert quick_values([numeric], CONTEXT, partial_rows=False) == [None]


def test_whole_numbers_of_a_column_at_once_are_the_row_paths() -> None:
    """A column of plain digits is read at once ("007" is 7, as the row path's float gives);
    a negative count, a csat of 6, a number written "3.0" or " 2", or one of 16 digits send the
    column back to the row path value by value: only the bad rows are doubted, and the others
    keep the row path's values."""
    rows = [row(2, transfers="007", csat="5"), row(3, transfers="0", reopens="12", csat="1")]
    quick = quick_values(rows, CONTEXT, partial_rows=False)
    assert [values["transfers"] if values else None for values in quick] == [7, 0]
    assert [values["csat"] if values else None for values in quick] == [5, 1]
    for source, values in zip(rows, quick, strict=True):
        assert values is not None
        assert finish_record("interactions", values) == clean_record(
            "interactions", source.values, CONTEXT
        )
    odd = [
        row(2, transfers="-1"),
        row(3, csat="6"),
        row(4, transfers="3.0"),
        row(5, reopens=" 2"),
        row(6, transfers="1234567890123456"),
        row(7),
    ]
    quick = quick_values(odd, CONTEXT, partial_rows=False)
    assert [values is not None for values in quick] == [False, False, True, True, True, True]
    for source, values in zip(odd, quick, strict=True):
        if values is None:
            with pytest.raises(Problem):
                clean_record("interactions", source.values, CONTEXT)
        else:
            assert finish_record("interactions", values) == clean_record(
                "interactions", source.values, CONTEXT
            )
