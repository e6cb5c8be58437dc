"""The overview's parts, drawn: KPI tiles, the team × KPI grid, trends, walking the talk.

Streamlit glue over ``overview_figures`` (what to show) and ``overview_charts`` (figures).
Clicking a grid cell or a team's bar opens the Interactions page behind it, filters carried.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, overview_charts, url_filters, week_drill
from dashboard import overview_figures as figures
from dashboard.components import channels_counted, data_table, utc_time_column
from dashboard.downloads import csv_download
from dashboard.filters import open_page
from dashboard.overview_loaders import OverviewReport
from kpis.registry import BY_ID, KPIS
from kpis.status import status

INTERACTIONS = "../pages/interactions.py"
FEEDBACK = "../pages/feedback.py"
TOP_THEMES = 5
GRID_KEY, VOLUME_KEY, HEALTH_KEY = "overview_grid", "overview_volume", "overview_health"
TREND_KEY = "overview_trend"
PER_ROW = 5
MARK_COLOURS = {"met": "green", "near": "orange", "missed": "red"}


def _open_interactions(team_id: int | None, kpi_id: str | None = None) -> None:
    shared = {key: st.query_params.get_all(key) for key in url_filters.KEYS}
    open_page(INTERACTIONS, figures.drill_down(shared, team_id=team_id, kpi_id=kpi_id))


def _clickable(figure: Any, key: str) -> None:
    st.plotly_chart(figure, key=key, on_select="rerun", selection_mode="points")


def _points(key: str) -> list[dict[str, object]]:
    event = st.session_state.get(key) or {}
    points: list[dict[str, object]] = (event.get("selection") or {}).get("points") or []
    return points


def finished_weeks(weekly: pd.DataFrame, *, data_until: date) -> pd.DataFrame:
    """The weeks that ended by ``data_until``, unless none has (then all of them)."""
    done = weekly["week"].map(lambda w: date.fromisoformat(w) + timedelta(days=6) <= data_until)
    return weekly[done] if done.any() else weekly


def tiles(report: OverviewReport, *, days: int, data_until: date) -> None:
    """Volume, health and every KPI with a target: value, status, change, weekly sparkline."""
    weekly = finished_weeks(report.weekly, data_until=data_until)
    shown = [BY_ID["volume"], *figures.targeted(report.targets)]
    rows = -(-(len(shown) + 1) // PER_ROW)
    places = [place for _ in range(rows) for place in st.columns(PER_ROW)]
    places[1].metric(
        "Health index",
        "—" if report.health is None else f"{report.health:.0f} / 100",
        help="The mean share of its target each KPI reaches (at most all of it), × 100.",
        border=True,
    )
    for place, kpi in zip([places[0], *places[2:]], shown, strict=False):
        value = report.whole[kpi.id]
        target = report.targets.get(kpi.id)
        state = status(kpi, None if figures.missing(value) else value, target=target)
        change = report.change[kpi.id]
        flat = figures.flat(kpi, change)
        place.metric(
            kpi.label,
            figures.value_text(kpi, value),
            delta=figures.change_text(kpi, change),
            delta_color="off" if flat else figures.delta_colour(kpi),  # type: ignore[arg-type]
            delta_arrow="off" if flat else "auto",
            help=kpi.description
            + (f" Target: {figures.value_text(kpi, target)}." if target is not None else ""),
            border=True,
            chart_data=weekly[kpi.id].dropna().tolist() or None,
        )
        if state:
            colour = MARK_COLOURS[state.value]
            target_text = figures.value_text(kpi, target)
            place.caption(f":{colour}[**{figures.MARKS[state]}**] · target {target_text}")
        if figures.missing(value):
            place.caption("No data in this window: nothing this KPI counts happened here.")
    previous = figures.value_text(BY_ID["volume"], report.whole["volume"] - report.change["volume"])
    st.caption(
        f"Arrows: change against the previous {days} days. Previous {days} days: {previous}. "
        "Lines: week by week (finished weeks). Marks: ✓ met, ~ near (within 10 %), ✗ missed."
    )


def team_grid(report: OverviewReport) -> None:
    """Teams × KPIs coloured met / near / missed; a cell opens its interactions."""
    cells = figures.grid(report.teams, report.targets)
    left, right = st.columns([3, 1])
    with left:
        st.subheader("Teams against targets")
        st.caption("Click a cell to open that team's interactions behind the KPI.")
        _clickable(overview_charts.status_grid(cells), GRID_KEY)
    with right:
        st.subheader("Health per team")
        st.caption("Click a bar to open the team's interactions.")
        _clickable(overview_charts.health_bars(report.teams), HEALTH_KEY)
    table = report.teams[["team", "health", *(k.id for k in figures.targeted(report.targets))]]
    with st.expander("The grid as a table"):
        data_table(
            table,
            key="overview_grid_table",
            hide_index=True,
            column_config={
                "team": "Team",
                "health": st.column_config.NumberColumn("Health", format="%.0f"),
                **{k.id: k.label for k in KPIS},
            },
        )
        csv_download(table, file_name="kpis_per_team.csv", key="overview_grid_csv")
    cell = figures.clicked_cell(_points(GRID_KEY), cells)
    if cell:
        _open_interactions(int(cell[0]), cell[1])
    team_id = figures.clicked_team(_points(HEALTH_KEY), report.teams, axis="y")
    if team_id is not None:
        _open_interactions(team_id)


def top_themes(themes: pd.DataFrame) -> None:
    """The recurring complaints most customers raised (the three-times rule, from the stored
    themes); picking one opens it on the Feedback page with its interactions, filters kept."""
    st.subheader("Top recurring complaints")
    if themes.empty:
        st.info("No complaint theme was raised by 3 or more different customers in this window.")
        return
    top = themes.head(TOP_THEMES)[["theme", "customers", "interactions", "last_heard", "teams"]]
    event = data_table(
        top,
        key="overview_themes",
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "theme": "Theme",
            "customers": st.column_config.NumberColumn("Customers", format="%d"),
            "interactions": st.column_config.NumberColumn("Interactions", format="%d"),
            "last_heard": utc_time_column("Last heard (UTC)"),
            "teams": st.column_config.TextColumn("Teams", width="large"),
        },
    )
    csv_download(
        themes,
        file_name="recurring-complaints.csv",
        key="overview_themes_csv",
        label="Download all recurring complaints (CSV)",
    )
    shared = {key: st.query_params.get_all(key) for key in url_filters.KEYS}
    carried = {key: list(values) for key, values in shared.items() if values}
    more = len(themes) - len(top)
    st.caption(
        "Raised by 3 or more different customers in the window. Pick one to see its "
        "interactions on the Feedback page"
        + (f"; {more} more recurring there." if more > 0 else ".")
    )
    rows = event.selection.rows if event is not None else []
    if rows and rows[0] < len(top):
        open_page(FEEDBACK, carried | {"theme": [str(top.iloc[rows[0]]["theme"])]})
    if st.button("All recurring complaints", key="overview_all_themes"):
        open_page(FEEDBACK, carried)


def volume(report: OverviewReport) -> None:
    """Interactions per team; a bar opens that team's interactions."""
    volumes = pd.DataFrame(
        {"team": report.teams["team"], "interactions": report.teams["volume"].astype(int)}
    )
    st.subheader("Volume per team")
    _clickable(charts.volume_by_team_bar(volumes), VOLUME_KEY)
    data_table(
        volumes,
        key="volume_table",
        hide_index=True,
        column_config={"team": "Team", "interactions": "Interactions"},
    )
    csv_download(volumes, file_name="volume_per_team.csv", key="volume_csv")
    team_id = figures.clicked_team(_points(VOLUME_KEY), report.teams)
    if team_id is not None:
        _open_interactions(team_id)


def trend(report: OverviewReport, *, data_until: date) -> None:
    """One KPI of the organisation week by week against its target."""
    st.subheader("Week by week")
    choices = [k.id for k in KPIS if k.id != "volume"]
    kpi_id = st.selectbox(
        "KPI", choices, format_func=lambda i: BY_ID[i].label, key="overview_trend_kpi"
    )
    kpi = BY_ID[kpi_id]
    weekly = finished_weeks(report.weekly, data_until=data_until)
    if weekly[kpi_id].isna().all():
        st.info(f"No {kpi.label.lower()} figures in these weeks: nothing it counts happened.")
        return
    _clickable(
        overview_charts.weekly_kpi_line(
            weekly,
            kpi_id=kpi_id,
            label=kpi.label,
            target=report.targets.get(kpi_id),
            percent=kpi.unit == "rate",
        ),
        TREND_KEY,
    )
    st.caption(
        "Whole weeks (Monday to Sunday, UTC) that overlap the window and have ended. Click a "
        "week to open its interactions behind the KPI."
    )
    monday = week_drill.clicked_week(_points(TREND_KEY))
    if monday is not None:
        shared = {key: st.query_params.get_all(key) for key in url_filters.KEYS}
        open_page(INTERACTIONS, week_drill.week_drill_down(shared, monday=monday, kpi_id=kpi_id))


def walk_the_talk(leaders: pd.DataFrame, *, channels: tuple[str, ...] = ()) -> None:
    """Each leader's own figures beside their team's, for the sidebar's teams and channels."""
    st.subheader("Walking the talk")
    if leaders.empty:
        st.info(
            "No team in these filters has a leader yet: set one in the data (the demo names "
            "them), or choose other teams in the sidebar."
        )
        return
    st.caption(
        "The leader's own interactions (in any team) beside the team's; escalations sent to "
        "the leader in the window, the median time to pick them up and to resolve them; "
        "reviews and coaching notes they wrote. The sidebar's teams choose the rows; "
        f"{channels_counted(channels)}."
    )
    data_table(figures.walk_the_talk_table(leaders), key="walk_the_talk", hide_index=True)
    csv_download(leaders, file_name="walk_the_talk.csv", key="walk_the_talk_csv")
