"""The live part of the team view: what waits now, redrawn every few seconds in a fragment.

``st.fragment(run_every=…)`` reruns only this part, so the page does not reload and the
leader's scroll position and choices stay. The refresh interval is a setting
(``team_view_refresh_seconds``). The loader's cache key holds the number of the current
interval (``time // seconds``), since what waits ages with the clock: a fragment rerun, one
interval after the last, always falls in a new one and reads the database afresh, while every
other rerun and every viewer of the same team and scope within the interval share one read.
The key also holds the data version, read again on each fragment run (which does not run the
page around it), so a write shows on the next refresh rather than the next interval.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import team_drill
from dashboard.components import data_table, escape_markdown, full_height, utc_time_column
from dashboard.database import data_version, engine_for
from dashboard.downloads import csv_download
from dashboard.loaders import TTL_SECONDS
from dashboard.overview_figures import NO_VALUE, duration
from data_sources import live_queries, settings
from data_sources.live_queries import LiveCounts
from data_sources.scope import Scope

LIVE_TTL_SECONDS = 30  # a past interval's reads are never asked for again: freed soon


@dataclass(frozen=True)
class Live:
    as_of: datetime
    leader: tuple[int, str] | None
    counts: LiveCounts
    waiting: pd.DataFrame
    promises: pd.DataFrame
    escalations: pd.DataFrame


@st.cache_data(ttl=TTL_SECONDS, max_entries=50, show_spinner=False)
def refresh_seconds(url: str, version: int) -> int:
    """The stored interval (a change shows on the next run)."""
    with engine_for(url).connect() as connection:
        return settings.team_view_refresh_seconds(connection)


@st.cache_data(ttl=TTL_SECONDS, max_entries=100, show_spinner=False)
def leader(url: str, version: int, scope: Scope, team_id: int) -> tuple[int, str] | None:
    """The team's leader (person id, name), or None (also for a team outside ``scope``)."""
    with engine_for(url).connect() as connection:
        return live_queries.team_leader(connection=connection, team_id=team_id, scope=scope)


@st.cache_data(ttl=LIVE_TTL_SECONDS, max_entries=200, show_spinner=False)
def live(
    url: str, version: int, scope: Scope, team_id: int, channels: tuple[str, ...], interval: int
) -> Live:
    """Everything the live part shows, as of the moment it is read (``interval`` keys it)."""
    as_of = datetime.now(UTC)
    arguments: dict[str, Any] = {
        "team_id": team_id,
        "as_of": as_of,
        "scope": scope,
        "channels": channels,
    }
    with engine_for(url).connect() as connection:
        targets = settings.channel_targets(connection)
        leader = live_queries.team_leader(connection=connection, team_id=team_id, scope=scope)
        leader_id = leader[0] if leader else None
        counts = live_queries.live_counts(
            connection=connection, leader_id=leader_id, targets=targets, **arguments
        )
        waiting = live_queries.waiting_interactions(
            connection=connection, targets=targets, **arguments
        )
        promises = live_queries.promises_due(connection=connection, **arguments)
        escalations = live_queries.escalations_waiting(
            connection=connection, leader_id=leader_id or -1, as_of=as_of, scope=scope
        )
    return Live(as_of, leader, counts, waiting, promises, escalations)


def _counters(counts: LiveCounts) -> None:
    figures = {
        "Waiting for an answer": counts.waiting,
        "At risk (≥ 80 % of target)": counts.at_risk - counts.breached,
        "Breached": counts.breached,
        "Promises due in 24 h": counts.promises_due,
        "Escalations waiting": counts.escalations_waiting,
    }
    for column, (label, value) in zip(st.columns(len(figures)), figures.items(), strict=True):
        column.metric(label, f"{value:,}", border=True)
    if counts.promises_overdue:
        st.caption(f"{counts.promises_overdue:,} unkept promises are already past their date.")


def _as_read(frame: pd.DataFrame, texts: dict[str, Callable[[float], str]]) -> pd.DataFrame:
    """``frame`` with a text column beside each ``texts`` column, written as people read a
    wait ("1 d 1 h", not 90000 s); the downloaded CSV keeps the numbers."""
    shown = frame.copy()
    for column, write in texts.items():
        shown[f"{column}_text"] = [
            NO_VALUE if pd.isna(v) else write(float(v)) for v in frame[column]
        ]
    return shown


def _time_left(hours: float) -> str:
    """5.0 -> "5 h left", -3.0 -> "3 h overdue"."""
    return f"{duration(abs(hours) * 3600)} {'left' if hours >= 0 else 'overdue'}"


def _table(
    frame: pd.DataFrame,
    *,
    key: str,
    empty: str,
    config: dict[str, Any],
    texts: dict[str, Callable[[float], str]],
) -> None:
    if frame.empty:
        st.info(empty)
        return
    chosen = data_table(
        _as_read(frame, texts),
        key=key,
        height=min(full_height(len(frame)), 400),
        hide_index=True,
        column_order=list(config),
        column_config=config,
        on_select="rerun",
        selection_mode="single-row",
    )
    team_drill.open_selected_interaction(frame, chosen)
    csv_download(frame, file_name=f"{key}.csv", key=f"{key}_csv")


def live_now(url: str, scope: Scope, team_id: int, channels: tuple[str, ...], seconds: int) -> Live:
    """What the live part shows now: the read of the current interval of ``seconds``."""
    version = data_version(url)  # this fragment run's own: the page's may be minutes old
    return live(url, version, scope, team_id, channels, int(time.time() // seconds))


def draw(url: str, scope: Scope, team_id: int, channels: tuple[str, ...], seconds: int) -> None:
    """The counters and the three lists; the caller wraps this in ``st.fragment``."""
    now = live_now(url, scope, team_id, channels, seconds)
    st.caption(
        f"Last updated {now.as_of:%H:%M:%S} UTC; refreshes every {seconds} s. "
        "Click a row to open the interaction."
    )
    _counters(now.counts)
    st.subheader("Waiting for a first answer")
    _table(
        now.waiting,
        key="team_waiting",
        empty="Nothing waits for a first answer: every open interaction of this team is answered.",
        config={
            "id": st.column_config.NumberColumn("Interaction", format="%d"),
            "state": "State",
            "target_used": st.column_config.ProgressColumn(
                "Share of target", format="percent", min_value=0.0, max_value=1.0
            ),
            "age_seconds_text": st.column_config.TextColumn("Waiting"),
            "target_seconds_text": st.column_config.TextColumn("Target"),
            "created_at": utc_time_column("Created (UTC)"),
            "channel": "Channel",
            "agent": "Agent",
            "topic": "Topic",
        },
        texts={"age_seconds": duration, "target_seconds": duration},
    )
    st.subheader("Promises due in the next 24 hours, and overdue")
    _table(
        now.promises,
        key="team_promises",
        empty="No unkept promise of this team falls due in the next 24 hours or is overdue.",
        config={
            "interaction_id": st.column_config.NumberColumn("Interaction", format="%d"),
            "state": "State",
            "due_at": utc_time_column("Due (UTC)"),
            "hours_left_text": st.column_config.TextColumn("Time left"),
            "agent": "Agent",
            "description": "Promise",
        },
        texts={"hours_left": _time_left},
    )
    if now.leader is None:
        st.info("This team has no leader in the data, so no escalation can wait for one.")
        return
    st.subheader(f"Escalations waiting for {escape_markdown(now.leader[1])}")
    _table(
        now.escalations,
        key="team_escalations",
        empty="No escalation waits for the leader: every one sent to them is picked up.",
        config={
            "id": st.column_config.NumberColumn("Interaction", format="%d"),
            "waiting_hours_text": st.column_config.TextColumn("Waiting"),
            "escalated_at": utc_time_column("Escalated (UTC)"),
            "team": "Team",
            "channel": "Channel",
            "agent": "Agent",
            "topic": "Topic",
        },
        texts={"waiting_hours": lambda hours: duration(hours * 3600)},
    )
