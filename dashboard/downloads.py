"""A CSV download under every table (formula-leading cells neutralised)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_sources.exports import safe_csv


def csv_download(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    file_name: str,
    key: str,
    label: str = "Download CSV",
) -> None:
    """A download button for ``frame``; the file is built only when the button is clicked.

    ``frame`` may also be a function returning it, for a file too big to read on every run
    (it is then read only on the click, and the button is never disabled).
    """
    st.download_button(
        label,
        data=lambda: safe_csv(frame() if callable(frame) else frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        disabled=not callable(frame) and frame.empty,
    )
