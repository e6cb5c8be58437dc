"""Complaint themes and the three-times rule (kpis.md, "Recurring complaints").

A theme is a normalised key phrase. It comes from

- the interaction's topic and each of its tags (';'-separated): folded to lower case without
  accents, punctuation, '-' and '_' become spaces, filler words go ("the", "with", "issue",
  ...), a plural 's' goes, and the words are sorted, so "Late deliveries", "late-delivery"
  and "Delivery: late" are all the theme "delivery late"; and
- the customer's own words in their complaint messages: each theme of `THEME_CUES` whose cue
  phrase appears, as the customer's own words (not negated, not quoted), becomes a theme, with
  the message as its quote ("My parcel never arrived" -> "delivery late"). Cue phrases use the
  syntax of `phrases.phrase_pattern`.

A keyword extractor was not used for the customers' words: the key phrases it picks from one
message rarely repeat word for word in another customer's message, so they would seldom reach
three customers; a lexicon maps many wordings onto one theme.

A theme is recurring in a window when at least `min_customers` (3) distinct customers raised it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from kpis.transcripts.context import own_words, quoted_spans
from kpis.transcripts.normalise import fold_name, normalise
from kpis.transcripts.phrases import compile_list
from kpis.window import Window

_FILLER = (
    "a an the and or of for with to in on at my our your about issue issues problem problems "
    "complaint complaints query question request re"
)
FILLER_WORDS = frozenset(_FILLER.split())
THEME_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "late delivery",
        (
            "never arrived",
            "not arrived",
            "hasn't arrived",
            "has not arrived",
            "hasn't come",
            "didn't arrive",
            "still waiting for my order",
            "late",
            "delayed",
            "where is my order",
            "where is my parcel",
        ),
    ),
    (
        "damaged item",
        (
            "broken",
            "broke",
            "damaged",
            "cracked",
            "faulty",
            "defective",
            "stopped working",
            "doesn't work",
            "not working",
            "leak*",
        ),
    ),
    (
        "wrong item",
        (
            "wrong item",
            "wrong size",
            "wrong colour",
            "wrong color",
            "wrong order",
            "sent the wrong",
            "sent me the wrong",
        ),
    ),
    ("missing item", ("missing", "not in the box")),
    (
        "billing error",
        (
            "charged twice",
            "double charged",
            "overcharged",
            "bill is wrong",
            "wrong amount",
            "error on my bill",
            "error on the invoice",
        ),
    ),
    ("refund", ("refund*", "money back")),
    (
        "long wait",
        (
            "on hold",
            "nobody answers",
            "no one answers",
            "nobody has answered",
            "no one has answered",
            "still waiting for a reply",
            "call back",
            "no reply",
        ),
    ),
    ("rude staff", ("rude", "unfriendly", "impolite", "spoken to")),
    ("cancellation", ("cancel*",)),
    ("website or app", ("website", "the app", "login", "log in", "password", "crash*")),
)
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65_536)
def key_phrase(text: str | None) -> str | None:
    """The normalised key phrase of a topic or tag, or None when nothing is left.

    Cached: topics and tags come from a short list and repeat in interaction after interaction.

    >>> key_phrase("Late deliveries")
    'delivery late'
    """
    if not text:
        return None
    words = []
    for word in _NON_WORD.split(_fold_words(text)):
        if not word or word in FILLER_WORDS:
            continue
        words.append(_singular(word))
    return " ".join(sorted(set(words))) or None


def _fold_words(text: str) -> str:
    """Accents, case and punctuation folded, word by word."""
    return " ".join(fold_name(part) for part in _NON_WORD.split(text))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def themes_of(
    topic: str | None,
    tags: str | None,
    complaints: Iterable[str] = (),
    theme_cues: tuple[tuple[str, tuple[str, ...]], ...] = THEME_CUES,
) -> list[tuple[str, str]]:
    """(theme, quote) pairs of one interaction, each theme once.

    `complaints` are the texts of the customer's complaint messages; the quote is the first
    complaint that names the theme, or the topic / tag itself.
    """
    found: dict[str, str] = {}
    for label in [topic, *(tags or "").split(";")]:
        theme = key_phrase(label)
        if theme and label:
            found.setdefault(theme, label.strip())
    for text in complaints:
        for theme in _themes_in(text, theme_cues):
            found.setdefault(theme, text.strip())
    return list(found.items())


@lru_cache(maxsize=65_536)
def _themes_in(text: str, theme_cues: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """The themes whose cues one complaint holds in the customer's own words, in cue order.

    Cached: a complaint worded the same way again is looked up rather than scanned again.
    """
    norm = normalise(text)
    quoted = quoted_spans(norm)
    themes = []
    for theme_label, cues in theme_cues:
        pattern = compile_list(cues)
        if pattern is None:
            continue
        if any(own_words(norm, m.start(), m.end(), quoted) for m in pattern.finditer(norm)):
            theme = key_phrase(theme_label)
            if theme:
                themes.append(theme)
    return tuple(themes)


class ThemeMention(NamedTuple):
    """One customer raising one theme in one interaction."""

    customer: Any
    theme: str
    when: datetime
    team: Any
    interaction: Any
    quote: str


@dataclass(frozen=True)
class RecurringTheme:
    theme: str
    customers: int
    mentions: int
    first_heard: datetime
    last_heard: datetime
    teams: tuple[Any, ...]
    interactions: tuple[Any, ...]
    quotes: tuple[str, ...]


def recurring_themes(
    rows: Iterable[ThemeMention | tuple[Any, str, datetime, Any, Any, str]],
    min_customers: int = 3,
    window: Window | None = None,
) -> list[RecurringTheme]:
    """Themes raised by at least `min_customers` distinct customers, most customers first.

    Rows are (customer, theme, when, team, interaction, quote); with a `window`, rows outside
    it are left out. A row without a customer cannot count towards distinct customers.
    """
    grouped: dict[str, list[ThemeMention]] = {}
    for row in rows:
        mention = ThemeMention(*row)
        if window is not None and not window.contains(mention.when):
            continue
        grouped.setdefault(mention.theme, []).append(mention)
    recurring = []
    for theme, mentions in grouped.items():
        customers = {m.customer for m in mentions if m.customer is not None}
        if len(customers) < min_customers:
            continue
        mentions.sort(key=lambda m: m.when)
        recurring.append(
            RecurringTheme(
                theme=theme,
                customers=len(customers),
                mentions=len(mentions),
                first_heard=mentions[0].when,
                last_heard=mentions[-1].when,
                teams=tuple(sorted({m.team for m in mentions}, key=str)),
                interactions=tuple(dict.fromkeys(m.interaction for m in mentions)),
                quotes=tuple(dict.fromkeys(m.quote for m in mentions if m.quote)),
            )
        )
    recurring.sort(key=lambda r: (-r.customers, -r.last_heard.timestamp(), r.theme))
    return recurring
