"""The sidebar filters every page shares — window, teams, channels — kept in the link.

The first run of a session reads the link (``dashboard.url_filters``) into the widgets;
from then on the widgets are the truth and every run writes them back to the query
parameters, so a link copied at any moment reopens the same view, and switching pages
(which clears the query parameters) gets them back on the new page's first run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import streamlit as st

from dashboard import loaders, url_filters
from dashboard.components import escape_markdown
from data_sources.models import Channel
from data_sources.queries import Filters
from data_sources.scope import Scope
from kpis.window import Window

WINDOW_KEY, RANGE_KEY, TEAMS_KEY, CHANNELS_KEY = "window", "window_range", "teams", "channels"
LAST_RANGE_KEY, NOTES_KEY, FIRST_CHOICE_KEY, VIEW_KEY = "_range", "_notes", "_first", "_view"
CHANNELS = tuple(channel.value for channel in Channel)


@dataclass(frozen=True)
class View:
    """What the viewer is looking at: which database (and its data version, read once in this
    run: every cached loader takes it), what they may see, which window."""

    url: str
    version: int
    scope: Scope
    window: Window
    filters: Filters
    anchor: date  # the day presets end on

    @property
    def first_day(self) -> date:
        return self.window.start.date()

    @property
    def last_day(self) -> date:
        return (self.window.end - timedelta(days=1)).date()


def current_view() -> View:
    """The view the sidebar set up in this run (pages call this)."""
    view: View = st.session_state[VIEW_KEY]
    return view


def anchor_day(newest: date | None, *, today: date) -> date:
    """Presets end on the newest interaction's day (never after today), else today.

    Imported exports are often days or weeks old: ending on today would show an empty
    dashboard until new data arrives, while ending on the newest data always shows the
    latest days there are. The sidebar says which day that is.
    """
    return min(newest, today) if newest else today


def _read_link(names: dict[int, str]) -> None:
    params = {key: st.query_params.get_all(key) for key in url_filters.KEYS}
    choice, notes = url_filters.read(params, team_ids=names, channels=CHANNELS)
    st.session_state[WINDOW_KEY] = choice.preset
    if choice.first and choice.last:
        st.session_state[RANGE_KEY] = (choice.first, choice.last)
    st.session_state[TEAMS_KEY] = list(choice.team_ids)
    st.session_state[CHANNELS_KEY] = list(choice.channels)
    st.session_state[NOTES_KEY] = notes
    st.session_state[FIRST_CHOICE_KEY] = choice


def _window_widgets(anchor: date) -> tuple[str, date | None, date | None]:
    options = [*url_filters.PRESETS, url_filters.CUSTOM]
    labels = url_filters.PRESET_LABELS | {url_filters.CUSTOM: "Custom range"}
    preset: str = st.selectbox("Window", options, format_func=labels.__getitem__, key=WINDOW_KEY)
    if preset != url_filters.CUSTOM:
        return preset, None, None
    if RANGE_KEY not in st.session_state:  # a new custom range starts as the default preset
        default = url_filters.Choice().window(anchor=anchor)
        st.session_state[RANGE_KEY] = (default.start.date(), anchor)
    picked = st.date_input(
        "From – to (UTC days)",
        key=RANGE_KEY,
        min_value=url_filters.EARLIEST,
        max_value=url_filters.LATEST,
    )
    if isinstance(picked, tuple) and len(picked) == 2:
        st.session_state[LAST_RANGE_KEY] = picked
        return preset, picked[0], picked[1]
    # While the second day is not picked yet, keep showing the last complete range.
    kept = st.session_state.get(LAST_RANGE_KEY) or (anchor - timedelta(days=29), anchor)
    st.caption(f"Pick the last day too; showing {kept[0]} to {kept[1]} meanwhile.")
    return preset, kept[0], kept[1]


def write_query_params(wanted: dict[str, list[str]], keys: Sequence[str]) -> None:
    """Make the address bar's ``keys`` say ``wanted`` (a key absent from it is removed),
    touching only those that differ, so an unchanged link causes no browser history entry."""
    for key in keys:
        if st.query_params.get_all(key) == wanted.get(key, []):
            continue
        if key in wanted:
            st.query_params[key] = wanted[key]
        else:
            del st.query_params[key]


def sidebar(*, url: str, version: int, scope: Scope) -> View:
    """Draw the filters, keep the link in step, and remember the view for the page."""
    team_frame = loaders.teams(url, version, scope)
    names = dict(zip(team_frame["team_id"].tolist(), team_frame["team"].tolist(), strict=True))
    anchor = anchor_day(loaders.newest_day(url, version, scope), today=datetime.now(UTC).date())
    if WINDOW_KEY not in st.session_state:
        _read_link(names)
    # Teams can disappear between runs (another import); a stale id must not break the widget.
    st.session_state[TEAMS_KEY] = [t for t in st.session_state[TEAMS_KEY] if t in names]
    with st.sidebar:
        st.subheader("Filters")
        preset, first, last = _window_widgets(anchor)
        teams = st.multiselect(
            "Teams",
            list(names),
            format_func=names.__getitem__,
            key=TEAMS_KEY,
            placeholder="All teams",
        )
        channels = st.multiselect(
            "Channels", CHANNELS, key=CHANNELS_KEY, placeholder="All channels"
        )
        choice = url_filters.Choice(preset, first, last, tuple(teams), tuple(channels))
        window = choice.window(anchor=anchor)
        filtered = Filters(choice.team_ids, choice.channels)
        view = View(url, version, scope, window, filtered, anchor)
        st.caption(f"{view.first_day} to {view.last_day}, UTC days both included.")
        if preset != url_filters.CUSTOM:
            st.caption(f"Presets end on {anchor}, the newest interaction's day (or today).")
        if choice != st.session_state[FIRST_CHOICE_KEY]:
            st.session_state[NOTES_KEY] = []  # the link's notes no longer describe the view
        for note in st.session_state[NOTES_KEY]:
            st.warning(escape_markdown(note), icon=":material/link_off:")
    write_query_params(url_filters.write(choice), url_filters.KEYS)
    st.session_state[VIEW_KEY] = view
    return view


def open_page(page: str, query_params: dict[str, list[str]]) -> None:
    """Switch to ``page`` showing what ``query_params`` say (a drill-down from a chart).

    After a session's first run the sidebar's widgets, not the link, are the truth; forgetting
    them makes the new page's first run read the link again, so the clicked team (and the
    window carried along) become the sidebar's filters there.
    """
    for key in (WINDOW_KEY, RANGE_KEY, LAST_RANGE_KEY, TEAMS_KEY, CHANNELS_KEY):
        st.session_state.pop(key, None)
    st.switch_page(page, query_params=query_params)
