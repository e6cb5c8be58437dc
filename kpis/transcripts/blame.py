"""Finger-pointing: the agent puts the problem on a supplier, another vendor or department.

A sentence of an agent message points the finger when it names a target
(`phrases.BLAME_TARGETS`: supplier, courier, vendor, warehouse, billing, another department,
...) and a blame cue (`phrases.BLAME_CUES`: fault, blame, lost, late, "their end", "we buy
that from", "you'll need to call", ...) that is the agent's own words (not negated, not
quoted; see `context`), unless the same sentence takes responsibility
(`phrases.OWNERSHIP`: "on us", "our mistake", "we lost", "not their fault").

"The courier lost your parcel" and "We buy that part from a supplier" point the finger;
"I've asked the courier to deliver tomorrow" (no cue), "It's not the supplier's fault"
(negated cue) and "The courier was late, but that's on us" (ownership) do not.
A sentence ends at . ! ? or a line break. The span covers target and cue.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kpis.transcripts.context import is_quoted, own_words
from kpis.transcripts.phrases import PhraseLists, compile_list

_SENTENCE_END = re.compile(r"[.!?\n]")


def _sentence(ends: list[int], position: int, length: int) -> tuple[int, int]:
    """The sentence around `position`, from the sorted sentence-end offsets `ends`."""
    i = bisect_right(ends, position)
    return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else length)


def blame_spans(
    norm: str, phrases: PhraseLists, quoted: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(start, end) of each finger-pointing in normalised agent text, one per sentence."""
    targets = compile_list(phrases.blame_targets)
    cues = compile_list(phrases.blame_cues)
    if targets is None or cues is None:
        return []
    ownership = compile_list(phrases.ownership)
    ends = [m.start() for m in _SENTENCE_END.finditer(norm)]
    spans: list[tuple[int, int]] = []
    seen_sentences: set[int] = set()
    for target in targets.finditer(norm):
        if is_quoted(*target.span(), quoted):
            continue
        s_start, s_end = _sentence(ends, target.start(), len(norm))
        if s_start in seen_sentences:
            continue
        own_cues = [
            m.span()
            for m in cues.finditer(norm, s_start, s_end)
            if own_words(norm, m.start(), m.end(), quoted)
        ]
        if not own_cues:
            continue
        if ownership is not None and any(
            own_words(norm, m.start(), m.end(), quoted)
            for m in ownership.finditer(norm, s_start, s_end)
        ):
            continue
        seen_sentences.add(s_start)
        spans.append((min(target.start(), own_cues[0][0]), max(target.end(), own_cues[-1][1])))
    return spans
