"""Pieces every page uses: safe text, the empty-database note, the window's caption."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import streamlit as st

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
EMPTY_DATABASE = (
    "There are no interactions in this database yet. Load the demo organisation with "
    "`pulse demo` (or start everything with `make run`), or import an export with "
    "`pulse import FILE`."
)


def escape_markdown(text: str) -> str:
    """``text`` with every character markdown (or HTML) would read backslash-escaped.

    Streamlit renders markdown in ``st.markdown``, ``st.warning``, ``st.caption`` and metric
    labels; anything that came from data or a link goes through here first, so a team named
    ``**Billing**`` or ``<img src=x>`` is shown exactly as written.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def database_is_empty(newest_day: object) -> bool:
    """Say so on the page when there is nothing to show yet; True when it is empty."""
    if newest_day is None:
        st.info(EMPTY_DATABASE, icon=":material/inbox:")
        return True
    return False


def window_caption(first_day: object, last_day: object, what: str) -> None:
    st.caption(f"{what}, {first_day} to {last_day} (UTC days, both included).")


# What a table shows for a value that is not there: Streamlit's default is the word "None",
# which reads as a program's, not a person's, word for "nothing".
MISSING = "—"


def data_table(data: Any, **options: Any) -> Any:
    """``st.dataframe`` as every page draws a table: a missing value shown as "—"."""
    return st.dataframe(data, placeholder=MISSING, **options)


def table_or_note(
    frame: pd.DataFrame, *, key: str, empty: str, caption: str, column_config: dict[str, Any]
) -> None:
    """A table with a caption under it, or ``empty`` when there are no rows."""
    if frame.empty:
        st.info(empty)
        return
    data_table(frame, key=key, hide_index=True, column_config=column_config)
    st.caption(caption)


def utc_time_column(label: str) -> Any:
    """A table column of UTC timestamps, written without the ever-same "+00:00"."""
    return st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm:ss", timezone="UTC")


def full_height(rows: int) -> int:
    """A table height in pixels that shows ``rows`` rows without an inner scroll bar."""
    return (rows + 1) * 35 + 3


def readable_duration(seconds: int) -> str:
    """18 -> "18 s", 60 -> "1 min", 86400 -> "24 h": the way targets are spoken of."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


def channels_counted(channels: tuple[str, ...]) -> str:
    """What the sidebar's channel filter leaves in a figure, said in words."""
    return f"only {', '.join(channels)} interactions count" if channels else "every channel counts"
