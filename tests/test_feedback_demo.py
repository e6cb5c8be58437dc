"""The demo organisation's stories show up in what the transcripts say (stored by the demo)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from demo_helpers import NOW, demo_engine, frame
from sqlalchemy import Engine

from data_sources import feedback_queries
from data_sources.demo.stories import RECURRING_THEME_TOPIC
from data_sources.queries import Filters
from data_sources.report import kpi_report
from data_sources.scope import Scope
from kpis.transcripts.themes import key_phrase
from kpis.window import Window

__all__ = ["demo_engine"]  # the shared fixture, used by name
TEXT_KPIS = ("apology_rate", "courtesy_rate", "banned_phrase_rate", "blame_rate", "name_error_rate")


def test_the_demos_recurring_theme_is_the_top_theme_of_the_last_30_days(
    demo_engine: Engine,
) -> None:
    """ "app login failure" was heard from more distinct customers than any other theme."""
    window = Window.last_days(30, until=(NOW - timedelta(days=1)).date())
    with demo_engine.connect() as connection:
        themes = feedback_queries.recurring_themes(
            connection, window=window, scope=Scope.everything(), filters=Filters()
        )
    assert themes["theme"].iloc[0] == key_phrase(RECURRING_THEME_TOPIC)
    top, second = themes["customers"].iloc[:2].tolist()
    assert top > second >= 3


def test_every_demo_transcript_is_analysed_and_some_break_the_rules(demo_engine: Engine) -> None:
    """Each interaction with messages has its flags stored; some agents used a banned phrase
    and some got the customer's name wrong, and each flag has a finding behind it."""
    counts = frame(
        demo_engine,
        """
        SELECT
          (SELECT COUNT(DISTINCT interaction_id) FROM message) AS with_messages,
          (SELECT COUNT(*) FROM interactiontext) AS analysed,
          (SELECT COUNT(*) FROM interactiontext WHERE banned_phrase) AS banned,
          (SELECT COUNT(*) FROM interactiontext WHERE name_error) AS wrong_name,
          (SELECT COUNT(DISTINCT interaction_id) FROM transcriptfinding
            WHERE "check" = 'banned_phrase') AS banned_found,
          (SELECT COUNT(DISTINCT interaction_id) FROM transcriptfinding
            WHERE "check" = 'name_error') AS wrong_name_found
        """,
    ).iloc[0]
    assert counts["analysed"] == counts["with_messages"] > 0
    assert counts["banned"] > 0 and counts["wrong_name"] > 0
    assert counts["banned"] == counts["banned_found"]
    assert counts["wrong_name"] == counts["wrong_name_found"]


def test_the_demos_text_kpis_read_the_same_from_cells_and_from_raw_rows(
    demo_engine: Engine,
) -> None:
    """Per team over the six months, each text KPI from the summary cells (kept by the
    analysis after the demo's cell build) equals the one counted from the raw rows and their
    stored flags; some team breaks each rule, and nobody is perfect at apologising."""
    window = Window.last_days(183, until=NOW.date())
    reports = []
    for limit in (0, 10**9):
        with demo_engine.connect() as connection:
            reports.append(
                kpi_report(
                    connection,
                    window=window,
                    as_of=NOW,
                    scope=Scope.everything(),
                    by="team",
                    exact_limit=limit,
                ).set_index("team")[list(TEXT_KPIS)]
            )
    cells, raw = reports
    pd.testing.assert_frame_equal(cells, raw)
    assert (cells["banned_phrase_rate"] > 0).any()
    assert (cells["name_error_rate"] > 0).any()
    assert (cells["apology_rate"] < 1).all()
    assert cells.notna().all().all()
