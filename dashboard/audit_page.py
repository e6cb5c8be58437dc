"""The Audit log page (CEO only): filters, one page of events at a time, and a CSV of all.

Not cached: the log is read when the CEO looks at it, a page of ``PAGE_SIZE`` rows by the
``at`` index, so a sign-in made a second ago is already there. The CSV holds every event the
filters keep (up to ``CSV_LIMIT``), read only when the button is clicked.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboard.components import data_table, utc_time_column
from dashboard.database import engine_for
from dashboard.downloads import csv_download
from data_sources.audit_log import AuditFilter, count_events, events
from data_sources.models import AuditAction

PAGE_SIZE = 50
CSV_LIMIT = 100_000
DEFAULT_DAYS = 30
ACTION_LABELS = {
    AuditAction.SIGN_IN: "signed in",
    AuditAction.SIGN_IN_FAILED: "sign-in failed",
    AuditAction.SIGN_IN_THROTTLED: "sign-in refused: too many failures",
    AuditAction.SIGN_IN_UNLOCKED: "sign-in unlocked",
    AuditAction.SIGN_OUT: "signed out",
    AuditAction.IMPORT: "import",
    AuditAction.REVIEW_SAVED: "review saved",
    AuditAction.SETTINGS_CHANGED: "settings changed",
    AuditAction.ACCOUNT_CHANGED: "account changed",
}


def chosen_filter() -> AuditFilter:
    """The filters above the table: actions, a person's e-mail, and a range of UTC days."""
    today = datetime.now(UTC).date()
    left, middle, right = st.columns([2, 2, 2])
    actions = left.multiselect(
        "Actions",
        [action.value for action in AuditAction],
        format_func=lambda value: ACTION_LABELS.get(value, value),
        key="audit_actions",
        placeholder="Every action",
    )
    person = middle.text_input("Person (part of an e-mail)", key="audit_person", max_chars=320)
    picked = right.date_input(
        "From – to (UTC days)",
        value=(today - timedelta(days=DEFAULT_DAYS - 1), today),
        key="audit_days",
    )
    days = picked if isinstance(picked, tuple) else (picked,)
    first = days[0] if days else None
    last = days[1] if len(days) == 2 else first
    return AuditFilter(tuple(actions), person, first, last)


def draw(url: str) -> None:
    st.title("Audit log")
    st.caption(
        "Sign-ins (and failed ones), sign-outs, imports, QA review saves, settings and account "
        "changes: who did what, when. Passwords and tokens are never written here."
    )
    chosen = chosen_filter()
    engine = engine_for(url)
    with engine.connect() as connection:
        total = count_events(connection, chosen)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = int(
            st.number_input("Page", min_value=1, max_value=pages, value=1, key="audit_page")
            if pages > 1
            else 1
        )
        page = min(page, pages)
        shown = events(connection, chosen, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    if total == 0:
        st.info("No event matches these filters.", icon=":material/search_off:")
        return
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(f"Events {first:,}–{first + len(shown) - 1:,} of {total:,}, newest first.")
    data_table(
        _readable(shown),
        key="audit_events",
        hide_index=True,
        column_config={
            "at": utc_time_column("When (UTC)"),
            "action": "What",
            "actor": "Who",
            "target": "On what",
            "detail": "Detail",
        },
    )
    csv_download(lambda: csv_frame(url, chosen), file_name="audit_log.csv", key="audit_csv")
    if total > CSV_LIMIT:
        st.caption(f"The CSV holds the newest {CSV_LIMIT:,} of these events; narrow the days.")


def csv_frame(url: str, chosen: AuditFilter) -> pd.DataFrame:
    """Every event the filters keep, newest first (up to ``CSV_LIMIT``), as the table shows."""
    with engine_for(url).connect() as connection:
        return _readable(events(connection, chosen, limit=CSV_LIMIT))


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.copy()
    shown["action"] = shown["action"].map(lambda value: ACTION_LABELS.get(value, value))
    return shown
