"""The health index of a group and the change against the previous period, in one place.

``design/kpis.md``, "Service health": the index is the mean, over the KPIs that have a target
and a value, of min(1, value / target) when higher is better and min(1, target / value) when
lower is better (a value of 0 for lower-is-better counts as 1), × 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from kpis.registry import KPIS, Direction, Kpi


def _present(value: float | None) -> bool:
    return value is not None and value == value


def attainment(kpi: Kpi, value: float, target: float) -> float:
    """How much of its target one KPI reaches, capped at 1."""
    if kpi.direction is Direction.HIGHER:
        return 1.0 if target == 0 else min(1.0, value / target)
    return 1.0 if value == 0 else min(1.0, target / value)


def health_index(
    values: Mapping[str, float | None],
    *,
    targets: Mapping[str, float] | None = None,
    kpis: Sequence[Kpi] = KPIS,
) -> float | None:
    """The health index (0–100) of one group's KPI values; None when no KPI counts."""
    parts = []
    for kpi in kpis:
        target = (targets or {}).get(kpi.id, kpi.target)
        value = values.get(kpi.id)
        if kpi.direction is None or target is None or not _present(value):
            continue
        parts.append(attainment(kpi, float(value), target))  # type: ignore[arg-type]
    return 100 * sum(parts) / len(parts) if parts else None


def change(current: float | None, previous: float | None) -> float | None:
    """Current minus previous; None when either is missing."""
    if not _present(current) or not _present(previous):
        return None
    return float(current) - float(previous)  # type: ignore[arg-type]


def previous_period_change(
    current: pd.DataFrame, previous: pd.DataFrame, *, keys: Sequence[str], ids: Sequence[str]
) -> pd.DataFrame:
    """Per group (``keys``), each KPI of ``ids`` minus its value in the previous period."""
    merged = current.merge(previous, on=list(keys), how="left", suffixes=("", "__previous"))
    result = merged.loc[:, list(keys)].copy()
    for kpi_id in ids:
        previous_values = merged.get(f"{kpi_id}__previous")
        result[kpi_id] = [
            change(now, then)
            for now, then in zip(
                merged[kpi_id],
                previous_values if previous_values is not None else [None] * len(merged),
                strict=True,
            )
        ]
    return result
