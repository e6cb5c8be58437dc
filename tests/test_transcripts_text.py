"""Normalising text, matching phrases, and telling own words from negated or quoted ones."""

from __future__ import annotations

import pytest

from kpis.transcripts.context import is_negated, own_words, quoted_spans
from kpis.transcripts.normalise import fold_name, normalise
from kpis.transcripts.phrases import DEFAULT_PHRASES, PhraseLists, compile_list


def test_normalising_keeps_every_offset() -> None:
    """Curly quotes, dashes, odd spaces and capitals change, the length does not."""
    text = "It\u2019s \u201cCOMPANY\u00a0Policy\u201d \u2013 sorry\r\nİstanbul"
    folded = normalise(text)
    assert folded == 'it\'s "company policy" - sorry\n\nİstanbul'
    assert len(folded) == len(text)


def test_a_name_folds_without_accents_case_or_punctuation() -> None:
    """Zoë is Zoe, O’Neill is ONeill, José-María is josemaria."""
    assert fold_name("Zoë") == fold_name("ZOE") == "zoe"
    assert fold_name("O\u2019Neill") == "oneill"
    assert fold_name("José-María") == "josemaria"


def _matches(phrases: tuple[str, ...], text: str) -> list[str]:
    pattern = compile_list(phrases)
    assert pattern is not None
    norm = normalise(text)
    return [text[m.start() : m.end()] for m in pattern.finditer(norm)]


def test_a_phrase_matches_whole_words_in_any_case_and_spacing() -> None:
    """The phrase "company policy" is found across capitals, two spaces, a hyphen or a newline."""
    phrases = ("company policy",)
    assert _matches(phrases, "It's COMPANY  Policy.") == ["COMPANY  Policy"]
    assert _matches(phrases, "company-policy") == ["company-policy"]
    assert _matches(phrases, "company\npolicy") == ["company\npolicy"]
    assert _matches(phrases, "our policy") == []
    assert _matches(phrases, "accompany policy") == []


def test_an_apostrophe_is_optional_and_may_be_curly() -> None:
    """The phrase "that's not our fault" also matches "thats" and "that’s"."""
    phrases = ("that's not our fault",)
    assert _matches(phrases, "Thats not our fault") == ["Thats not our fault"]
    assert _matches(phrases, "That\u2019s not our fault") == ["That\u2019s not our fault"]


def test_a_star_matches_any_ending_but_not_a_hyphenated_word() -> None:
    """A star ending finds apologise, apologize and apologies; "our fault-finding" is no fault."""
    assert _matches(("apolog*",), "I apologise. We apologize. Apologies!") == [
        "apologise",
        "apologize",
        "Apologies",
    ]
    assert _matches(("our fault",), "Our fault-finding tool") == []


def test_the_longest_phrase_wins() -> None:
    """In "not our fault" the longer phrase is found, not "our fault" inside it."""
    assert _matches(("our fault", "not our fault"), "That's not our fault") == ["not our fault"]


def test_an_empty_list_compiles_to_nothing() -> None:
    """A list an admin emptied matches nothing, rather than everything."""
    assert compile_list(()) is None
    assert compile_list(("  ",)) is None


def test_edited_lists_replace_only_the_lists_that_were_edited() -> None:
    """Rows for "banned" replace the banned list; the apology list keeps its defaults."""
    lists = PhraseLists.from_entries([("banned", "no way"), ("banned", " per the rules ")])
    assert lists.banned == ("no way", "per the rules")
    assert lists.apology == DEFAULT_PHRASES.apology


def test_an_unknown_list_name_is_refused_with_the_known_names() -> None:
    """A typo in a list name is an error that names the lists that exist."""
    with pytest.raises(ValueError, match=r"Unknown phrase list 'baned'.*banned"):
        PhraseLists.from_entries([("baned", "no way")])


def test_the_default_banned_list_is_the_one_in_kpis_md() -> None:
    """The six default banned phrases of kpis.md, in its order."""
    assert DEFAULT_PHRASES.banned == (
        "not my job",
        "company policy",
        "nothing I can do",
        "calm down",
        "you should have",
        "that's not our fault",
    )


@pytest.mark.parametrize(
    ("text", "phrase", "negated"),
    [
        ("i'm not able to say it's company policy", "company policy", True),
        ("i won't say calm down", "calm down", True),
        ("i never said you should have", "you should have", True),
        ("i don't know, it's company policy", "company policy", False),
        ("i can't refund it because it's company policy", "company policy", False),
        ("no, i'm sorry", "sorry", False),
        ("that's not my job", "not my job", False),
    ],
)
def test_a_negation_counts_only_before_the_phrase_in_its_clause(
    text: str, phrase: str, negated: bool
) -> None:
    """A "not" earlier in the same clause negates; one behind a comma or "because" does not."""
    assert is_negated(text, text.index(phrase)) is negated


def test_quoted_words_are_not_the_writers_own() -> None:
    """'company policy' in quotes is quoted; the apostrophe of "it's" opens no quote."""
    text = "the customer said 'company policy' and it's fine"
    start = text.index("company")
    quoted = quoted_spans(text)
    assert quoted == [(18, 34)]
    assert not own_words(text, start, start + len("company policy"), quoted)
    said = "it's company policy"
    assert own_words(said, 5, len(said), quoted_spans(said))


@pytest.mark.parametrize("module", ["normalise", "phrases", "context", "sentiment", "themes"])
def test_the_examples_in_the_docstrings_hold(module: str) -> None:
    """The examples written beside the code are run, so the documentation cannot drift."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"kpis.transcripts.{module}"))
    assert result.attempted > 0
    assert result.failed == 0
