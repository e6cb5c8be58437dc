"""The Interactions page's own link parameters: agents, flags, the open interaction, the page.

Other pages drill down to the list with ``?agent=<person id>`` (repeatable),
``?flag=<name>`` (repeatable, combined with AND), ``?weekday=mon`` and ``?hour=9`` (when in
the week the interaction was created, UTC: a cell of the response heat map),
``?id=<interaction id>`` and ``?page=<n>``, besides the shared sidebar filters
(``url_filters``). Reading is forgiving, as there: an odd value is dropped with a note
quoting it, and the rest of the link still applies. Pure functions, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from dashboard.url_filters import SHOWN_MAX
from data_sources.interaction_queries import FLAGS

KEYS = ("agent", "flag", "weekday", "hour", "id", "page")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index 0 is Monday
_LARGEST = 2**63 - 1  # a BIGINT: anything larger is not an id a database can hold


@dataclass(frozen=True)
class Link:
    agent_ids: tuple[int, ...] = ()
    flags: tuple[str, ...] = ()
    interaction_id: int | None = None
    page: int = 1
    weekday: int | None = None  # 0 Monday .. 6 Sunday
    hour: int | None = None  # 0 .. 23


def _quoted(value: str) -> str:
    return repr(value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…")


def _positive(value: str) -> int | None:
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= _LARGEST else None


def read(
    params: Mapping[str, Sequence[str]], *, agent_ids: Collection[int]
) -> tuple[Link, list[str]]:
    """The link's choice, and a note for every value that was ignored."""
    notes: list[str] = []
    agents: list[int] = []
    for value in params.get("agent", []):
        agent = _positive(value)
        if agent is None or agent not in agent_ids:
            notes.append(f"Ignored the agent {_quoted(value)}: no such agent in these teams.")
        elif agent not in agents:
            agents.append(agent)
    flags: list[str] = []
    for value in params.get("flag", []):
        if value not in FLAGS:
            notes.append(f"Ignored the flag {_quoted(value)}: use one of {', '.join(FLAGS)}.")
        elif value not in flags:
            flags.append(value)
    weekday = None
    for value in params.get("weekday", [])[:1]:
        if value.strip().lower() in WEEKDAYS:
            weekday = WEEKDAYS.index(value.strip().lower())
        else:
            notes.append(f"Ignored the weekday {_quoted(value)}: use one of {', '.join(WEEKDAYS)}.")
    hour = None
    for value in params.get("hour", [])[:1]:
        text = value.strip()
        if text.isascii() and text.isdigit() and int(text) < 24:
            hour = int(text)
        else:
            notes.append(f"Ignored the hour {_quoted(value)}: use a whole hour from 0 to 23.")
    interaction_id = None
    for value in params.get("id", [])[:1]:
        interaction_id = _positive(value)
        if interaction_id is None:
            notes.append(f"Ignored the interaction id {_quoted(value)}: it is not a number.")
    page = 1
    for value in params.get("page", [])[:1]:
        page = _positive(value) or 1
        if _positive(value) is None:
            notes.append(f"Ignored the page {_quoted(value)}: pages are numbered from 1.")
    return Link(tuple(agents), tuple(flags), interaction_id, page, weekday, hour), notes


def write(link: Link) -> dict[str, list[str]]:
    """The query parameters that describe ``link`` (only the keys of ``KEYS``)."""
    params: dict[str, list[str]] = {}
    if link.agent_ids:
        params["agent"] = [str(agent) for agent in link.agent_ids]
    if link.flags:
        params["flag"] = list(link.flags)
    if link.weekday is not None:
        params["weekday"] = [WEEKDAYS[link.weekday]]
    if link.hour is not None:
        params["hour"] = [str(link.hour)]
    if link.interaction_id is not None:
        params["id"] = [str(link.interaction_id)]
    if link.page > 1:
        params["page"] = [str(link.page)]
    return params
