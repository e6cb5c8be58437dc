"""Data: where the numbers came from — import history and the rows kept aside, with reasons."""

import streamlit as st

from dashboard import loaders
from dashboard.components import database_is_empty, table_or_note, utc_time_column
from dashboard.filters import current_view

view = current_view()
st.title("Data")
database_is_empty(loaders.newest_day(view.url, view.scope))
st.subheader("Import history")
runs = loaders.import_runs(view.url, view.scope)
table_or_note(
    runs,
    key="import_runs",
    empty="Nothing has been imported yet (`pulse import FILE` reads an export).",
    caption=f"The newest {len(runs):,} import runs (at most 100).",
    column_config={"started_at": utc_time_column("Started (UTC)")},
)
st.subheader("Quarantine")
st.caption("Rows that could not be stored as they were, kept with the reason so nothing is lost.")
quarantined = loaders.quarantined_rows(view.url, view.scope)
table_or_note(
    quarantined,
    key="quarantined_rows",
    empty="No row is in quarantine.",
    caption=f"The newest {len(quarantined):,} quarantined rows (at most 100).",
    column_config={"raw": st.column_config.TextColumn("Raw row", width="large")},
)
