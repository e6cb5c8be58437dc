"""How the agent addressed the customer, checked against the customer record.

An agent message addresses the customer by name when

- a greeting or courtesy word is followed by a capitalised word: "Hi Thomas", "Dear Mrs Grant",
  "Good morning, Zoë", "Thank you, Thomas", "Sorry Anna" (up to two capitalised words are taken
  as the name: "Hello Anna Grant"); words that are not names ("Hi there", "Thanks, Team",
  "Dear Customer", "Thanks, I'll ...") are skipped (`NOT_NAMES`); or
- a title stands before a capitalised word anywhere: "Mr Grant", "Dr. Okafor", "Mrs. Thomas".

Greeting, title and name stand on one line: "Thanks,\nSarah" at the end of an e-mail is the
agent's signature. A name that belongs to the agent ("Thanks, Sarah" written by Sarah) is not
an address either, when the agent's names are given.

The name is wrong when one of its words matches no part of the record's name. Words are
compared without accents, case or punctuation ("Zoe" is "Zoë", "O'Neill" is "ONeill"), a
possessive "'s" is dropped, and a short form of the record's first name is not an error ("Tom"
for "Thomas", "Alex" for "Alexandra": three letters or more, the same first letter, its letters
in order within the first name, and at least two letters shorter — so "Tomas" is no short form
of "Thomas" but a misspelling). A wrong word is *misspelled* when rapidfuzz's similarity ratio
to the closest part is at least `MISSPELLING_SIMILARITY` ("Tomas" for "Thomas", "Natrajan" for
"Natarajan"), otherwise a *wrong name* ("Jackson" for "Johnson"). Both count as a name error.

The title is wrong when it contradicts the record's title: "Mr" for a "Mrs"; "Mrs" or "Miss"
for an "Ms" or a "Dr"; "Mr"/"Mrs" for a "Dr". "Ms" is accepted for a "Mrs" or "Miss". With no
title on record the title is not judged; with no name on record the name is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from kpis.transcripts.normalise import fold_name

MISSPELLING_SIMILARITY = 70.0

_TITLE = r"(?:M[rR][sS]?|M[sS]|Miss|MISS|M[xX]|D[rR]|Prof)"
_NAME_WORD = r"[^\W\d_][\w'\u2019\-]*"
_GREETING = re.compile(
    r"(?<!\w)(?i:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening|day)|morning|"
    r"afternoon|evening|thanks|thank\s+you|welcome(?:\s+back)?|sorry|cheers|bye|goodbye)"
    rf"[ \t,]+(?:({_TITLE})\.?[ \t]+)?({_NAME_WORD})(?:[ \t]+({_NAME_WORD}))?"
)
_TITLED = re.compile(rf"(?<!\w)({_TITLE})\.?[ \t]+({_NAME_WORD})(?:[ \t]+({_NAME_WORD}))?")

_NOT_NAME_WORDS = """
    there again all everyone everybody team folks guys both you your yours so very much for
    and in to a an the this that that's it it's i i'm i'll i've i'd we we're we'll we've our
    customer client sir madam maam ma'am friend friends please just let hope sorry thanks
    thank anyway once again for good hello hi dear morning afternoon evening mate valued
    member members user support again yes no okay ok great wonderful"""
NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())

_CANONICAL_TITLE = {"mr": "mr", "mrs": "mrs", "ms": "ms", "miss": "miss", "mx": "mx"}
_CANONICAL_TITLE |= {"dr": "dr", "prof": "dr", "doctor": "dr", "professor": "dr"}
_FEMALE = {"mrs", "miss", "ms"}


@dataclass(frozen=True)
class Address:
    """One place where the agent addressed the customer by name."""

    start: int
    end: int
    title: str | None
    name: str


def addresses(text: str, agent_names: Iterable[str] = ()) -> list[Address]:
    """Every greeting-with-name and title-with-name in an agent message, in order.

    A name of one of `agent_names` is the agent signing off ("Thanks, Sarah"), not an address.
    """
    return list(_addresses(text, tuple(agent_names)))


@lru_cache(maxsize=65_536)
def _addresses(text: str, agent_names: tuple[str, ...]) -> tuple[Address, ...]:
    """`addresses`, cached: an agent's greetings and closing lines come back word for word."""
    if not any(c.isupper() for c in text):
        return ()  # a name is capitalised; most lower-case chat lines are skipped quickly
    found: dict[int, Address] = {}
    own: set[str] | None = None  # folded only when a name is found: most lines hold none
    for pattern in (_GREETING, _TITLED):
        for match in pattern.finditer(text):
            title, first, second = match.group(1), match.group(2), match.group(3)
            if not _looks_like_name(first):
                continue
            if own is None:
                own = {fold_name(word) for name in agent_names for word in name.split()}
            if fold_name(first) in own:
                continue
            words = [first] + ([second] if second and _looks_like_name(second) else [])
            name_start = match.start(2)
            end = match.end(3) if len(words) == 2 else match.end(2)
            start = match.start(1) if title else name_start
            if name_start not in found:
                found[name_start] = Address(start, end, title, " ".join(words))
    return tuple(sorted(found.values(), key=lambda a: a.start))


def _looks_like_name(word: str) -> bool:
    return word[0].isupper() and word.lower().replace("\u2019", "'") not in NOT_NAMES


def canonical_title(title: str | None) -> str | None:
    if not title:
        return None
    return _CANONICAL_TITLE.get(title.strip().rstrip(".").lower())


def title_error(used: str | None, on_record: str | None) -> bool:
    """True when the title the agent used contradicts the record's title."""
    used_c, record_c = canonical_title(used), canonical_title(on_record)
    if used_c is None or record_c is None or used_c == record_c:
        return False
    return not (used_c == "ms" and record_c in _FEMALE)


@lru_cache(maxsize=65_536)
def name_error_kind(used: str, on_record: str | None) -> str | None:
    """None when the name fits the record, else 'misspelled name' or 'wrong name'.

    Cached: a customer's name is checked against their record in message after message.
    """
    if not on_record:
        return None
    parts = [fold_name(p) for p in on_record.split() if fold_name(p)]
    if not parts:
        return None
    for word in used.split():
        folded = fold_name(re.sub(r"['\u2019]s$", "", word))
        if folded in parts or _short_form(folded, parts[0]):
            continue
        best = process.extractOne(folded, parts, scorer=fuzz.ratio)
        close = best is not None and best[1] >= MISSPELLING_SIMILARITY
        return "misspelled name" if close else "wrong name"
    return None


def _short_form(word: str, first_name: str) -> bool:
    """'Tom' of 'Thomas', 'Alex' of 'Alexandra': same first letter, letters in order, 2+ fewer."""
    if len(word) < 3 or len(word) > len(first_name) - 2 or word[0] != first_name[0]:
        return False
    rest = iter(first_name)
    return all(letter in rest for letter in word)


def address_error(address: Address, name: str | None, title: str | None) -> str | None:
    """What is wrong with one address against the record, or None when it is right."""
    kind = name_error_kind(address.name, name)
    if kind is None and title_error(address.title, title):
        kind = "wrong title"
    return kind
