"""A CSV download under every table (formula-leading cells neutralised)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_sources.exports import safe_csv


def csv_download(
    frame: pd.DataFrame, *, file_name: str, key: str, label: str = "Download CSV"
) -> None:
    """A download button for ``frame``; the file is built only when the button is clicked."""
    st.download_button(
        label,
        data=lambda: safe_csv(frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        disabled=frame.empty,
    )
