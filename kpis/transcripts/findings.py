"""The checks on one interaction's messages: findings with spans, and per-interaction flags.

`analyse_interaction(messages, customer, phrases)` is the one entry point the importer calls,
once per interaction; its result is what gets stored (findings, not page-view work).

Agent messages are checked for an apology, thanks, a banned phrase, finger-pointing (blame) and
how the customer was addressed; customer messages for a complaint and their tone. System
messages are not checked. How each check decides is written beside it: `context` (negation,
quoting), `names` (names and titles), `sentiment` (complaints, tone), `blame` and the phrase
lists in `phrases`. Spans are (start, end) character offsets into the message's original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kpis.transcripts import names, sentiment
from kpis.transcripts.blame import blame_spans
from kpis.transcripts.context import own_words, quoted_spans
from kpis.transcripts.normalise import normalise
from kpis.transcripts.phrases import DEFAULT_PHRASES, PhraseLists, compile_list

APOLOGY, THANKS, BANNED, BLAME = "apology", "thanks", "banned_phrase", "blame"
ADDRESSED, NAME_ERROR, COMPLAINT = "addressed_by_name", "name_error", "complaint"
AGENT_CHECKS = (APOLOGY, THANKS, BANNED, BLAME, ADDRESSED, NAME_ERROR)


@dataclass(frozen=True)
class CustomerRecord:
    """What the record says the customer is called (either may be unknown)."""

    name: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Finding:
    """One thing a check found in one message; `detail` is the matched text or what is wrong."""

    message: int
    check: str
    start: int
    end: int
    detail: str


@dataclass(frozen=True)
class TranscriptFlags:
    """Per-interaction facts the text KPIs of kpis.md count."""

    customer_complained: bool
    agent_apologised: bool
    agent_thanked: bool
    banned_phrase: bool
    blamed: bool
    addressed_by_name: bool
    name_error: bool
    tone_improved: bool
    has_agent_message: bool


@dataclass(frozen=True)
class TranscriptFindings:
    findings: tuple[Finding, ...]
    flags: TranscriptFlags


# How many distinct message texts each memo keeps (the least recently used go first).
MEMO_SIZE = 65_536


def _phrase_spans(
    text: str,
    norm: str,
    phrases: tuple[str, ...],
    exceptions: tuple[str, ...],
    quoted: list[tuple[int, int]],
) -> list[tuple[int, int, str]]:
    pattern = compile_list(phrases)
    if pattern is None:
        return []
    hits = [m.span() for m in pattern.finditer(norm)]
    if not hits:
        return []
    excepted = compile_list(exceptions)
    allowed = [m.span() for m in excepted.finditer(norm)] if excepted else []
    return [
        (start, end, text[start:end])
        for start, end in hits
        if own_words(norm, start, end, quoted)
        and not any(a <= start and end <= b for a, b in allowed)
    ]


@lru_cache(maxsize=MEMO_SIZE)
def _agent_phrases(text: str, phrases: PhraseLists) -> tuple[tuple[str, int, int, str], ...]:
    """(check, start, end, detail) of the phrase-list checks of one agent message.

    They depend on the text and the lists alone, so a text met again (an agent's macro, a
    closing line) is looked up rather than scanned again.
    """
    norm = normalise(text)
    quoted = quoted_spans(norm)
    found = [(APOLOGY, *span) for span in _phrase_spans(text, norm, phrases.apology, (), quoted)]
    found += [(THANKS, *span) for span in _phrase_spans(text, norm, phrases.thanks, (), quoted)]
    found += [
        (BANNED, *span)
        for span in _phrase_spans(text, norm, phrases.banned, phrases.banned_exceptions, quoted)
    ]
    found += [
        (BLAME, start, end, text[start:end]) for start, end in blame_spans(norm, phrases, quoted)
    ]
    return tuple(found)


def check_agent_message(
    text: str,
    customer: CustomerRecord | None = None,
    phrases: PhraseLists = DEFAULT_PHRASES,
    index: int = 0,
    agent_names: Iterable[str] = (),
) -> list[Finding]:
    """Every finding in one agent message; `agent_names` tell a sign-off from an address."""
    found = [Finding(index, *hit) for hit in _agent_phrases(text, phrases)]
    record = customer or CustomerRecord()
    for address in names.addresses(text, agent_names):
        found.append(Finding(index, ADDRESSED, address.start, address.end, address.name))
        error = names.address_error(address, record.name, record.title)
        if error:
            said = text[address.start : address.end]
            on_record = " ".join(p for p in (record.title, record.name) if p)
            detail = f"{error}: {said!r}, the record says {on_record!r}"
            found.append(Finding(index, NAME_ERROR, address.start, address.end, detail))
    return found


@lru_cache(maxsize=MEMO_SIZE)
def _complaint_cues(text: str, phrases: PhraseLists) -> tuple[tuple[int, int, str], ...]:
    """(start, end, detail) of the complaint cues in one customer message (memo as above)."""
    norm = normalise(text)
    return tuple(
        _phrase_spans(
            text, norm, phrases.complaint_cues, phrases.not_complaints, quoted_spans(norm)
        )
    )


_tone = lru_cache(maxsize=MEMO_SIZE)(sentiment.tone)


def check_customer_message(
    text: str, phrases: PhraseLists = DEFAULT_PHRASES, index: int = 0, need_tone: bool = True
) -> tuple[list[Finding], float | None]:
    """Complaint findings in one customer message, and its VADER tone.

    The tone is only computed when the cues found no complaint or when `need_tone` asks for it.
    """
    found = [Finding(index, COMPLAINT, *cue) for cue in _complaint_cues(text, phrases)]
    score = _tone(text) if need_tone or not found else None
    if not found and score is not None and score <= sentiment.COMPLAINT_TONE:
        stripped = text.strip()
        start = text.find(stripped)
        found.append(
            Finding(index, COMPLAINT, start, start + len(stripped), f"negative tone {score:+.2f}")
        )
    return found, score


def analyse_interaction(
    messages: Sequence[tuple[str, str]],
    customer: CustomerRecord | None = None,
    phrases: PhraseLists = DEFAULT_PHRASES,
    agent_names: Iterable[str] = (),
) -> TranscriptFindings:
    """Findings for `messages` — (author_role, text) in order — and the interaction's flags.

    Roles are compared without case ("Agent" is "agent"); roles other than agent and customer
    (system notes) are not checked. `agent_names` are the names of the agents who wrote in the
    interaction, so that their sign-offs are not taken for addressing the customer.
    """
    agent_names = tuple(agent_names)
    messages = [(role.strip().lower(), text) for role, text in messages]
    findings: list[Finding] = []
    complaints: list[bool] = []
    tones: list[float] = []
    has_agent = False
    for index, (role, text) in enumerate(messages):
        if role == "agent":
            has_agent = True
            findings += check_agent_message(text, customer, phrases, index, agent_names)
        elif role == "customer":
            # A complaint's tone is never read: tone_improved reads the last message's tone
            # only when it is no complaint, and then the tone was needed to tell.
            found, score = check_customer_message(text, phrases, index, need_tone=False)
            findings += found
            complaints.append(bool(found))
            tones.append(0.0 if score is None else score)
    checks = {f.check for f in findings}
    flags = TranscriptFlags(
        customer_complained=COMPLAINT in checks,
        agent_apologised=APOLOGY in checks,
        agent_thanked=THANKS in checks,
        banned_phrase=BANNED in checks,
        blamed=BLAME in checks,
        addressed_by_name=ADDRESSED in checks,
        name_error=NAME_ERROR in checks,
        tone_improved=sentiment.tone_improved(complaints, tones),
        has_agent_message=has_agent,
    )
    return TranscriptFindings(tuple(findings), flags)
