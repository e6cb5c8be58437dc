"""Several groupings read at once (``kpi_reports``) give exactly what each gives alone.

``kpi_reports`` reads the open items, public ratings, raw rows and cells once and groups
them several ways; these tests hold it to the frame ``kpi_report(by=...)`` returns for each
grouping, value for value, on SQLite and PostgreSQL, along both read paths.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from data_sources.report import GROUPINGS, kpi_report, kpi_reports
from data_sources.scope import Scope
from kpis.window import Window
from tests.kpi_builders import Desk, at
from tests.test_kpi_property import interactions, moment, public_reviews, requests, store

EVERY_GROUPING: list[str | None] = [None, *GROUPINGS]


def test_teams_total_and_weeks_read_together_match_each_alone(engine: Engine) -> None:
    """Billing: 3 emails (2 answered within 24 h), Returns: 1 email answered after 30 h; all
    in the week of 2 March. Together: 4 emails, 2 within target -> 0.5; Billing 2/3, Returns 0.
    """
    desk = Desk(engine)
    desk.team("Billing", leader="Lena")
    desk.team("Returns")
    desk.person("Ada", team="Billing")
    desk.person("Bo", team="Returns")
    for hours in (1.0, 2.0, 30.0):
        desk.interaction(created=at(1), answered_after=hours * 3600, agent="Ada")
    desk.interaction(created=at(2), answered_after=30 * 3600, agent="Bo", team="Returns")
    desk.save()
    options: dict[str, Any] = {
        "window": Window(at(0), at(7)), "as_of": at(10), "scope": Scope.everything(),
        "exact_limit": 0,
    }  # fmt: skip
    with engine.connect() as connection:
        together = kpi_reports(connection, groupings=[None, "team", "week"], **options)
        alone = {by: kpi_report(connection, by=by, **options) for by in (None, "team", "week")}
    for by, frame in alone.items():
        pd.testing.assert_frame_equal(together[by], frame)
    assert together[None]["volume"].tolist() == [4]
    assert together[None]["response_sla_rate"].tolist() == [0.5]
    by_team = together["team"].set_index("team")["response_sla_rate"]
    assert by_team.to_dict() == {"Billing": 2 / 3, "Returns": 0.0}
    assert together["week"]["volume"].sum() == 4


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=interactions,
    published=public_reviews,
    request=requests,
    groupings=st.lists(st.sampled_from(EVERY_GROUPING), min_size=2, max_size=3, unique=True),
)
def test_any_groupings_together_equal_each_alone(
    engine: Engine,
    rows: list[dict[str, Any]],
    published: list[tuple[int, int, int | None]],
    request: dict[str, Any],
    groupings: list[str | None],
) -> None:
    """On random data, filters and groupings, the frames are identical, not merely close."""
    store(engine, rows, published)
    options: dict[str, Any] = {
        "window": Window(moment(request["start"]), moment(request["start"] + request["length"])),
        "as_of": moment(request["as_of"]), "scope": Scope.everything(),
        "teams": request["teams"], "agents": request["agents"], "channels": request["channels"],
        "exact_limit": 10**9 if request["path"] == "exact" else 0,
    }  # fmt: skip
    with engine.connect() as connection:
        together = kpi_reports(connection, groupings=groupings, **options)
        for by in groupings:
            pd.testing.assert_frame_equal(together[by], kpi_report(connection, by=by, **options))
    assert list(together) == groupings
