"""A message's findings are marked where they occur, and the message itself stays text.

The marked markdown is checked by rendering it with a CommonMark renderer (markdown-it, the
same grammar Streamlit's markdown follows): whatever the message says, no tag, link or
emphasis comes out of it; only the marks this module adds are markup.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from dashboard.transcript_marks import Piece, marked_markdown, segments

AGENT = "Hello Mr Thomas, I am so sorry. I cannot send another one: it's company policy."


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_a_message_is_cut_at_its_findings_and_put_back_together() -> None:
    """ "Mr Thomas" (wrong name), "sorry" (apology) and "company policy" (banned) become their
    own pieces; the rest stays unmarked, and the pieces joined are the message again."""
    spans = [(6, 15, "name_error"), (6, 15, "addressed_by_name"), (25, 30, "apology")]
    spans.append((AGENT.index("company"), len(AGENT) - 1, "banned_phrase"))
    pieces = segments(AGENT, spans)
    assert "".join(p.text for p in pieces) == AGENT
    assert [(p.text, p.checks) for p in pieces if p.checks] == [
        ("Mr Thomas", ("name_error", "addressed_by_name")),
        ("sorry", ("apology",)),
        ("company policy", ("banned_phrase",)),
    ]


def test_overlapping_spans_split_into_pieces_with_every_check_covering_them() -> None:
    """ "not my job" (banned, 0–10) overlapping "my job is" (blame, 4–13): three pieces."""
    pieces = segments("not my job is done", [(0, 10, "banned_phrase"), (4, 13, "blame")])
    assert pieces == [
        Piece("not ", ("banned_phrase",)),
        Piece("my job", ("banned_phrase", "blame")),
        Piece(" is", ("blame",)),
        Piece(" done", ()),
    ]


def test_spans_outside_the_text_are_clipped_and_empty_ones_ignored() -> None:
    assert segments("short", [(3, 99, "thanks"), (2, 2, "blame"), (-4, 1, "apology")]) == [
        Piece("s", ("apology",)),
        Piece("ho", ()),
        Piece("rt", ("thanks",)),
    ]


def test_the_marks_are_the_only_markup() -> None:
    """The banned phrase gets a red background and its label; nothing else is marked up."""
    text = "Sorry, it's company policy."
    marked = marked_markdown(text, [(12, 26, "banned_phrase")])
    assert marked == "Sorry, it's :red-background[company policy]:red[ ‹banned phrase›]\\."


HOSTILE = [
    "<script>alert(1)</script> sorry",
    "**bold** and _it_ sorry",
    "[link](javascript:alert(1)) sorry",
    "<img src=x onerror=alert(1)> sorry",
    "`code` # heading sorry",
    ":red[fake mark] sorry",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_hostile_message_renders_as_the_characters_it_holds(text: str, where: str) -> None:
    """Marked outside the markup ("sorry" at the end) or with the markup inside the marked
    piece, the rendered HTML has no tag, link, emphasis or code from the message, and its
    words are all there."""
    if where == "outside":
        spans = [(len(text) - 5, len(text), "apology")]
    else:
        spans = [(0, len(text) - 6, "banned_phrase")]
    html = _html(marked_markdown(text, spans))
    for made in ("<script", "<img", "<a ", "<strong>", "<em>", "<code>", "<h1>"):
        assert made not in html
    visible = html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    for word in text.replace("(", " ").replace(")", " ").split():
        assert word.strip("[]") in visible


def test_a_wrong_name_is_labelled_alone_and_a_right_one_as_an_address() -> None:
    """ "Tomas" (wrong) is "wrong name", not "wrong name · addressed by name"."""
    spans = [(3, 8, "addressed_by_name"), (3, 8, "name_error")]
    assert ":violet-background[Tomas]:violet[ ‹wrong name›]" in marked_markdown("Hi Tomas", spans)
    right = marked_markdown("Hi Thomas", [(3, 9, "addressed_by_name")])
    assert right == "Hi :gray-background[Thomas]:gray[ ‹addressed by name›]"
