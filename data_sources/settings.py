"""The organisation's targets: KPI targets and channel response targets, with kpis.md defaults.

``KpiTarget`` and ``ChannelTarget`` rows override the defaults; a missing row means "as
``design/kpis.md`` says". Changing a channel's response target changes which answers met it,
and the summary cells count those, so ``set_channel_target`` rebuilds the cells in the same
transaction.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from data_sources.models import AppSetting, Channel, ChannelTarget, KpiTarget
from kpis.registry import BY_ID, default_targets

HOUR = 3600
DEFAULT_CHANNEL_TARGETS: dict[str, int] = {
    Channel.PHONE: 18,  # "answer your phone in less than 3 rings", a ring cycle ≈ 6 s
    Channel.CHAT: 60,  # a live channel
    Channel.EMAIL: 24 * HOUR,  # "return all messages within 24 hours"
    Channel.SOCIAL: 24 * HOUR,
    Channel.SMS: 24 * HOUR,
    Channel.WEB: 24 * HOUR,
    Channel.OTHER: 24 * HOUR,
}

_kpi_target = KpiTarget.__table__  # type: ignore[attr-defined]
_channel_target = ChannelTarget.__table__  # type: ignore[attr-defined]


def channel_targets(connection: Connection) -> dict[str, float]:
    """First-response target in seconds per channel (``other`` covers unknown channels)."""
    targets: dict[str, float] = {str(k): float(v) for k, v in DEFAULT_CHANNEL_TARGETS.items()}
    for channel, seconds in connection.execute(
        select(_channel_target.c.channel, _channel_target.c.first_response_seconds)
    ):
        targets[channel] = float(seconds)
    return targets


def kpi_targets(connection: Connection) -> dict[str, float]:
    """The target of every KPI that has one: stored overrides, else the registry default."""
    targets = default_targets()
    for kpi_id, target in connection.execute(select(_kpi_target.c.kpi_id, _kpi_target.c.target)):
        if kpi_id in BY_ID:
            targets[kpi_id] = float(target)
    return targets


def set_kpi_target(connection: Connection, *, kpi_id: str, target: float) -> None:
    """Override the target of ``kpi_id`` (which must exist in the registry)."""
    if kpi_id not in BY_ID:
        raise KeyError(f"unknown KPI {kpi_id!r}")
    connection.execute(delete(_kpi_target).where(_kpi_target.c.kpi_id == kpi_id))
    connection.execute(insert(_kpi_target).values(kpi_id=kpi_id, target=float(target)))


def set_channel_target(connection: Connection, *, channel: str, seconds: int) -> None:
    """Set a channel's first-response target and recount the cells that depend on it."""
    from data_sources.aggregates import refresh_channel

    if seconds <= 0:
        raise ValueError("a response target must be a positive number of seconds")
    connection.execute(delete(_channel_target).where(_channel_target.c.channel == channel))
    connection.execute(
        insert(_channel_target).values(channel=channel, first_response_seconds=int(seconds))
    )
    refresh_channel(connection, channel=channel)


TEAM_VIEW_REFRESH_KEY = "team_view_refresh_seconds"
DEFAULT_TEAM_VIEW_REFRESH_SECONDS = 30
TEAM_VIEW_REFRESH_RANGE = (2, 3600)  # faster than 2 s only loads the database
_app_setting = AppSetting.__table__  # type: ignore[attr-defined]


def team_view_refresh_seconds(connection: Connection) -> int:
    """How often the team view refreshes itself, in seconds (stored, else 30).

    A stored value that is not a whole number in range (edited by hand) reads as the default.
    """
    stored = connection.execute(
        select(_app_setting.c.value).where(_app_setting.c.key == TEAM_VIEW_REFRESH_KEY)
    ).scalar_one_or_none()
    low, high = TEAM_VIEW_REFRESH_RANGE
    if stored is None or not stored.strip().isdigit() or not low <= int(stored) <= high:
        return DEFAULT_TEAM_VIEW_REFRESH_SECONDS
    return int(stored)


def set_team_view_refresh_seconds(connection: Connection, *, seconds: int) -> None:
    """Store the team view's refresh interval (2 s to 1 h)."""
    low, high = TEAM_VIEW_REFRESH_RANGE
    if not low <= int(seconds) <= high:
        raise ValueError(f"the refresh interval must be {low} to {high} seconds, not {seconds}")
    connection.execute(delete(_app_setting).where(_app_setting.c.key == TEAM_VIEW_REFRESH_KEY))
    connection.execute(
        insert(_app_setting).values(key=TEAM_VIEW_REFRESH_KEY, value=str(int(seconds)))
    )
