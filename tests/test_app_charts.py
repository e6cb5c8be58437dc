"""The chart builders turn small grouped frames into figures, without Streamlit."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import volume_by_team_bar, weekly_trend_line
from dashboard.overview_charts import health_bars, status_grid, weekly_kpi_line


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


def _built_figures() -> dict[str, go.Figure]:
    """One figure from every chart builder, drawn from small hand-made frames."""
    weekly = pd.DataFrame(
        {
            "week": ["2026-10-05", "2026-10-12"],
            "team": ["Billing", "Billing"],
            "interactions": [4, 6],
        }
    )
    cells = pd.DataFrame(
        {
            "group": ["Billing", "Billing", "<b>Returns</b>", "<b>Returns</b>"],
            "label": ["CSAT", "Reopen rate", "CSAT", "Reopen rate"],
            "status": ["met", "missed", None, "near"],
            "text": ["4.5 ✓", "9% ✗", "—", "6% ~"],
        }
    )
    kpi_weeks = pd.DataFrame({"week": ["2026-10-05", "2026-10-12"], "csat": [4.2, None]})
    return {
        "volume": volume_by_team_bar(pd.DataFrame({"team": ["Billing"], "interactions": [3]})),
        "trend": weekly_trend_line(weekly, data_until=date(2026, 10, 31)),
        "grid": status_grid(cells),
        "hours": status_grid(cells, x_axis={"type": "category", "side": "bottom"}, text_size=10),
        "health": health_bars(
            pd.DataFrame({"team": ["Billing", "Returns"], "health": [72.0, None]})
        ),
        "kpi line": weekly_kpi_line(
            kpi_weeks, kpi_id="csat", label="CSAT", target=4.0, percent=False
        ),
        "rate line": weekly_kpi_line(
            kpi_weeks.rename(columns={"csat": "rate"}), kpi_id="rate", label="Rate", target=None,
            percent=True,
        ),
    }  # fmt: skip


def test_every_chart_is_a_valid_plotly_figure() -> None:
    """The builders skip plotly's validation for speed (``dashboard/figure_spec.py``): here
    each figure goes through the validating constructor, which raises on any property plotly
    does not know, and keeps every trace and the layout's settings."""
    for name, built in _built_figures().items():
        spec = built.to_dict()
        checked = go.Figure(spec).to_dict()  # raises ValueError on a misspelt property
        assert len(checked["data"]) == len(spec["data"]), name
        assert [t["type"] for t in checked["data"]] == [t["type"] for t in spec["data"]], name
        for setting in ("height", "margin", "xaxis", "yaxis", "shapes", "annotations"):
            assert (setting in checked["layout"]) == (setting in spec["layout"]), (name, setting)


def test_the_status_grid_colours_each_cell_by_its_status_and_escapes_names() -> None:
    """Billing: CSAT met (level 3.5), reopen rate missed (1.5); Returns: CSAT without status
    (0.5, grey), reopen rate near (2.5). The team name shows as text, not bold."""
    grid = _built_figures()["grid"]
    assert list(grid.data[0].y) == ["Billing", "&lt;b&gt;Returns&lt;/b&gt;"]
    assert [list(row) for row in grid.data[0].z] == [[3.5, 1.5], [0.5, 2.5]]
    assert list(grid.data[1].customdata) == ["met", "missed", "no status", "near"]
    assert grid.layout.height == 120 + 34 * 2
    hours = _built_figures()["hours"]
    assert hours.layout.xaxis.side == "bottom" and hours.data[0].textfont.size == 10


def test_the_kpi_line_draws_its_target_dashed_and_percent_axes() -> None:
    """A target of 4.0 is one dashed line at y = 4.0, labelled; a rate's axis reads in %."""
    figures = _built_figures()
    line = figures["kpi line"]
    assert [(s.y0, s.y1, s.line.dash) for s in line.layout.shapes] == [(4.0, 4.0, "dash")]
    assert [a.text for a in line.layout.annotations] == ["target"]
    assert figures["rate line"].layout.yaxis.tickformat == ".0%"
    assert not figures["rate line"].layout.shapes
    assert list(figures["health"].data[0].y) == ["Billing"]  # a team without health is left out
