"""Settings sections: KPI targets, channel response targets, the team view's refresh."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders, settings_loaders
from dashboard.access import current_viewer as who  # the actor in the audit log
from dashboard.components import data_table, full_height, readable_duration
from dashboard.downloads import csv_download
from dashboard.settings_save import save
from data_sources import settings, target_settings


def kpi_targets(url: str, version: int) -> None:
    table = settings_loaders.kpi_targets(url, version)
    st.caption("Rates are entered in percent (5 means 5 %); scores in their scale.")
    data_table(
        table,
        key="kpi_target_table",
        hide_index=True,
        height=full_height(len(table)),
        column_order=list(table.columns[1:]),
        column_config={
            "label": "KPI",
            "unit": "Unit",
            "direction": "Direction",
            "default": "Default",
            "current": "Current",
        },
    )
    csv_download(table, file_name="kpi-targets.csv", key="kpi_targets_csv")
    with st.form("kpi_target_form"):
        columns = st.columns(3)
        entered: dict[str, float] = {
            str(row["kpi"]): columns[number % 3].number_input(
                f"{row['label']} ({row['unit']})",
                value=float(row["current"]),
                step=0.5,
                format="%.2f",
                key=f"kpi_target_{row['kpi']}",
            )
            for number, row in enumerate(table.to_dict("records"))
        }
        if st.form_submit_button("Save KPI targets", type="primary"):
            save(url, lambda session: target_settings.save_kpi_targets(session, who(), entered))
    changed = table[table["current"] != table["default"]]
    if not changed.empty:
        labels = dict(zip(changed["kpi"].astype(str), changed["label"].astype(str), strict=True))
        kpi_id: str = st.selectbox(
            "Back to the default",
            list(labels),
            format_func=lambda chosen: labels[chosen],
            key="kpi_target_reset_choice",
        )
        if st.button("Reset to default", key="kpi_target_reset"):
            save(url, lambda session: target_settings.reset_kpi_target(session, who(), kpi_id))


def channel_targets(url: str, version: int) -> None:
    targets = loaders.response_targets(url, version)
    shown = targets.assign(target=targets["first_response_seconds"].map(readable_duration))
    st.caption(
        "How soon a first answer is due: the defaults of design/kpis.md (phone 18 s — three "
        "rings —, chat 60 s, every other channel 24 h) unless the organisation set its own."
    )
    data_table(
        shown,
        key="response_targets",
        hide_index=True,
        column_order=["channel", "target", "first_response_seconds", "source"],
        column_config={
            "channel": "Channel",
            "target": "Target",
            "source": "Set by",
            "first_response_seconds": st.column_config.NumberColumn("Target (s)", format="%d"),
        },
    )
    csv_download(shown, file_name="response-targets.csv", key="response_targets_csv")
    with st.form("channel_target_form"):
        columns = st.columns(4)
        entered: dict[str, int] = {
            str(row["channel"]): columns[number % 4].number_input(
                f"{row['channel']} (seconds)",
                value=int(row["first_response_seconds"]),
                step=1,
                key=f"channel_target_{row['channel']}",
                help=f"Now {row['target']}.",
            )
            for number, row in enumerate(shown.to_dict("records"))
        }
        if st.form_submit_button("Save response targets", type="primary"):
            save(url, lambda session: target_settings.save_channel_targets(session, who(), entered))
    _team_view_refresh(url, version)


def _team_view_refresh(url: str, version: int) -> None:
    low, high = settings.TEAM_VIEW_REFRESH_RANGE
    with st.form("team_view_refresh_form"):
        seconds = st.number_input(
            f"Team view refresh (seconds, {low} to {high})",
            step=1,
            value=settings_loaders.team_view_refresh(url, version),
            key="team_view_refresh",
        )
        if st.form_submit_button("Save refresh interval"):
            save(
                url, lambda session: target_settings.save_team_view_refresh(session, who(), seconds)
            )
