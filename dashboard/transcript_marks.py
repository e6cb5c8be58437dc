"""A message with its findings marked where they occur, without trusting its text.

The stored findings (``TranscriptFinding``) carry character spans into the message's own
text. ``segments`` cuts the text at every span edge into pieces, each with the checks whose
span covers it; ``marked_markdown`` writes the pieces as markdown in which every character
that came from the message is escaped (``components.escape_markdown``) and only this
module's own markup is live: a coloured background on a marked piece and the check's label
after it. So ``<script>``, ``**bold**`` or ``[link](javascript:…)`` in a message read as
they were typed. Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from dashboard.components import escape_markdown

LABELS = {
    "banned_phrase": "banned phrase",
    "blame": "blame",
    "name_error": "wrong name",
    "addressed_by_name": "addressed by name",
    "apology": "apology",
    "thanks": "thanks",
    "complaint": "complaint",
}
"""What each check's finding is called on the page, in the order a piece lists them."""
COLOURS = {
    "banned_phrase": "red",
    "blame": "orange",
    "name_error": "violet",
    "addressed_by_name": "gray",
    "apology": "green",
    "thanks": "blue",
    "complaint": "orange",
}
# The colour of a piece several checks cover: the most serious one's.
SERIOUSNESS = ("banned_phrase", "name_error", "blame", "complaint", "apology", "thanks")


@dataclass(frozen=True)
class Piece:
    text: str
    checks: tuple[str, ...]  # the checks whose span covers this piece, in ``LABELS`` order


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """``text`` cut at every edge of ``spans`` (start, end, check); adjacent pieces with the
    same checks are joined, and the pieces put together are ``text`` again. Spans outside the
    text are clipped; empty ones are ignored."""
    kept = [
        (max(0, start), min(len(text), end), check)
        for start, end, check in spans
        if min(len(text), end) > max(0, start)
    ]
    edges = sorted({0, len(text), *(s for s, _, _ in kept), *(e for _, e, _ in kept)})
    pieces: list[Piece] = []
    for start, end in pairwise(edges):
        covering = {check for s, e, check in kept if s <= start and end <= e}
        checks = tuple(sorted(covering, key=_order))
        if pieces and pieces[-1].checks == checks:
            pieces[-1] = Piece(pieces[-1].text + text[start:end], checks)
        else:
            pieces.append(Piece(text[start:end], checks))
    return pieces


def _order(check: str) -> int:
    names = list(LABELS)
    return names.index(check) if check in names else len(names)


def label(checks: Sequence[str]) -> str:
    """The checks' labels; a wrong name says so alone (it is an address by name, too)."""
    shown = [c for c in checks if not (c == "addressed_by_name" and "name_error" in checks)]
    return " · ".join(LABELS.get(check, check.replace("_", " ")) for check in shown)


def colour(checks: Sequence[str]) -> str:
    for check in SERIOUSNESS:
        if check in checks:
            return COLOURS[check]
    return COLOURS.get(checks[0], "gray") if checks else "gray"


def _escaped(text: str) -> str:
    # Line breaks stay line breaks (a markdown hard break); everything else is literal.
    return "  \n".join(escape_markdown(line) for line in text.split("\n"))


def marked_markdown(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The message as markdown: its own text escaped, each marked piece on a coloured
    background followed by its label, e.g. ``:red-background[company policy]:red[ ‹banned
    phrase›]``."""
    out = []
    for piece in segments(text, spans):
        if not piece.checks:
            out.append(_escaped(piece.text))
            continue
        tint = colour(piece.checks)
        out.append(f":{tint}-background[{_escaped(piece.text)}]:{tint}[ ‹{label(piece.checks)}›]")
    return "".join(out)
