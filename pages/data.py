"""Data: import exports, and see where the numbers came from — history and quarantine."""

import streamlit as st

from dashboard import data_loaders, loaders
from dashboard.access import require_role
from dashboard.components import database_is_empty, table_or_note, utc_time_column
from dashboard.data_import_form import import_form
from dashboard.downloads import csv_download
from dashboard.filters import current_view
from data_sources.models import AccountRole

require_role(AccountRole.CEO)  # imports change what everyone sees: the admin's alone
view = current_view()
st.title("Data")
database_is_empty(loaders.newest_day(view.url, view.version, view.scope))
st.subheader("Import files")
import_form(view.url)

st.subheader("Import history")
runs = loaders.import_runs(view.url, view.version, view.scope)
table_or_note(
    runs,
    key="import_runs",
    empty="Nothing has been imported yet: choose files above (or run `pulse import FILE`).",
    caption=f"The newest {len(runs):,} import runs (at most 100), newest first.",
    column_config={
        "id": "Run",
        "started_at": utc_time_column("Started (UTC)"),
        "file_name": "File",
        "source": "Source",
        "format": "Format",
        "status": "Status",
        "rows_read": "Rows read",
        "inserted": "Inserted",
        "updated": "Updated",
        "unchanged": "Unchanged",
        "quarantined": "Quarantined",
        "message": "Notes",
    },
)
csv_download(runs, file_name="import-history.csv", key="import_runs_csv")

st.subheader("Quarantine")
st.caption("Rows that could not be stored as they were, kept with the reason so nothing is lost.")
run_column, reason_column = st.columns([1, 2])
run_id = run_column.selectbox(
    "Import run",
    [None, *runs["id"].tolist()],
    format_func=lambda run: "Every run" if run is None else f"Run {run}",
    key="quarantine_run",
)
reason = reason_column.text_input("Reason contains", key="quarantine_reason")
quarantined = data_loaders.quarantine(view.url, view.version, view.scope, run_id, reason)
table_or_note(
    quarantined,
    key="quarantined_rows",
    empty="No quarantined row matches." if run_id or reason else "No row is in quarantine.",
    caption=f"The newest {len(quarantined):,} matching rows (at most 500).",
    column_config={
        "import_run_id": "Run",
        "file_name": "File",
        "line": "Line",
        "column": "Column",
        "reason": "Reason",
        "raw": st.column_config.TextColumn("Raw row", width="large"),
    },
)
csv_download(quarantined, file_name="quarantine.csv", key="quarantine_csv")
