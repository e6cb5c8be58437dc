"""New interactions' cells and themes are kept from the parsed rows, and equal a full recompute.

The importer adds the summary cells of the interactions a file inserts from the rows it parsed
(``importing/upkeep.py``) and stores their complaint themes the same way; updated rows take
the exact path (their days recomputed, their transcripts analysed from what is stored). After
a file of new rows, and after a second file mixing new, updated and unchanged rows, the stored
cells and themes must be exactly what recomputing every cell and analysing every interaction
from the raw rows gives. Both databases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from data_sources.aggregates import ALL_AGENTS, refresh_everything
from data_sources.kpi_rows import interaction
from data_sources.transcript_analysis import analyse_after_write
from data_sources.week_cells import ALL_CHANNELS, KEYS
from tests.import_support import rows, run
from tests.test_kpi_cell_additions import stored_cells

HEADER = (
    "interaction_id,created_at,channel,team,agent,customer_id,topic,tags,"
    "first_response_at,resolved_at,transfers,reopens,csat,escalated\n"
)
FIRST = HEADER + (
    "A1,2026-06-01T09:00:00Z,email,Billing,ann,C1,refund,late;app login,"
    "2026-06-01T10:00:00Z,2026-06-01T12:00:00Z,0,0,5,no\n"
    "A2,2026-06-01T11:00:00Z,email,Billing,ann,C2,refund,,2026-06-02T13:00:00Z,,1,0,,no\n"
    "A3,2026-06-01T15:00:00Z,email,Billing,bob,C1,invoice,,,,0,0,2,yes\n"
    "A4,2026-06-01T16:00:00Z,email,Billing,,C3,,,2026-06-01T16:00:30Z,"
    "2026-06-01T17:00:00Z,0,1,4,no\n"
    "A5,2026-06-03T08:00:00Z,phone,Returns,cy,C4,parcel lost,damaged,"
    "2026-06-03T08:00:18Z,2026-06-03T08:10:00Z,0,0,,no\n"
)
# A3 is answered now (updated), A2 is as before (unchanged), B1 and B2 are new; B2 lands on
# a day the first file did not touch.
SECOND = HEADER + (
    "A2,2026-06-01T11:00:00Z,email,Billing,ann,C2,refund,,2026-06-02T13:00:00Z,,1,0,,no\n"
    "A3,2026-06-01T15:00:00Z,email,Billing,bob,C1,invoice,,2026-06-01T16:00:00Z,,0,0,2,yes\n"
    "B1,2026-06-01T18:00:00Z,chat,Billing,ann,C5,refund,late,"
    "2026-06-01T18:00:40Z,2026-06-01T18:30:00Z,0,0,3,no\n"
    "B2,2026-06-09T07:00:00Z,email,Returns,cy,C4,parcel lost,,,,0,0,,no\n"
)


def team_day(engine: Engine, team: str, day: str) -> dict[str, Any]:
    """The team's roll-up over all agents and channels for ``day``."""
    team_id = rows(engine, "SELECT id FROM team WHERE name = :name", name=team)[0][0]
    cells = stored_cells(engine)
    chosen = cells[
        (cells["team_id"] == team_id)
        & (cells["agent_key"] == ALL_AGENTS)
        & (cells["channel"] == ALL_CHANNELS)
        & (cells["day"] == day)
    ]
    assert len(chosen) == 1
    return dict(chosen.iloc[0])


def themes(engine: Engine) -> list[tuple[Any, ...]]:
    return rows(
        engine,
        "SELECT interaction_id, theme, customer_id, team_id, agent_id, created_at, quote "
        "FROM interactiontheme ORDER BY interaction_id, theme",
    )


def assert_as_recomputed(engine: Engine) -> None:
    """Stored cells and themes equal every cell rebuilt and every interaction re-analysed."""
    kept_cells, kept_themes = stored_cells(engine), themes(engine)
    with engine.begin() as connection:
        refresh_everything(connection)
        ids = sorted(connection.execute(select(interaction.c.id)).scalars())
        analyse_after_write(connection, interaction_ids=ids)
    recomputed = stored_cells(engine)
    assert kept_cells[KEYS].equals(recomputed[KEYS])
    pd.testing.assert_frame_equal(
        kept_cells.drop(columns="qa_sum"), recomputed.drop(columns="qa_sum"), check_dtype=False
    )
    assert kept_themes == themes(engine)


def test_new_rows_counted_from_the_file(engine: Engine, tmp_path: Path) -> None:
    """Four Billing emails on 1 June: 4 in volume, 3 answered, 1 escalated, CSAT 5+2+4 over 3."""
    summary = run(engine, tmp_path, FIRST, "first.csv")
    assert (summary.inserted, summary.quarantined) == (5, 0)
    billing = team_day(engine, "Billing", "2026-06-01")
    assert billing["volume"] == 4
    assert billing["answered"] == 3
    assert billing["escalated"] == 1
    assert (billing["csat_count"], billing["csat_sum"]) == (3, 11)
    assert team_day(engine, "Returns", "2026-06-03")["volume"] == 1
    # A1 has the topic and two tags: three themes; A4 has none.
    assert [theme for (ident, theme, *_) in themes(engine) if ident == 1] == [
        "app login",
        "late",
        "refund",
    ]
    assert_as_recomputed(engine)


def test_new_updated_and_unchanged_rows_in_one_file(engine: Engine, tmp_path: Path) -> None:
    """After the second file: Billing's 1 June holds 5 (B1 added), 5 answered (A3 now is,
    and B1), and Returns gains 9 June; everything equals a full recompute."""
    run(engine, tmp_path, FIRST, "first.csv")
    summary = run(engine, tmp_path, SECOND, "second.csv")
    assert (summary.inserted, summary.updated, summary.unchanged) == (2, 1, 1)
    billing = team_day(engine, "Billing", "2026-06-01")
    assert (billing["volume"], billing["answered"]) == (5, 5)
    assert team_day(engine, "Returns", "2026-06-09")["volume"] == 1
    assert_as_recomputed(engine)


@pytest.mark.parametrize("batch_rows", [1, 2])
def test_batches_fold_into_the_same_cells(
    engine: Engine, tmp_path: Path, batch_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cells and themes kept one or two rows at a time, folded together as batches pile up,
    are the same as a recompute."""
    from data_sources.importing import pipeline, upkeep

    monkeypatch.setattr(pipeline, "BATCH_ROWS", batch_rows)
    from data_sources import cell_additions

    monkeypatch.setattr(upkeep, "FACT_ROWS", 2)
    monkeypatch.setattr(cell_additions, "DAYS_PER_ROUND", 1)
    run(engine, tmp_path, FIRST, "first.csv")
    run(engine, tmp_path, SECOND, "second.csv")
    assert team_day(engine, "Billing", "2026-06-01")["volume"] == 5
    assert_as_recomputed(engine)
