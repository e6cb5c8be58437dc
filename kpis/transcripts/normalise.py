"""Text normalisation that keeps every character where it was.

The checks report character spans that a transcript view highlights in the *original* text, so
normalising must never shift an offset: each character is replaced by exactly one character.
Case is folded, curly quotes and primes become straight quotes, dashes become '-', and every
kind of space becomes ' ' (line breaks stay: they end a clause). Runs of whitespace are not
collapsed (that would move offsets); phrase patterns match any whitespace between words instead
(see `phrases.phrase_pattern`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ONE_FOR_ONE = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark (also the typographic apostrophe)
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent typed as an apostrophe
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": "\n",
    }
)


def normalise(text: str) -> str:
    """Fold case, quotes, dashes and spaces of `text`, one character for one.

    >>> normalise("It\u2019s  COMPANY\u00a0Policy")
    "it's  company policy"
    """
    folded = text.translate(_ONE_FOR_ONE)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few characters lower-case to two (e.g. 'İ'); keep those as they are so offsets hold.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


@lru_cache(maxsize=65_536)
def fold_name(name: str) -> str:
    """A name reduced for comparison: no accents, no case, no punctuation.

    'Zoë' and 'Zoe' compare equal: an agent typing without the accent is not misspelling the
    name. Apostrophes and hyphens are dropped ("O'Neill" == "ONeill").

    >>> fold_name("José-María")
    'josemaria'

    Cached: the same few names (customers', agents', greetings) come back in message after
    message, and folding one takes a Unicode decomposition.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_ONE_FOR_ONE))
    return "".join(c for c in decomposed if c.isalnum()).casefold()
