"""One save of the Settings page: the change and its audit event in one transaction.

Bad input raises ``InvalidSetting`` before anything is written: the page shows the message and
stores nothing. The save raises the data version (KPI targets and channel targets feed every
page's figures), so the page, run again saying "Saved", and every other viewer's next run, in
this process or another serving the same database, read afresh.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from dashboard.components import escape_markdown
from dashboard.database import engine_for
from data_sources import data_version
from data_sources.setting_changes import InvalidSetting

SAVED_NOTE = "settings_saved_note"


def save(url: str, change: Callable[[Session], object]) -> None:
    """Run ``change`` in one transaction; on bad input say why, else rerun showing "Saved"."""
    try:
        # A channel target recounts the summary cells: ~1.5 s on the 60k-interaction demo.
        with st.spinner("Saving…"), Session(engine_for(url)) as session:
            change(session)
            session.flush()
            data_version.changed(session.connection())  # last: see data_version
            session.commit()
    except InvalidSetting as error:
        st.error(f"Not saved: {escape_markdown(str(error))}", icon=":material/error:")
        return
    st.session_state[SAVED_NOTE] = "Saved"
    st.rerun()


def saved_note() -> None:
    """The "Saved" of the previous run's save, shown once."""
    note = st.session_state.pop(SAVED_NOTE, None)
    if note:
        st.success(note, icon=":material/check:")
