"""What the transcripts say is worked out when an interaction is written, and stored."""

from __future__ import annotations

from datetime import UTC, datetime

from feedback_dataset import Feedback
from sqlalchemy import Engine, func, select

from data_sources.bulk import table_of
from data_sources.models import InteractionText, InteractionTheme, Phrase, TranscriptFinding
from data_sources.transcript_analysis import analyse_after_write

CUSTOMER_SAID = "My parcel never arrived and this is unacceptable."
AGENT_SAID = "Hello Mr Thomas, I am so sorry. I cannot send another one: it's company policy."


def _mrs_thomas(engine: Engine) -> int:
    return Feedback(engine).add(
        team="Orders",
        customer="Jane Thomas",
        title="Mrs",
        created_at=datetime(2026, 10, 5, 9, tzinfo=UTC),
        topic="Late delivery",
        said=(("customer", CUSTOMER_SAID), ("agent", AGENT_SAID)),
    )


def _findings(engine: Engine, interaction_id: int) -> dict[str, list[tuple[int, int, int, str]]]:
    finding = table_of(TranscriptFinding)
    found: dict[str, list[tuple[int, int, int, str]]] = {}
    with engine.connect() as connection:
        for row in connection.execute(
            select(finding).where(finding.c.interaction_id == interaction_id)
        ):
            found.setdefault(row.check, []).append((row.position, row.start, row.end, row.detail))
    return found


def test_a_wrong_title_a_banned_phrase_and_an_apology_are_stored_with_their_spans(
    engine: Engine,
) -> None:
    """Mrs Thomas greeted "Hello Mr Thomas" is a name error on the agent's message (1), at the
    characters of "Mr Thomas"; "company policy" is a banned phrase at its own characters."""
    interaction_id = _mrs_thomas(engine)
    found = _findings(engine, interaction_id)
    [(position, start, end, detail)] = found["name_error"]
    assert (position, AGENT_SAID[start:end]) == (1, "Mr Thomas")
    assert "wrong title" in detail
    [(position, start, end, detail)] = found["banned_phrase"]
    assert (position, AGENT_SAID[start:end], detail) == (1, "company policy", "company policy")
    [(position, start, end, _)] = found["apology"]
    assert (position, AGENT_SAID[start:end]) == (1, "sorry")
    assert [CUSTOMER_SAID[s:e] for p, s, e, _ in found["complaint"]] == [
        "never arrived",
        "unacceptable",
    ]


def test_the_interaction_flags_say_complaint_apology_banned_and_wrong_name(engine: Engine) -> None:
    """The customer complained and the agent apologised; no blame, no thanks, tone unchanged."""
    interaction_id = _mrs_thomas(engine)
    with engine.connect() as connection:
        flags = (
            connection.execute(
                select(table_of(InteractionText)).where(
                    table_of(InteractionText).c.interaction_id == interaction_id
                )
            )
            .mappings()
            .one()
        )
    assert dict(flags) == {
        "interaction_id": interaction_id,
        "has_agent_message": True,
        "customer_complained": True,
        "agent_apologised": True,
        "agent_thanked": False,
        "banned_phrase": True,
        "blamed": False,
        "addressed_by_name": True,
        "name_error": True,
        "tone_improved": False,
    }


def test_the_theme_is_stored_once_quoted_in_the_customers_words(engine: Engine) -> None:
    """The topic "Late delivery" and the words "never arrived" are one theme, "delivery late",
    quoted with what the customer wrote, at the interaction's time."""
    interaction_id = _mrs_thomas(engine)
    theme = table_of(InteractionTheme)
    with engine.connect() as connection:
        rows = connection.execute(select(theme.c.theme, theme.c.quote, theme.c.created_at)).all()
    assert rows == [("delivery late", CUSTOMER_SAID, datetime(2026, 10, 5, 9, tzinfo=UTC))]
    assert interaction_id


def test_analysing_again_replaces_and_follows_edited_phrase_lists(engine: Engine) -> None:
    """Run twice, the findings are not doubled; once "sorry" is the only banned phrase, the
    stored banned phrase is "sorry" and "company policy" is no longer flagged."""
    interaction_id = _mrs_thomas(engine)
    finding = table_of(TranscriptFinding)
    with engine.begin() as connection:
        analyse_after_write(connection, interaction_ids=[interaction_id])
        total = connection.execute(select(func.count()).select_from(finding)).scalar()
    assert total == 6  # 2 complaints, apology, banned phrase, address, name error
    with engine.begin() as connection:
        connection.execute(table_of(Phrase).insert().values(list_name="banned", phrase="sorry"))
        analyse_after_write(connection, interaction_ids=[interaction_id])
    banned = _findings(engine, interaction_id)["banned_phrase"]
    assert [AGENT_SAID[start:end] for _, start, end, _ in banned] == ["sorry"]


def test_an_interaction_without_messages_keeps_its_topic_theme_and_no_flags(
    engine: Engine,
) -> None:
    """A phone call with no transcript: its topic is still a theme, but no flags row."""
    Feedback(engine).add(
        team="Orders",
        customer="Ann",
        created_at=datetime(2026, 10, 5, 9, tzinfo=UTC),
        topic="Billing errors",
        channel="phone",
    )
    with engine.connect() as connection:
        themes = connection.execute(select(table_of(InteractionTheme).c.theme)).scalars().all()
        texts = connection.execute(
            select(func.count()).select_from(table_of(InteractionText))
        ).scalar()
    assert (themes, texts) == (["billing error"], 0)
