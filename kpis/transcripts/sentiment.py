"""Whether the customer complained, and whether their tone improved, from their own words.

A customer message is a complaint when

- it contains a complaint cue (`phrases.COMPLAINT_CUES`: "still waiting", "never arrived",
  "unacceptable", "charged twice", ...) that is the customer's own words — not negated, not in
  quotation marks (see `context`), and not part of a wording that says the opposite
  (`phrases.NOT_COMPLAINTS`: "no problem", "no complaints"); or
- VADER, the lexicon- and rule-based sentiment analyser of the `vaderSentiment` package, scores
  it at or below `COMPLAINT_TONE` (compound score in [-1, 1]). VADER reads its lexicon from the
  installed package and handles its own negation, intensifiers, capitals and "!!!".

The customer's tone improved when the customer complained, wrote again afterwards, and their
last message is not a complaint and scores at least `POSITIVE_TONE` ("Great, thank you!").

VADER is only run on customer messages: it is the slowest step of the analysis. A message
holding no word of VADER's lexicon and no emoji scores 0.0 without running VADER: every word
outside the lexicon has valence 0, and VADER's rules (boosters, negation, "but", "!!!") only
scale the valence of lexicon words, so its compound score is exactly 0.0 (tested against
VADER itself in tests/test_transcripts_fast_path.py).
"""

from __future__ import annotations

import re
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, SentiText

COMPLAINT_TONE = -0.5
_REPLY_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
POSITIVE_TONE = 0.05


@cache
def _analyser() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


@cache
def _emoji_characters() -> frozenset[str]:
    """The emojis VADER replaces by their description: it looks them up one character at a time."""
    return frozenset(emoji for emoji in _analyser().emojis if len(emoji) == 1)


def _scores_zero(text: str) -> bool:
    """True when VADER would find nothing to score: no emoji and no word of its lexicon.

    Words are cut as VADER cuts them (split on whitespace, punctuation stripped unless that
    leaves two characters or fewer) and looked up in lower case, as VADER looks them up.
    """
    if not _emoji_characters().isdisjoint(text):
        return False
    lexicon = _analyser().lexicon
    strip = SentiText._strip_punc_if_word
    return not any(strip(word).lower() in lexicon for word in text.split())


def tone(text: str) -> float:
    """VADER's compound score of `text`: -1 (most negative) to 1 (most positive).

    Lines quoted from an earlier e-mail ('> ...') are left out: they are not the writer's mood.

    >>> tone("The parcel arrived today.")
    0.0
    >>> tone("Got it.\\n> Sorry, your parcel was lost and it is broken.")
    0.0
    """
    if ">" in text:
        text = _REPLY_LINE.sub("", text)
    if _scores_zero(text):
        return 0.0
    return float(_analyser().polarity_scores(text)["compound"])


def tone_improved(customer_complaints: list[bool], customer_tones: list[float]) -> bool:
    """From the customer's messages in order: a complaint, then a calm positive last word."""
    if len(customer_tones) < 2 or not any(customer_complaints[:-1]):
        return False
    return not customer_complaints[-1] and customer_tones[-1] >= POSITIVE_TONE
