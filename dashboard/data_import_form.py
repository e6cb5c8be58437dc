"""The Data page's import form: files, format, kind, source and time zone, then a progress bar."""

from __future__ import annotations

from typing import cast

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.access import current_viewer
from dashboard.components import data_table, escape_markdown
from dashboard.data_upload import FILE_TYPES, import_uploads, summary_table
from dashboard.database import engine_for
from dashboard.downloads import csv_download
from data_sources.importing import formats
from data_sources.importing.rows import KINDS, Kind

LAST_SUMMARY = "data_last_import_summary"


def import_form(url: str) -> None:
    limit = st.get_option("server.maxUploadSize")
    st.caption(
        f"Exports of up to {limit:,} MB per file ({', '.join(FILE_TYPES)}); larger files go "
        "through `pulse import FILE`. Each file is stored all or nothing; rows that cannot be "
        "stored wait in the quarantine below with their reason."
    )
    with st.form("data_import", border=True):
        uploads = st.file_uploader(
            "Files", type=FILE_TYPES, accept_multiple_files=True, key="data_uploads"
        )
        format_column, kind_column, source_column, zone_column = st.columns(4)
        chosen_format = format_column.selectbox(
            "Format",
            ["auto", *formats.names()],
            key="data_format",
            help="auto: recognised from the file's columns or shape.",
        )
        kind = kind_column.selectbox(
            "Kind",
            ["auto", *KINDS],
            key="data_kind",
            help="What the rows are; auto: read from the columns.",
        )
        source = source_column.text_input(
            "Source", key="data_source", help="The system the file came from (optional)."
        )
        tz = zone_column.text_input(
            "Time zone",
            value="UTC",
            key="data_tz",
            help="For times written without an offset, e.g. Europe/London.",
        )
        submitted = st.form_submit_button("Import", type="primary", icon=":material/upload:")
    if submitted:
        if not uploads:
            st.warning("Choose one or more files to import first.")
        else:
            bar = st.progress(0.0, text="Starting…")
            summaries = import_uploads(
                engine_for(url),
                uploads,
                format=chosen_format,
                kind=None if kind == "auto" else cast(Kind, kind),
                source=source.strip() or None,
                tz=tz.strip() or "UTC",
                report=lambda done, what: _advance(bar, done, what),
                max_bytes=limit * 2**20,
                actor=current_viewer(),  # who imported, for the audit log
            )
            st.session_state[LAST_SUMMARY] = summary_table(summaries)
            # The import raised the data version; run again so the history, quarantine and
            # sidebar below are read at the new one (this run's was read before the import).
            st.rerun()
    _last_summary()


def _advance(bar: DeltaGenerator, done: float, what: str) -> None:
    bar.progress(done, text=what)


def _last_summary() -> None:
    summary = st.session_state.get(LAST_SUMMARY)
    if summary is None:
        return
    st.subheader("Last import")
    for row in summary.to_dict("records"):
        name = escape_markdown(str(row["file_name"]))
        if row["status"] != "done":
            st.error(f"{name} was refused: {escape_markdown(str(row['message']))}")
        else:
            st.success(
                f"{name}: {row['inserted']:,} inserted, {row['updated']:,} updated, "
                f"{row['unchanged']:,} unchanged, {row['quarantined']:,} quarantined."
            )
    data_table(
        summary,
        key="import_summary",
        hide_index=True,
        column_config={"message": st.column_config.TextColumn("Notes / reason", width="large")},
    )
    csv_download(summary, file_name="import-summary.csv", key="import_summary_csv")
