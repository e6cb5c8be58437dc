"""The sidebar filters as they travel in a link: reading and writing the query parameters.

A link names the window either by preset (``?window=7d``) or by dates
(``?start=2026-10-01&end=2026-10-31``, both days included), and any number of teams and
channels (``&team=3&team=5&channel=chat``). Reading is forgiving: a value that is not a date,
an unknown team id or channel, or anything else odd is dropped with a note saying so, and the
rest of the link still applies. Pure functions, no Streamlit: the tests call them directly.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kpis.window import Window

PRESETS = {"7d": 7, "30d": 30, "90d": 90}
PRESET_LABELS = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days"}
CUSTOM = "custom"
DEFAULT_PRESET = "30d"
KEYS = ("window", "start", "end", "team", "channel")
# Dates outside these years are typos, and far ones would overflow the previous period.
EARLIEST, LATEST = date(1970, 1, 1), date(2100, 12, 31)
SHOWN_MAX = 40  # a note quotes at most this much of an odd value


@dataclass(frozen=True)
class Choice:
    """What the filters say: a preset (``"7d"``…) or a custom range, teams and channels."""

    preset: str = DEFAULT_PRESET
    first: date | None = None  # custom range only, both days included
    last: date | None = None
    team_ids: tuple[int, ...] = ()
    channels: tuple[str, ...] = ()

    def window(self, *, anchor: date) -> Window:
        """The report window; presets end with ``anchor`` (the newest data's day)."""
        if self.preset == CUSTOM and self.first and self.last:
            return Window.of_days(self.first, self.last)
        return Window.last_days(PRESETS[self.preset], until=anchor)


def _quoted(value: str) -> str:
    shown = value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…"
    return repr(shown)


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def read(
    params: Mapping[str, Sequence[str]], *, team_ids: Collection[int], channels: Collection[str]
) -> tuple[Choice, list[str]]:
    """The choice a link describes, and a note for every part of it that was ignored."""
    notes: list[str] = []
    preset = DEFAULT_PRESET
    first = last = None
    starts, ends, presets = params.get("start", []), params.get("end", []), params.get("window", [])
    if starts or ends:
        first = _day(starts[0]) if starts else None
        last = _day(ends[0]) if ends else None
        if first is None or last is None:
            shown = ", ".join(_quoted(v) for v in [*starts[:1], *ends[:1]])
            notes.append(
                f"Ignored the dates in the link ({shown}): it needs start and end as YYYY-MM-DD."
            )
        elif last < first:
            notes.append(
                f"Ignored the dates in the link: the end {last} is before the start {first}."
            )
        else:
            preset = CUSTOM
        if preset != CUSTOM:
            first = last = None
    elif presets:
        if presets[0] in PRESETS:
            preset = presets[0]
        else:
            notes.append(f"Ignored the window {_quoted(presets[0])}: use 7d, 30d or 90d.")
    chosen_teams: list[int] = []
    for value in params.get("team", []):
        team_id = int(value) if value.isascii() and value.isdigit() else None
        if team_id is None or team_id not in team_ids:
            notes.append(f"Ignored the team {_quoted(value)}: no such team.")
        elif team_id not in chosen_teams:
            chosen_teams.append(team_id)
    chosen_channels: list[str] = []
    for value in params.get("channel", []):
        if value not in channels:
            notes.append(f"Ignored the channel {_quoted(value)}: no such channel.")
        elif value not in chosen_channels:
            chosen_channels.append(value)
    choice = Choice(preset, first, last, tuple(chosen_teams), tuple(chosen_channels))
    return choice, notes


def write(choice: Choice) -> dict[str, list[str]]:
    """The query parameters that describe ``choice`` (only the keys of ``KEYS``)."""
    params: dict[str, list[str]] = {}
    if choice.preset == CUSTOM and choice.first and choice.last:
        params["start"] = [choice.first.isoformat()]
        params["end"] = [choice.last.isoformat()]
    else:
        params["window"] = [choice.preset]
    if choice.team_ids:
        params["team"] = [str(team_id) for team_id in choice.team_ids]
    if choice.channels:
        params["channel"] = list(choice.channels)
    return params
