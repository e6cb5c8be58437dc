"""The phrase lists the checks read, as data an admin can edit.

Each list is a tuple of phrases in a small, forgiving syntax (see `phrase_pattern`):

- words match whole words, whatever their case ("Company Policy" matches "company policy");
- any run of spaces, line breaks or hyphens between words matches ("third party" matches
  "third-party"); an apostrophe is optional ("that's" matches "thats") and curly quotes count
  as straight ones;
- a `*` at the end of a word matches any ending ("apolog*" matches apologise, apologize,
  apologies, apology).

The defaults below come from kpis.md and the customer-service guidance in the seeds. The
`Phrase` table keeps an admin's edits under the same list names (`PhraseLists.list_names()`);
`PhraseLists.from_entries` builds the lists from those rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from functools import lru_cache

BANNED = (
    "not my job",
    "company policy",
    "nothing I can do",
    "calm down",
    "you should have",
    "that's not our fault",
)
# Wordings that contain a banned phrase but are not what the ban is about.
BANNED_EXCEPTIONS = (
    "you should have received",
    "you should have got",
    "you should have gotten",
    "you should have been sent",
    "you should have an email",
    "you should have a confirmation",
    "things calm down",
)
APOLOGY = (
    "sorry",
    "apolog*",
    "my bad",
    "I regret",
    "we regret",
    "please forgive",
    "forgive me",
    "forgive us",
    "my mistake",
    "our mistake",
    "my fault",
    "our fault",
    "our error",
    "pardon the",
)
THANKS = (
    "thank you",
    "thanks",
    "thankyou",
    "thank u",
    "thx",
    "appreciate*",
    "grateful",
    "cheers",
    "much obliged",
    "kind of you",
)
# Who the finger points at: a supplier, another vendor, another department.
BLAME_TARGETS = (
    "supplier*",
    "vendor*",
    "courier*",
    "carrier*",
    "manufacturer*",
    "warehouse",
    "factory",
    "third party",
    "partner*",
    "subcontractor*",
    "contractor*",
    "the bank",
    "delivery company",
    "delivery firm",
    "post office",
    "postal service",
    "DHL",
    "FedEx",
    "Microsoft",
    "Apple",
    "Adobe",
    "billing",
    "accounts team",
    "accounts department",
    "shipping department",
    "shipping team",
    "logistics",
    "IT department",
    "IT team",
    "tech team",
    "head office",
    "another department",
    "other department",
    "different department",
    "that department",
    "their department",
    "the other team",
    "another team",
)
# What makes mentioning them finger-pointing: fault, failure, or "it comes from them".
BLAME_CUES = (
    "fault*",
    "blame*",
    "responsible",
    "their end",
    "their side",
    "their problem",
    "their mistake",
    "their error",
    "their system",
    "their software",
    "messed up",
    "screwed up",
    "dropped the ball",
    "mixed up",
    "lost",
    "broke",
    "damaged",
    "delayed",
    "late",
    "fail*",
    "forgot*",
    "never showed",
    "never delivered",
    "never turned up",
    "never sent",
    "never shipped",
    "didn't deliver",
    "didn't send",
    "didn't ship",
    "did not deliver",
    "did not send",
    "not our",
    "nothing to do with us",
    "out of our hands",
    "we buy",
    "we bought",
    "we purchase",
    "we get that",
    "we get them",
    "supplied by",
    "comes from",
    "came from",
    "made by",
    "you'll have to call",
    "you will have to call",
    "you need to call",
    "you'll need to call",
    "you'll have to contact",
    "you need to contact",
    "you'll need to contact",
    "take it up with",
    "not us",
    "special way",
)
# Taking responsibility in the same sentence cancels the finger-pointing.
OWNERSHIP = (
    "on us",
    "our responsibility",
    "my responsibility",
    "we take responsibility",
    "I take responsibility",
    "our mistake",
    "my mistake",
    "we should have",
    "I should have",
    "we lost",
    "we broke",
    "we damaged",
    "we messed up",
    "not their fault",
    "not the courier's fault",
    "not the supplier's fault",
)
COMPLAINT_CUES = (
    "complain*",
    "unacceptable",
    "ridiculous",
    "disappoint*",
    "frustrat*",
    "annoy*",
    "angry",
    "furious",
    "upset",
    "terrible",
    "awful",
    "horrible",
    "worst",
    "useless",
    "rude",
    "not happy",
    "unhappy",
    "fed up",
    "sick of",
    "waste of",
    "a joke",
    "scam",
    "poor service",
    "bad service",
    "still waiting",
    "been waiting",
    "still haven't",
    "still hasn't",
    "still not",
    "still no",
    "never arrived",
    "never came",
    "never received",
    "never got",
    "hasn't arrived",
    "has not arrived",
    "hasn't come",
    "didn't arrive",
    "did not arrive",
    "not arrived",
    "not received",
    "haven't received",
    "have not received",
    "haven't heard",
    "not working",
    "doesn't work",
    "does not work",
    "stopped working",
    "isn't working",
    "won't work",
    "broken",
    "broke",
    "damaged",
    "faulty",
    "defective",
    "wrong item",
    "wrong order",
    "wrong size",
    "wrong colour",
    "wrong color",
    "charged twice",
    "double charged",
    "overcharged",
    "nobody",
    "no one",
    "no-one",
    "third time",
    "second time",
    "again and again",
    "thanks for nothing",
    "money back",
    "problem*",
    "issue with",
    "missing",
    "late",
    "delayed",
    "lost",
    "mistake",
    "error",
    "cancel*",
    "hung up",
    "on hold",
    "ignored",
    "ignoring",
    "wrong",
    "cracked",
    "leak*",
    "a mess",
    "dirty",
    "poor quality",
    "not impressed",
    "never happened",
    "without warning",
)
# Wordings that contain a complaint cue but say the opposite.
NOT_COMPLAINTS = (
    "no problem*",
    "not a problem",
    "without a problem",
    "without any problem*",
    "never had a problem",
    "no issue*",
    "no complaint*",
    "not complaining",
    "never complain*",
    "not disappointed",
    "not late",
    "isn't late",
    "nothing missing",
    "nothing is missing",
    "nothing was missing",
    "nothing wrong",
    "not wrong",
    "problem solved",
    "problem is solved",
    "problem is fixed",
    "problem is sorted",
    "problem has been solved",
    "problem has been fixed",
    "open late",
)


@dataclass(frozen=True)
class PhraseLists:
    """Every list the checks read; hashable, so compiled patterns are cached per edit."""

    banned: tuple[str, ...] = BANNED
    banned_exceptions: tuple[str, ...] = BANNED_EXCEPTIONS
    apology: tuple[str, ...] = APOLOGY
    thanks: tuple[str, ...] = THANKS
    blame_targets: tuple[str, ...] = BLAME_TARGETS
    blame_cues: tuple[str, ...] = BLAME_CUES
    ownership: tuple[str, ...] = OWNERSHIP
    complaint_cues: tuple[str, ...] = COMPLAINT_CUES
    not_complaints: tuple[str, ...] = NOT_COMPLAINTS

    def __hash__(self) -> int:
        # Hashed once: the checks' memos look the lists up with every message.
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            value = hash(tuple(getattr(self, name) for name in self.list_names()))
            object.__setattr__(self, "_hash", value)
            return value

    def __getstate__(self) -> dict[str, object]:
        # String hashes differ from process to process: a worker hashes its copy afresh.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @classmethod
    def list_names(cls) -> tuple[str, ...]:
        """The list names, as stored in `Phrase.list_name`."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str]]) -> PhraseLists:
        """Lists from (list_name, phrase) rows; a list with no row keeps its defaults.

        An unknown list name is an error, not silently ignored: it is a typo in someone's edit.
        """
        known = set(cls.list_names())
        edited: dict[str, list[str]] = {}
        for list_name, phrase in entries:
            if list_name not in known:
                raise ValueError(
                    f"Unknown phrase list {list_name!r}; known lists: {', '.join(sorted(known))}"
                )
            if phrase.strip():
                edited.setdefault(list_name, []).append(phrase.strip())
        return replace(cls(), **{name: tuple(items) for name, items in edited.items()})


DEFAULT_PHRASES = PhraseLists()

_BETWEEN_WORDS = r"[\s\-]+"


def _word_pattern(word: str) -> str:
    stem, wildcard = (word[:-1], r"\w*") if word.endswith("*") else (word, "")
    return "".join("'?" if c in "'\u2019" else re.escape(c) for c in stem) + wildcard


_WORD_START = r"(?<!\w)(?<!\w-)"
# Whole words: not inside a word, nor a piece of a hyphenated word ("fault-finding").
_WORD_END = r"(?!\w|-\w)"


def _body(phrase: str) -> str:
    words = phrase.lower().split()
    if not words:
        raise ValueError("A phrase needs at least one word")
    return _BETWEEN_WORDS.join(_word_pattern(w) for w in words)


def phrase_pattern(phrase: str) -> str:
    """The regular expression of one phrase, for text passed through `normalise`.

    >>> bool(re.search(phrase_pattern("that's not our fault"), "thats  not our fault"))
    True
    """
    return _WORD_START + _body(phrase) + _WORD_END


@lru_cache(maxsize=64)
def compile_list(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any phrase of the list, longest first; None for an empty list.

    The word boundaries stand outside the alternation, so they are tested once per position
    rather than once per phrase: that is most of the speed of the analysis.
    """
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(_WORD_START + "(?:" + "|".join(_body(p) for p in ordered) + ")" + _WORD_END)
