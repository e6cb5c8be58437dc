"""One batch of interactions turned into the rows ``transcript_analysis`` stores.

Pure (no database): it runs in worker processes when many interactions are analysed at once,
so it imports only the checks of ``kpis/transcripts``. The rows come back column by column,
ready for the bulk writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, NamedTuple

from kpis.transcripts import CustomerRecord, PhraseLists, analyse_interaction, themes_of
from kpis.transcripts.findings import COMPLAINT, TranscriptFlags

QUOTE_MAX = 500  # characters of a customer's words kept as a theme's example quote
THEME_MAX = 300  # the theme column's width
FLAG_NAMES = tuple(f.name for f in fields(TranscriptFlags))
FINDING_COLUMNS = ("interaction_id", "position", "check", "start", "end", "detail")
THEME_COLUMNS = ("interaction_id", "theme", "customer_id", "team_id", "agent_id", "quote")


class Head(NamedTuple):
    """What the checks need of one interaction besides its messages."""

    id: int
    customer_id: int | None
    team_id: int
    agent_id: int | None
    created_at: datetime  # naive UTC
    topic: str | None
    tags: str | None
    customer_name: str | None
    customer_title: str | None
    agent_name: str | None


class Said(NamedTuple):
    position: int
    role: str
    author: str | None
    text: str


@dataclass
class Rows:
    """The rows one batch writes, column by column."""

    findings: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in FINDING_COLUMNS}
    )
    texts: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in ("interaction_id", *FLAG_NAMES)}
    )
    themes: dict[str, list[Any]] = field(
        default_factory=lambda: {name: [] for name in THEME_COLUMNS}
    )
    theme_times: list[datetime] = field(default_factory=list)


def analyse_batch(heads: list[Head], said: dict[int, list[Said]], lists: PhraseLists) -> Rows:
    """The findings, flags and themes of ``heads``; ``said`` holds each one's messages."""
    rows = Rows()
    for head in heads:
        _analyse_one(head, said.get(head.id, []), lists, rows)
    return rows


def _analyse_one(head: Head, said: list[Said], lists: PhraseLists, rows: Rows) -> None:
    complained: list[int] = []  # indexes of the customer's complaint messages
    if said:
        agent_names = {head.agent_name} if head.agent_name else set()
        agent_names |= {m.author for m in said if m.author and m.role.lower() == "agent"}
        result = analyse_interaction(
            [(m.role, m.text) for m in said],
            CustomerRecord(name=head.customer_name, title=head.customer_title),
            lists,
            agent_names=sorted(agent_names),
        )
        found = rows.findings
        ids, positions, checks = found["interaction_id"], found["position"], found["check"]
        starts, ends, details = found["start"], found["end"], found["detail"]
        for finding in result.findings:
            ids.append(head.id)
            positions.append(said[finding.message].position)
            checks.append(finding.check)
            starts.append(finding.start)
            ends.append(finding.end)
            details.append(finding.detail)
            if finding.check == COMPLAINT and finding.message not in complained:
                complained.append(finding.message)
        rows.texts["interaction_id"].append(head.id)
        for name in FLAG_NAMES:
            rows.texts[name].append(getattr(result.flags, name))
    seen: set[str] = set()
    complaints = [said[index].text for index in complained]
    labels = {head.topic, *(head.tags or "").split(";")} - {None}
    customer_words = complaints or [m.text for m in said if m.role.lower() == "customer"]
    for long_theme, label_or_words in themes_of(head.topic, head.tags, complaints):
        theme = long_theme[:THEME_MAX]
        if theme in seen:
            continue
        seen.add(theme)
        # A theme named by the topic or a tag is quoted in the customer's own words.
        from_label = any(label_or_words == (label or "").strip() for label in labels)
        quote = customer_words[0].strip() if from_label and customer_words else label_or_words
        values = (head.id, theme, head.customer_id, head.team_id, head.agent_id, quote[:QUOTE_MAX])
        for name, value in zip(THEME_COLUMNS, values, strict=True):
            rows.themes[name].append(value)
        rows.theme_times.append(head.created_at)
