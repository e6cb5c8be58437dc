"""Settings section: the phrase lists of the transcript checks, shown and edited."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import settings_loaders
from dashboard.access import current_viewer as who  # the actor in the audit log
from dashboard.components import data_table
from dashboard.downloads import csv_download
from dashboard.settings_save import save
from data_sources import phrase_settings
from kpis.transcripts.phrases import PhraseLists


def phrases(url: str, version: int) -> None:
    lists, edited = settings_loaders.phrases(url, version)
    st.caption(
        "Words match whole words in any case; a `*` at a word's end matches any ending "
        "(apolog\\* matches apologise and apology)."
    )
    list_name = st.selectbox(
        "List",
        PhraseLists.list_names(),
        format_func=lambda name: name.replace("_", " ").capitalize(),
        key="phrase_list",
    )
    entries = pd.DataFrame({"phrase": list(getattr(lists, list_name))})
    st.caption("Edited list." if list_name in edited else "The defaults (not edited yet).")
    data_table(entries, key="phrase_table", hide_index=True, column_config={"phrase": "Phrase"})
    csv_download(entries, file_name=f"phrases-{list_name}.csv", key="phrases_csv")
    add_column, remove_column = st.columns(2)
    with add_column.form(f"phrase_add_{list_name}", clear_on_submit=True):
        phrase = st.text_input("Phrase to add", key=f"phrase_new_{list_name}")
        if st.form_submit_button("Add phrase", type="primary"):
            save(url, lambda session: phrase_settings.add_phrase(session, who(), list_name, phrase))
    with remove_column.form(f"phrase_remove_{list_name}"):
        chosen: str = st.selectbox(
            "Phrase to remove", entries["phrase"], key=f"phrase_old_{list_name}"
        )
        if st.form_submit_button("Remove phrase"):
            save(
                url,
                lambda session: phrase_settings.remove_phrase(session, who(), list_name, chosen),
            )
