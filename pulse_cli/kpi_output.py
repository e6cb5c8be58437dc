"""How ``pulse kpis`` prints a report: JSON, CSV or a table a person reads.

JSON and CSV carry every KPI id of the registry, null (empty in CSV) where undefined, and
times in ISO 8601 UTC; the table shows the registry's labels and units, "—" for no value.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from data_sources.exports import neutralise
from kpis.registry import IDS, KPIS
from kpis.window import Window


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def groups(frame: pd.DataFrame, by: str | None) -> list[dict[str, Any]]:
    """Each row as ``{"key": {...}, "kpis": {id: value or None}}``."""
    result = []
    for row in frame.to_dict("records"):
        kpis: dict[str, float | int | None] = {}
        for kpi_id in IDS:
            value = row[kpi_id]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                kpis[kpi_id] = None
            elif kpi_id == "volume":
                kpis[kpi_id] = int(value)
            else:
                kpis[kpi_id] = float(value)
        result.append({"key": {by: row[by]} if by else {}, "kpis": kpis})
    return result


def as_json(frame: pd.DataFrame, *, window: Window, as_of: datetime, by: str | None) -> str:
    document = {
        "start": iso(window.start),
        "end": iso(window.end),
        "as_of": iso(as_of),
        "by": by,
        "groups": groups(frame, by),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def as_csv(frame: pd.DataFrame, *, window: Window, as_of: datetime, by: str | None) -> str:
    columns = [*([by] if by else []), *IDS]
    shown = frame[columns].copy()
    if by:  # team and agent names are text from data: "=cmd" must not run in a spreadsheet
        shown[by] = shown[by].map(neutralise)
    return str(shown.to_csv(index=False, lineterminator="\n")).rstrip("\n")


def _duration(seconds: float) -> str:
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    if seconds < 120:
        return f"{sign}{seconds:.0f} s"
    minutes = seconds / 60
    if minutes < 120:
        return f"{sign}{minutes:.0f} min"
    return f"{sign}{minutes / 60:.1f} h"


def shown(unit: str, value: Any) -> str:
    """A value as a person reads it; "—" where it is undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "count":
        return f"{int(value):,}"
    if unit == "rate":
        return f"{100 * value:.1f}%"
    if unit == "s":
        return _duration(float(value))
    return f"{value:.2f}"


def as_table(frame: pd.DataFrame, *, window: Window, as_of: datetime, by: str | None) -> str:
    header = f"KPIs for [{iso(window.start)}, {iso(window.end)}) as of {iso(as_of)}"
    columns = [str(row[by]) for row in frame.to_dict("records")] if by else ["all"]
    table = pd.DataFrame(
        {
            column: [shown(kpi.unit, row[kpi.id]) for kpi in KPIS]
            for column, row in zip(columns, frame.to_dict("records"), strict=True)
        },
        index=[kpi.label for kpi in KPIS],
    )
    if table.empty:
        return f"{header}\nno interactions"
    return f"{header}\n{table.to_string()}"
