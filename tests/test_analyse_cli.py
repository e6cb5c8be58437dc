"""``pulse analyse`` runs the transcript checks again on what is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from feedback_dataset import Feedback
from sqlalchemy import Engine, delete, func, select

from data_sources.bulk import table_of
from data_sources.models import InteractionText, InteractionTheme, TranscriptFinding
from pulse_cli.main import main


def _stored(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(select(func.count()).select_from(table_of(model))).scalar_one()
            for model in (TranscriptFinding, InteractionText, InteractionTheme)
        )


def test_a_database_filled_before_the_checks_gets_them(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two interactions whose analysis is gone: --since the second one's day analyses one,
    without --since both; the apology and thanks are found again (2 findings each)."""
    data = Feedback(engine)
    for day in (3, 9):
        data.add(
            team="Billing",
            customer=f"C{day}",
            topic="Refund",
            created_at=datetime(2026, 10, day, tzinfo=UTC),
            said=(("agent", "Sorry for the wait, and thank you for your patience."),),
        )
    with engine.begin() as connection:
        for model in (TranscriptFinding, InteractionText, InteractionTheme):
            connection.execute(delete(table_of(model)))
    assert main(["analyse", "--since", "2026-10-09", "--db", database_url]) == 0
    assert "analysed 1 interactions (1 messages)" in capsys.readouterr().out
    assert _stored(engine) == (2, 1, 1)
    assert main(["analyse", "--db", database_url]) == 0
    assert "analysed 2 interactions (2 messages)" in capsys.readouterr().out
    assert _stored(engine) == (4, 2, 2)


def test_a_date_that_is_not_one_is_refused(database_url: str) -> None:
    """--since 2026-13-01 stops with a usage error (exit 2) before touching the database."""
    with pytest.raises(SystemExit) as stopped:
        main(["analyse", "--since", "2026-13-01", "--db", database_url])
    assert stopped.value.code == 2
