"""The chart builders turn small grouped frames into figures, without Streamlit."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.charts import volume_by_team_bar, weekly_trend_line


def test_the_bar_chart_has_one_bar_per_team_with_its_volume() -> None:
    """Returns 5 and Billing 3 become two bars of heights 5 and 3, in that order."""
    figure = volume_by_team_bar(
        pd.DataFrame({"team": ["Returns", "Billing"], "interactions": [5, 3]})
    )
    assert list(figure.data[0].x) == ["Returns", "Billing"]
    assert list(figure.data[0].y) == [5, 3]


def test_team_names_are_shown_as_text_not_markup() -> None:
    """A team called <b>VIP</b> & Co is escaped, so plotly prints the tags instead of bolding."""
    figure = volume_by_team_bar(pd.DataFrame({"team": ["<b>VIP</b> & Co"], "interactions": [1]}))
    assert list(figure.data[0].x) == ["&lt;b&gt;VIP&lt;/b&gt; &amp; Co"]


def test_the_trend_draws_a_quiet_week_as_zero() -> None:
    """Billing had 2 then nothing then 1; its line passes through 0 in the quiet week."""
    weekly = pd.DataFrame(
        {
            "week": ["2026-10-05", "2026-10-12", "2026-10-19"],
            "team": ["Billing", "Returns", "Billing"],
            "interactions": [2, 4, 1],
        }
    )
    figure = weekly_trend_line(weekly)
    lines = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in figure.data}
    assert lines["Billing"] == {"2026-10-05": 2, "2026-10-12": 0, "2026-10-19": 1}
    assert lines["Returns"] == {"2026-10-05": 0, "2026-10-12": 4, "2026-10-19": 0}


def test_an_empty_window_gives_an_empty_figure_not_an_error() -> None:
    """No rows draw no line."""
    figure = weekly_trend_line(pd.DataFrame({"week": [], "team": [], "interactions": []}))
    assert all(len(trace.x or []) == 0 for trace in figure.data)


def test_an_unfinished_week_is_left_out_while_a_finished_one_exists() -> None:
    """Data until Wednesday 14 October: the week of the 12th is unfinished; only the 5th shows."""
    weekly = pd.DataFrame(
        {
            "week": ["2026-10-05", "2026-10-12"],
            "team": ["Billing", "Billing"],
            "interactions": [9, 2],
        }
    )
    figure = weekly_trend_line(weekly, data_until=date(2026, 10, 14))
    assert list(figure.data[0].x) == ["2026-10-05"]
    alone = weekly_trend_line(weekly.iloc[1:], data_until=date(2026, 10, 14))
    assert list(alone.data[0].x) == ["2026-10-12 (so far)"]
    assert list(alone.data[0].y) == [2]
