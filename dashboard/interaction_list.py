"""The Interactions list: its agent and flag filters, the pager, the table, and the link.

The page's own link parameters (``dashboard/interaction_link.py``) are read into the widgets
whenever the link differs from what this page last wrote (the first run, or another page
drilling down with ``st.switch_page(..., query_params=...)``); otherwise the widgets are the
truth and are written back, so the address bar always reopens the same view.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import interaction_link, interaction_loaders
from dashboard.components import data_table, escape_markdown, full_height, utc_time_column
from dashboard.downloads import csv_download
from dashboard.filters import View, write_query_params
from data_sources.interaction_queries import FLAG_LABELS, FLAGS, ListChoice
from data_sources.queries import PAGE_SIZE
from data_sources.response_hours import WEEKDAYS

AGENTS, FLAGS_KEY, PAGE, OPEN = (
    "interactions_agents",
    "interactions_flags",
    "interactions_page",
    "interactions_open",
)
WEEKDAY, HOUR = "interactions_weekday", "interactions_hour"
ANY = -1  # the weekday and hour boxes' "any" (None would show the box as empty)
LAST_LINK, NOTES, PICKED, ASKED = "_ix_link", "_ix_notes", "_ix_picked", "_ix_asked"
TABLE = "interaction_list"
COLUMNS: dict[str, Any] = {
    "id": st.column_config.NumberColumn("Id", format="%d"),
    "created_at": utc_time_column("Created (UTC)"),
    "channel": "Channel",
    "team": "Team",
    "agent": "Agent",
    "customer": "Customer",
    "topic": "Topic",
    "first_response_seconds": st.column_config.NumberColumn("First response (s)", format="%d"),
    "status": "Status",
    "flags": st.column_config.TextColumn("Flags", width="medium"),
    "csat": st.column_config.NumberColumn("CSAT", format="%d"),
    "qa_score": st.column_config.NumberColumn("Latest QA score", format="%.1f"),
}

# What QA scans for first, before the wide text columns that push the rest off screen.
ORDER = (
    "id",
    "created_at",
    "channel",
    "team",
    "agent",
    "flags",
    "first_response_seconds",
    "csat",
    "qa_score",
    "status",
    "customer",
    "topic",
)


def _link_in_address_bar() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in interaction_link.KEYS}


def _read_link(agent_ids: list[int]) -> None:
    params = _link_in_address_bar()
    if st.session_state.get(LAST_LINK) == params:
        return
    link, notes = interaction_link.read(params, agent_ids=agent_ids)
    st.session_state[AGENTS] = list(link.agent_ids)
    st.session_state[FLAGS_KEY] = list(link.flags)
    st.session_state[PAGE] = link.page
    st.session_state[WEEKDAY] = ANY if link.weekday is None else link.weekday
    st.session_state[HOUR] = ANY if link.hour is None else link.hour
    st.session_state[OPEN] = link.interaction_id
    st.session_state[NOTES] = notes
    st.session_state.pop(ASKED, None)  # the link's page number stands, whatever was asked before


def _chosen(key: str) -> int | None:
    value = st.session_state.get(key, ANY)
    return None if value is None or value == ANY else int(value)


def write_link() -> None:
    """Put the page's choice into the address bar (after the list and the detail ran)."""
    link = interaction_link.Link(
        tuple(st.session_state.get(AGENTS, [])),
        tuple(st.session_state.get(FLAGS_KEY, [])),
        st.session_state.get(OPEN),
        int(st.session_state.get(PAGE, 1)),
        _chosen(WEEKDAY),
        _chosen(HOUR),
    )
    wanted = interaction_link.write(link)
    write_query_params(wanted, interaction_link.KEYS)
    st.session_state[LAST_LINK] = {key: wanted.get(key, []) for key in interaction_link.KEYS}


def choice(view: View) -> ListChoice:
    """Draw the agent and flag filters (the link fills them first) and return the choice."""
    agents = interaction_loaders.agents(view.url, view.version, view.scope, view.filters.team_ids)
    names = dict(zip(agents["agent_id"].tolist(), agents["agent"].tolist(), strict=True))
    _read_link(list(names))
    for note in st.session_state.get(NOTES, []):
        st.warning(escape_markdown(note), icon=":material/link_off:")
    # The sidebar's teams may have changed: keep only agents of the teams still chosen.
    st.session_state[AGENTS] = [a for a in st.session_state.get(AGENTS, []) if a in names]
    left, right, day, hour = st.columns([3, 3, 2, 2])
    chosen_agents = left.multiselect(
        "Agents", list(names), format_func=names.__getitem__, key=AGENTS, placeholder="All agents"
    )
    chosen_flags = right.multiselect(
        "Flags (all must hold)",
        FLAGS,
        format_func=FLAG_LABELS.__getitem__,
        key=FLAGS_KEY,
        placeholder="Any",
    )
    day.selectbox(
        "Weekday (UTC)",
        [ANY, *range(7)],
        format_func=lambda d: "Any" if d == ANY else WEEKDAYS[d],
        key=WEEKDAY,
    )
    hour.selectbox(
        "Hour (UTC)",
        [ANY, *range(24)],
        format_func=lambda h: "Any" if h == ANY else f"{h:02d}:00–{h:02d}:59",
        key=HOUR,
    )
    return ListChoice(tuple(chosen_agents), tuple(chosen_flags), _chosen(WEEKDAY), _chosen(HOUR))


def _page_number(total: int, asked: tuple[Any, ...]) -> int:
    pages = max(math.ceil(total / PAGE_SIZE), 1)
    # Other filters than last run: start again at the first page.
    if st.session_state.get(ASKED, asked) != asked or st.session_state.get(PAGE, 1) > pages:
        st.session_state[PAGE] = 1
    st.session_state[ASKED] = asked
    number = st.columns([1, 4])[0].number_input(
        f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=PAGE
    )
    return int(number)


def _open_selected(rows: pd.DataFrame, selected: list[int]) -> None:
    picked = int(rows.iloc[selected[0]]["id"]) if selected and selected[0] < len(rows) else None
    if picked != st.session_state.get(PICKED):
        st.session_state[PICKED] = picked
        if picked is not None:
            st.session_state[OPEN] = picked


def show(view: View, chosen: ListChoice) -> None:
    """The count, the pager, one page of rows (select one to open it) and its CSV."""
    as_of = interaction_loaders.this_minute()
    arguments = (view.url, view.version, view.scope, view.window, view.filters, chosen, as_of)
    with st.spinner("Counting the matching interactions…"):
        total = interaction_loaders.count(*arguments)
    number = _page_number(total, (view.window, view.filters, chosen))
    with st.spinner(f"Reading page {number}…"):
        rows = interaction_loaders.page(*arguments, number)
    if rows.empty:
        st.info("No interactions match these filters in this window.")
        return
    event = data_table(
        rows,
        key=TABLE,
        height=min(full_height(len(rows)), 420),
        hide_index=True,
        column_config=COLUMNS,
        column_order=ORDER,
        on_select="rerun",
        selection_mode="single-row",
    )
    _open_selected(rows, list(event.selection.rows))
    first = (number - 1) * PAGE_SIZE + 1
    st.caption(
        f"Rows {first:,}–{first + len(rows) - 1:,} of {total:,}. "
        "Select a row to open it; flags are judged as of this minute (UTC)."
    )
    csv_download(rows, file_name=f"interactions-page-{number}.csv", key="interactions_csv")
