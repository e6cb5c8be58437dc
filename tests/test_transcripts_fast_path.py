"""The shortcuts that make the transcript checks fast give the answers of the long way round.

- VADER is skipped for a message holding no word of its lexicon and no emoji: its tone must
  then be exactly what VADER itself says, on the labelled set, the hostile payloads and
  hand-made edge cases (emoji, capitals, "but", "no", "kind of", quoted replies).
- The checks remember texts they have seen (an agent's macros come back word for word): the
  answer must still depend on everything else it depends on (the customer record, the agent's
  names, the phrase lists), and on nothing remembered from an earlier call.
- A customer's complaint is not given a tone: the flag "tone improved" must be what it was when
  every customer message had one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from kpis.transcripts import CustomerRecord, PhraseLists, analyse_interaction
from kpis.transcripts.findings import check_agent_message, check_customer_message
from kpis.transcripts.sentiment import _REPLY_LINE, _scores_zero, tone, tone_improved

DATA = Path(__file__).parent / "data"
EDGE_CASES = (
    "",
    "   ",
    "Where is order #123456?",
    "Can you tell me where order #100017 is?",
    "I am not happy",
    "This is GREAT but the box was broken",
    "no problem at all",
    "kind of annoying",
    "I love it 😀",
    "😡😡😡",
    "ok :) thanks",
    ":(",
    "Got it.\n> Sorry, your parcel was lost and it is broken.",
    "WHERE IS MY PARCEL!!!",
    "İstanbul office, order 12",
    "The parcel arrived today.",
    "\u2019\u201c\u201d\u00a0\t\r\n",
    "Not bad, not bad at all.",
    "least helpful",
    "\x00\x01 nul and control characters",
)


def _labelled() -> list[dict[str, str]]:
    with (DATA / "labelled_messages.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _texts() -> list[str]:
    payloads = (DATA / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    return [row["text"] for row in _labelled()] + payloads + list(EDGE_CASES)


def _vader(text: str) -> float:
    """The tone the long way round: VADER on every message, as before the shortcut."""
    if ">" in text:
        text = _REPLY_LINE.sub("", text)
    return float(SentimentIntensityAnalyzer().polarity_scores(text)["compound"])


def test_the_tone_is_vaders_own_score_with_or_without_the_shortcut() -> None:
    texts = _texts()
    analyser = SentimentIntensityAnalyzer()
    expected = {}
    for text in texts:
        plain = _REPLY_LINE.sub("", text) if ">" in text else text
        expected[text] = float(analyser.polarity_scores(plain)["compound"])
    assert {text: tone(text) for text in texts} == expected
    skipped = [text for text in texts if _scores_zero(text)]
    # Both ways are exercised: many texts skip VADER, many do not.
    assert len(skipped) >= 50
    assert len(texts) - len(skipped) >= 200
    assert all(expected[text] == 0.0 for text in skipped)


def test_the_shortcut_is_taken_only_without_lexicon_words_and_emoji() -> None:
    assert _scores_zero("Where is order #123456?")
    assert _scores_zero("")
    assert not _scores_zero("I am not happy")  # "happy" is in VADER's lexicon
    assert not _scores_zero("Order 12 😀")  # an emoji VADER reads as words
    assert not _scores_zero(":(")  # an emoticon in the lexicon
    assert tone("I am not happy") == _vader("I am not happy") < 0
    assert tone("Order 12 😀") == _vader("Order 12 😀") > 0


def test_a_remembered_text_is_judged_against_each_customer_record() -> None:
    text = "Hi Tomas, I'm so sorry your parcel is late."
    first = check_agent_message(text, CustomerRecord("Thomas Grant", "Mr"))
    second = check_agent_message(text, CustomerRecord("Tomas Berg", "Mr"))
    third = check_agent_message(text, CustomerRecord("Thomas Grant", "Mr"))
    assert [f.check for f in first] == ["apology", "addressed_by_name", "name_error"]
    assert first[2].detail == "misspelled name: 'Tomas', the record says 'Mr Thomas Grant'"
    assert [f.check for f in second] == ["apology", "addressed_by_name"]
    assert third == first
    third.append(first[0])  # a caller changing its list does not change the next answer
    assert len(check_agent_message(text, CustomerRecord("Thomas Grant", "Mr"))) == 3


def test_a_remembered_text_is_judged_with_each_agents_names_and_each_list() -> None:
    text = "Thanks, Sarah"
    assert [f.check for f in check_agent_message(text)] == ["thanks", "addressed_by_name"]
    assert [f.check for f in check_agent_message(text, agent_names=["Sarah Lee"])] == ["thanks"]
    assert [f.check for f in check_agent_message(text)] == ["thanks", "addressed_by_name"]
    no_thanks = PhraseLists.from_entries([("thanks", "much obliged")])
    assert [f.check for f in check_agent_message(text, phrases=no_thanks)] == ["addressed_by_name"]
    quiet = PhraseLists.from_entries([("complaint_cues", "scam")])
    assert [f.detail for f in check_customer_message("This is unacceptable")[0]] == ["unacceptable"]
    assert check_customer_message("This is unacceptable", quiet)[0] == []


def test_every_labelled_message_gets_the_same_answer_twice_and_in_reverse() -> None:
    rows = _labelled()

    def answers(order: list[dict[str, str]]) -> dict[str, object]:
        found: dict[str, object] = {}
        for row in order:
            if row["role"] == "customer":
                found[row["text"]] = check_customer_message(row["text"])
            else:
                record = CustomerRecord(row["customer_name"] or None, row["customer_title"] or None)
                key = "|".join((row["text"], row["customer_name"], row["customer_title"]))
                found[key] = check_agent_message(row["text"], record)
        return found

    assert answers(rows) == answers(list(reversed(rows))) == answers(rows)


def test_tone_improved_is_what_it_was_with_a_tone_for_every_customer_message() -> None:
    customer = [r["text"] for r in _labelled() if r["role"] == "customer"]
    endings = [*customer, "Great, thank you!", "ok", "Still broken. Awful."]
    improved = 0
    for opening in customer:
        for ending in endings[::3]:
            said = [("customer", opening), ("agent", "Sorry about that."), ("customer", ending)]
            complaints, tones = [], []
            for _, text in said[::2]:
                found, score = check_customer_message(text, need_tone=True)
                complaints.append(bool(found))
                tones.append(_vader(text) if score is None else score)
            expected = tone_improved(complaints, tones)
            assert analyse_interaction(said).flags.tone_improved is expected, said
            improved += expected
    assert improved >= 100  # the comparison is not all "False"
