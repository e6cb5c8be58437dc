"""Whether a matched phrase is the writer's own words: negation and quoting.

A phrase found in a message does not count when

- it stands inside quotation marks ("the customer said 'company policy'") — it is quoted, not
  said; straight, curly, single and double quotes all count, an apostrophe inside a word
  ("it's") does not open a quote, and a line starting with '>' (an e-mail reply quoting an
  earlier message) is quoted as a whole; or
- a negation comes before it in the same clause ("I'm not able to say it's company policy",
  "I won't say calm down", "I don't appreciate that"). The clause starts after the last
  . ! ? ; : , or line break, or after a joining word (and, but, so, because, ...), and the
  negation must lie within `NEGATION_REACH` characters before the phrase. Phrases that carry
  their own negation ("not my job") are not affected: only the text before the phrase is
  looked at. "no" is not a negation here ("No, I'm sorry" is an apology); lists that need
  it name the exact wording instead (`NOT_COMPLAINTS` has "no problem").

All positions are in the normalised text, which has the same offsets as the original.
"""

from __future__ import annotations

import re

NEGATION_REACH = 60

_NEGATION = re.compile(
    r"(?<!\w)(?:not|never|cannot|no\s+longer|refuse\s+to|refusing\s+to|avoid|"
    r"\w+n't|dont|wont|cant|isnt|arent|wasnt|werent|didnt|doesnt|couldnt|wouldnt|shouldnt|"
    r"havent|hasnt|hadnt|aint)(?!\w)"
)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n]|(?<!\w)(?:and|but|so|because|since|though|although|however|or|then|yet|"
    r"while|as)(?!\w)"
)
_QUOTED = re.compile(r"\"[^\"\n]*\"|(?<!\w)'[^'\n]*'(?!\w)|^[ \t]*>.*$", re.MULTILINE)


def quoted_spans(normalised: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted stretch, quotes included.

    >>> quoted_spans("you said 'no'\\n> calm down")
    [(9, 13), (14, 25)]
    """
    if '"' not in normalised and "'" not in normalised and ">" not in normalised:
        return []
    return [m.span() for m in _QUOTED.finditer(normalised)]


def is_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    return any(q_start <= start and end <= q_end for q_start, q_end in quoted)


def clause_before(normalised: str, start: int) -> str:
    """The text of the clause that leads up to position `start`, at most NEGATION_REACH long."""
    window_start = max(0, start - NEGATION_REACH)
    window = normalised[window_start:start]
    last_break = 0
    for match in _CLAUSE_BREAK.finditer(window):
        last_break = match.end()
    return window[last_break:]


def is_negated(normalised: str, start: int) -> bool:
    """True when a negation precedes position `start` within its clause.

    >>> is_negated("i'm not able to say it's company policy", 24)
    True
    >>> is_negated("sorry, it's company policy", 12)
    False
    """
    return _NEGATION.search(clause_before(normalised, start)) is not None


def own_words(normalised: str, start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """True when the phrase at [start, end) is neither quoted nor negated."""
    return not is_quoted(start, end, quoted) and not is_negated(normalised, start)
