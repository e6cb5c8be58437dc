"""One opened interaction: summary, timeline, transcript, promises and reviews.

Transcripts, comments and names are customer or agent text: they are shown with ``st.text``
and ``st.dataframe``, and a message with findings through ``transcript_marks``, whose
markdown escapes every character of the message: never markdown or HTML from data.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components import data_table, utc_time_column
from dashboard.downloads import csv_download
from dashboard.transcript_marks import label, marked_markdown
from data_sources.interaction_detail import FINDING_COLUMNS, Detail

NOT_FOUND = "Interaction not found or not yours to see."
SUMMARY_FIELDS = {
    "team": "Team",
    "channel": "Channel",
    "agent": "Agent",
    "customer": "Customer",
    "topic": "Topic",
    "status": "Status",
    "csat": "CSAT",
    "csat_comment": "CSAT comment",
    "tags": "Tags",
}


def _summary(summary: dict[str, Any]) -> pd.DataFrame:
    values = [summary.get(name) for name in SUMMARY_FIELDS]
    shown = ["—" if value is None else str(value) for value in values]
    return pd.DataFrame({"field": list(SUMMARY_FIELDS.values()), "value": shown})


def _table(frame: pd.DataFrame, *, key: str, empty: str, columns: dict[str, Any]) -> None:
    if frame.empty:
        st.caption(empty)
        return
    data_table(frame, key=key, hide_index=True, column_config=columns)
    csv_download(frame, file_name=f"{key}.csv", key=f"{key}_csv")


def transcript(messages: pd.DataFrame, findings: pd.DataFrame | None = None) -> None:
    """Each message as a chat bubble with its author and UTC time, its findings marked where
    they occur (``transcript_marks``: the message's own text is escaped, never markup), then
    the findings as a table."""
    if messages.empty:
        st.caption("No transcript was stored for this interaction.")
        return
    found = findings if findings is not None else pd.DataFrame(columns=FINDING_COLUMNS)
    spans: dict[int, list[tuple[int, int, str]]] = {
        int(str(position)): list(zip(group["start"], group["end"], group["check"], strict=True))
        for position, group in found.groupby("position")
    }
    for row in messages.to_dict("records"):
        customer = row["author_role"] == "customer"
        with st.chat_message("user" if customer else "assistant"):
            when = pd.Timestamp(row["sent_at"]).strftime("%Y-%m-%d %H:%M:%S UTC")
            st.text(f"{row['author'] or row['author_role']} ({row['author_role']}) · {when}")
            marks = spans.get(int(row.get("position", -1)), [])
            if marks:
                st.markdown(marked_markdown(str(row["text"]), marks))
            else:
                st.text(row["text"])
    csv_download(messages, file_name="transcript.csv", key="transcript_csv")
    if not found.empty:
        _findings_table(messages, found)


def _findings_table(messages: pd.DataFrame, found: pd.DataFrame) -> None:
    texts = dict(zip(messages["position"], messages["text"], strict=True))
    roles = dict(zip(messages["position"], messages["author_role"], strict=True))
    table = pd.DataFrame(
        {
            "message": found["position"].astype(int) + 1,
            "by": [roles.get(p, "") for p in found["position"]],
            "finding": [label([check]) for check in found["check"]],
            "words": [
                str(texts.get(p, ""))[int(start) : int(end)]
                for p, start, end in zip(
                    found["position"], found["start"], found["end"], strict=True
                )
            ],
            "detail": found["detail"],
        }
    )
    st.markdown("**What the checks found**")
    _table(
        table,
        key="interaction_findings",
        empty="",
        columns={
            "message": st.column_config.NumberColumn("Message", format="%d"),
            "by": "Written by",
            "finding": "Finding",
            "words": "Words",
            "detail": st.column_config.TextColumn("Detail", width="large"),
        },
    )


def show(interaction_id: int, detail: Detail | None) -> Any:
    """Draw the interaction and return the column the scorecard goes in.

    None (after saying so) when it is unknown or out of scope: both read the same.
    """
    if detail is None:
        st.warning(NOT_FOUND, icon=":material/search_off:")
        return None
    st.subheader(f"Interaction {interaction_id}")
    left, right = st.columns([3, 2], gap="large")
    with right:
        summary = _summary(detail.summary)
        data_table(
            summary,
            key="interaction_summary",
            hide_index=True,
            column_config={"field": "Detail", "value": "Value"},
        )
        csv_download(summary, file_name=f"interaction-{interaction_id}.csv", key="summary_csv")
        st.markdown("**Timeline**")
        _table(
            detail.timeline,
            key="interaction_timeline",
            empty="No events.",
            columns={"at": utc_time_column("When (UTC)"), "event": "Event", "detail": "Detail"},
        )
        st.markdown("**Promises**")
        _table(
            detail.promises,
            key="interaction_promises",
            empty="No promises were made.",
            columns={
                "status": "Status (now)",
                "made_at": utc_time_column("Made"),
                "due_at": utc_time_column("Due"),
                "kept_at": utc_time_column("Kept"),
                "customer_updated_at": utc_time_column("Customer told"),
                "description": "Promise",
            },
        )
        st.markdown("**Reviews**")
        _table(
            detail.reviews,
            key="interaction_reviews",
            empty="Not reviewed yet.",
            columns={
                "id": None,
                "reviewed_at": utc_time_column("When"),
                "reviewer": "Reviewer",
                "kind": "Kind",
                "score": st.column_config.NumberColumn("Score", format="%.1f"),
                "calibration": "Calibration",
                "comment": "Comment",
            },
        )
    with left:
        st.markdown("**Transcript**")
        transcript(detail.messages, detail.findings)
    return right
