"""Editing the targets: KPI targets, channel response targets, the team view's refresh.

Rates are entered as percentages (5 means 5 %) and stored as fractions (0.05); scores stay in
their scale. Every value is checked before anything is written, so a form with one bad field
stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Connection, delete
from sqlmodel import Session

from data_sources import settings
from data_sources.models import Channel, KpiTarget
from data_sources.setting_changes import InvalidSetting, record_change
from kpis.registry import BY_ID, KPIS, Kpi

if TYPE_CHECKING:
    from data_sources.setting_changes import Actor

SCALES = {"score 1–5": (1.0, 5.0), "score 0–100": (0.0, 100.0)}
_kpi_target = KpiTarget.__table__  # type: ignore[attr-defined]


def is_percent(kpi: Kpi) -> bool:
    return kpi.unit == "rate"


def shown(kpi: Kpi, target: float) -> float:
    """The target as a person enters it: a rate in percent, a score as it is."""
    return round(target * 100, 4) if is_percent(kpi) else target


def target_from_entry(kpi_id: str, entered: float) -> float:
    """The stored target for what was entered; out of range raises ``InvalidSetting``."""
    kpi = BY_ID[kpi_id]
    if is_percent(kpi):
        # 0 % is a target only where the contract itself sets it (wrong names: none at all);
        # elsewhere it is a slip that would make every value miss.
        if not (0 <= entered <= 100 if kpi.target == 0 else 0 < entered <= 100):
            lowest = "0 %" if kpi.target == 0 else "more than 0 %"
            raise InvalidSetting(f"{kpi.label}: a rate target is {lowest} and at most 100 %.")
        return round(entered / 100, 6)
    low, high = SCALES.get(kpi.unit, (0.0, float("inf")))
    if not low <= entered <= high:
        raise InvalidSetting(f"{kpi.label}: a {kpi.unit} target is from {low:g} to {high:g}.")
    return float(entered)


def kpi_target_table(connection: Connection) -> pd.DataFrame:
    """Every KPI with a target: label, unit, direction, default and current, as entered."""
    current = settings.kpi_targets(connection)
    rows = [
        {
            "kpi": kpi.id,
            "label": kpi.label,
            "unit": "%" if is_percent(kpi) else kpi.unit,
            "direction": f"{kpi.direction} is better" if kpi.direction else "",
            "default": shown(kpi, kpi.target),
            "current": shown(kpi, current[kpi.id]),
        }
        for kpi in KPIS
        if kpi.target is not None
    ]
    return pd.DataFrame(rows, columns=["kpi", "label", "unit", "direction", "default", "current"])


def save_kpi_targets(session: Session, actor: Actor, entered: Mapping[str, float]) -> list[str]:
    """Store the entered targets that differ from the current ones; the ids changed."""
    connection = session.connection()
    current = settings.kpi_targets(connection)
    new = {kpi_id: target_from_entry(kpi_id, value) for kpi_id, value in entered.items()}
    changed = [kpi_id for kpi_id, value in new.items() if abs(value - current[kpi_id]) > 1e-9]
    for kpi_id in changed:
        settings.set_kpi_target(connection, kpi_id=kpi_id, target=new[kpi_id])
        record_change(
            session, actor, f"kpi_target:{kpi_id}", {"from": current[kpi_id], "to": new[kpi_id]}
        )
    return changed


def reset_kpi_target(session: Session, actor: Actor, kpi_id: str) -> None:
    """Back to the registry default (the stored override is removed)."""
    connection = session.connection()
    before = settings.kpi_targets(connection)[kpi_id]
    connection.execute(delete(_kpi_target).where(_kpi_target.c.kpi_id == kpi_id))
    default = BY_ID[kpi_id].target
    record_change(session, actor, f"kpi_target:{kpi_id}", {"from": before, "to": default})


def save_channel_targets(session: Session, actor: Actor, entered: Mapping[str, int]) -> list[str]:
    """Store the channels' first-response targets (whole seconds above 0) that changed."""
    connection = session.connection()
    for channel, seconds in entered.items():
        if channel not in set(Channel):
            raise InvalidSetting(f"Unknown channel {channel!r}.")
        if int(seconds) != seconds or seconds <= 0:
            raise InvalidSetting(
                f"{channel}: a response target is a whole number of seconds above 0."
            )
    current = settings.channel_targets(connection)
    changed = [channel for channel, seconds in entered.items() if current[channel] != seconds]
    for channel in changed:
        settings.set_channel_target(connection, channel=channel, seconds=int(entered[channel]))
        record_change(
            session,
            actor,
            f"channel_target:{channel}",
            {"from": int(current[channel]), "to": int(entered[channel])},
        )
    return changed


def save_team_view_refresh(session: Session, actor: Actor, seconds: int) -> None:
    low, high = settings.TEAM_VIEW_REFRESH_RANGE
    if int(seconds) != seconds or not low <= seconds <= high:
        raise InvalidSetting(
            f"The refresh interval is a whole number from {low} to {high} seconds."
        )
    connection = session.connection()
    before = settings.team_view_refresh_seconds(connection)
    settings.set_team_view_refresh_seconds(connection, seconds=int(seconds))
    record_change(
        session, actor, settings.TEAM_VIEW_REFRESH_KEY, {"from": before, "to": int(seconds)}
    )
