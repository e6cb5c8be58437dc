"""Whether a KPI's value meets its target: one function every page, export and colour reads.

``design/kpis.md``, "Service health": **met** on the right side of the target, **near** within
10 % of it (relative), else **missed**. A KPI without a target or without a value has no status.
"""

from __future__ import annotations

from enum import StrEnum

from kpis.registry import Direction, Kpi

NEAR = 0.10


class Status(StrEnum):
    MET = "met"
    NEAR = "near"
    MISSED = "missed"


def status(kpi: Kpi, value: float | None, *, target: float | None = None) -> Status | None:
    """The status of ``value`` for ``kpi`` against ``target`` (default: the KPI's own)."""
    goal = kpi.target if target is None else target
    if goal is None or kpi.direction is None or value is None or value != value:
        return None
    if kpi.direction is Direction.HIGHER:
        if value >= goal:
            return Status.MET
        return Status.NEAR if value >= goal * (1 - NEAR) else Status.MISSED
    if value <= goal:
        return Status.MET
    return Status.NEAR if value <= goal * (1 + NEAR) else Status.MISSED
