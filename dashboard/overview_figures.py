"""The overview's figures as people read them: values by unit, status marks, the grid, drill-downs.

Pure functions, no Streamlit: the page and the tests call them directly. Status always comes
from ``kpis.status.status`` (one place decides met / near / missed); this module only says
how a status looks — a colour and a text mark, so it is never told by colour alone.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard import url_filters
from kpis.registry import BY_ID, KPIS, Direction, Kpi
from kpis.status import Status, status

NO_VALUE = "—"
COLOURS = {Status.MET: "#2e7d32", Status.NEAR: "#f9a825", Status.MISSED: "#c62828"}
MARKS = {Status.MET: "✓ met", Status.NEAR: "~ near", Status.MISSED: "✗ missed"}
# The Interactions page's flag that lists the interactions behind a KPI (None: no flag).
KPI_FLAGS: dict[str, str] = {
    "escalation_ratio": "escalated",
    "response_sla_rate": "breached",
    "promise_kept_rate": "broken_promise",
    "broken_promise_notice_rate": "broken_promise",
    "transfer_rate": "transferred",
    "reopen_rate": "reopened",
    "csat_avg": "low_csat",
    "csat_satisfied_rate": "low_csat",
    "apology_rate": "no_apology",
    "courtesy_rate": "no_thanks",
    "banned_phrase_rate": "banned_phrase",
    "blame_rate": "blamed",
    "name_error_rate": "wrong_name",
}


def missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def duration(seconds: float) -> str:
    """42 -> "42 s", 3900 -> "1 h 5 min", 190800 -> "2 d 5 h": the two largest units."""
    whole = round(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    parts = [(whole // 86400, "d"), (whole % 86400 // 3600, "h"), (whole % 3600 // 60, "min")]
    parts.append((whole % 60, "s"))
    first = next((i for i, (amount, _) in enumerate(parts) if amount), len(parts) - 1)
    shown = [f"{amount} {unit}" for amount, unit in parts[first : first + 2] if amount]
    return sign + (" ".join(shown) or "0 s")


def value_text(kpi: Kpi, value: float | None) -> str:
    """A KPI value by its unit: rates as %, seconds as a duration, scores with one decimal."""
    if missing(value):
        return NO_VALUE
    number = float(value)  # type: ignore[arg-type]
    if kpi.unit == "rate":
        return f"{number:.1%}"
    if kpi.unit == "s":
        return duration(number)
    if kpi.unit == "count":
        return f"{round(number):,}"
    return f"{number:.1f}"


def change_text(kpi: Kpi, change: float | None) -> str | None:
    """The change against the previous period, signed, in the KPI's unit (None: no change).

    A change too small to show at the unit's precision reads "±0.0" (not "-0.0" with a red
    arrow down, which says the figure fell when it did not move); ``flat`` tells it apart."""
    if missing(change):
        return None
    number = float(change)  # type: ignore[arg-type]
    sign = "±" if flat(kpi, number) else "+" if number >= 0 else "-"
    if kpi.unit == "rate":
        return f"{sign}{abs(number) * 100:.1f} pts"
    if kpi.unit == "s":
        return f"{sign}{duration(abs(number))}"
    if kpi.unit == "count":
        return f"{sign}{abs(round(number)):,}"
    return f"{sign}{abs(number):.1f}"


def flat(kpi: Kpi, change: float | None) -> bool:
    """Whether ``change`` rounds to nothing at the precision ``change_text`` shows."""
    if missing(change):
        return False
    number = abs(float(change))  # type: ignore[arg-type]
    if kpi.unit == "rate":
        return round(number * 100, 1) == 0
    if kpi.unit in ("s", "count"):
        return round(number) == 0
    return round(number, 1) == 0


def delta_colour(kpi: Kpi) -> str:
    """Streamlit's delta colour: green when the change goes the KPI's good way."""
    return {Direction.HIGHER: "normal", Direction.LOWER: "inverse"}.get(kpi.direction, "off")  # type: ignore[arg-type]


def targeted(targets: Mapping[str, float]) -> list[Kpi]:
    """The KPIs that have a direction and a target, in registry order."""
    return [k for k in KPIS if k.direction is not None and targets.get(k.id) is not None]


def grid(report: pd.DataFrame, targets: Mapping[str, float], *, key: str = "team") -> pd.DataFrame:
    """One row per group (``key``: team or channel) and targeted KPI: value, text, status."""
    rows = []
    for record in report.to_dict("records"):
        for kpi in targeted(targets):
            read = record.get(kpi.id)
            value = None if read is None or missing(read) else float(read)
            state = status(kpi, value, target=targets[kpi.id])
            rows.append(
                {
                    "group": str(record[key]),
                    "group_id": record.get(f"{key}_id", record[key]),
                    "kpi": kpi.id,
                    "label": kpi.label,
                    "value": value,
                    "target": targets[kpi.id],
                    "status": state.value if state else None,
                    "text": value_text(kpi, value) + (f" {MARKS[state][0]}" if state else ""),
                }
            )
    return pd.DataFrame(rows, columns=list(GRID_COLUMNS))


GRID_COLUMNS = ("group", "group_id", "kpi", "label", "value", "target", "status", "text")


def clicked_cell(
    points: Sequence[Mapping[str, Any]], cells: pd.DataFrame
) -> tuple[Any, str] | None:
    """The (group id, KPI id) of the first clicked grid cell (x: KPI label, y: group).

    The chart shows group names HTML-escaped, so the click names them that way too.
    """
    shown = cells["group"].map(html.escape)
    for point in points:
        found = cells[(cells["label"] == point.get("x")) & (shown == point.get("y"))]
        if len(found):
            return found.iloc[0]["group_id"], str(found.iloc[0]["kpi"])
    return None


def clicked_team(
    points: Sequence[Mapping[str, Any]], teams: pd.DataFrame, *, axis: str = "x"
) -> int | None:
    """The id of the team whose bar was clicked first (``teams``: ``team_id``, ``team``)."""
    ids = dict(zip(teams["team"].map(html.escape), teams["team_id"], strict=True))
    for point in points:
        if point.get(axis) in ids:
            return int(ids[point[axis]])
    return None


WALK_THE_TALK_KPIS = ("response_sla_rate", "escalation_ratio", "csat_avg", "qa_score_avg")


def walk_the_talk_table(leaders: pd.DataFrame) -> pd.DataFrame:
    """Per team, the leader's own KPIs beside the team's and their escalation and writing
    figures, every value as read (``overview_loaders.leaders_beside_teams``' frame)."""
    table = pd.DataFrame({"team": leaders["team"], "leader": leaders["leader"]})
    for kpi_id in WALK_THE_TALK_KPIS:
        kpi = BY_ID[kpi_id]
        for whose in ("team", "leader"):
            name = f"{whose}_{kpi_id}"
            values = leaders[name].tolist() if name in leaders else [None] * len(leaders)
            table[f"{kpi.label} ({whose})"] = [value_text(kpi, v) for v in values]
    table["Escalations received"] = leaders["escalations_received"].astype(int)
    for column, label in (
        ("escalation_pickup_median", "Escalation pick-up (median)"),
        ("escalation_resolution_median", "Escalation resolved (median)"),
    ):
        medians: list[float | None] = leaders[column].tolist()
        table[label] = [NO_VALUE if v is None or missing(v) else duration(v) for v in medians]
    table["Reviews written"] = leaders["reviews_written"].astype(int)
    table["Coaching notes written"] = leaders["coaching_notes_written"].astype(int)
    return table


def drill_down(
    shared: Mapping[str, Sequence[str]], *, team_id: int | None = None, kpi_id: str | None = None
) -> dict[str, list[str]]:
    """The Interactions page's query parameters behind one team's (or everyone's) KPI.

    ``shared`` are the current link's filters (window, dates, teams, channels); the window
    and channels carry over, the team becomes the clicked one, and the KPI adds its flag.
    """
    params = {key: list(shared[key]) for key in url_filters.KEYS if shared.get(key)}
    if team_id is not None:
        params["team"] = [str(int(team_id))]
    flag = KPI_FLAGS.get(kpi_id or "")
    if flag:
        params["flag"] = [flag]
    return params
