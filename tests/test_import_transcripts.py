"""An import stores what the transcripts say, in the same transaction as the rows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.importing.pipeline import import_file
from data_sources.models import Interaction, InteractionText, TranscriptFinding

INTERACTIONS = (
    "interaction_id,created_at,channel,team,agent,customer_id,customer_name,customer_title\n"
    """T-1,2026-03-02T09:00:00Z,email,Billing,Ann,C-1,Thomas,Mrs
T-2,2026-03-02T10:00:00Z,chat,Billing,Ann,C-2,Lopez,Mr
"""
)
MESSAGES = """interaction_id,sent_at,author_role,author,text
T-1,2026-03-02T09:00:00Z,customer,Thomas,My invoice is wrong again and I am fed up.
T-1,2026-03-02T09:30:00Z,agent,Ann,"Hello Mr Thomas, I'm sorry, but it's company policy."
T-2,2026-03-02T10:00:00Z,customer,Lopez,Can I change my billing address?
T-2,2026-03-02T10:01:00Z,agent,Ann,"Hello Mr Lopez, thank you for asking, it is done."
"""


def _import(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "interactions.csv").write_text(INTERACTIONS)
    (tmp_path / "messages.csv").write_text(MESSAGES)
    for name in ("interactions.csv", "messages.csv"):
        summary = import_file(engine, tmp_path / name)
        assert summary.quarantined == 0, summary


def _flags(engine: Engine) -> dict[str, InteractionText]:
    with Session(engine) as session:
        rows = session.exec(
            select(Interaction.external_id, InteractionText).join(
                InteractionText, InteractionText.interaction_id == Interaction.id
            )
        ).all()
    return {external_id: text for external_id, text in rows}


def test_imported_messages_are_analysed(engine: Engine, tmp_path: Path) -> None:
    """It flags Mrs Thomas greeted as "Mr Thomas" and "company policy", and Lopez's thanks."""
    _import(engine, tmp_path)
    flags = _flags(engine)
    assert set(flags) == {"T-1", "T-2"}
    thomas, lopez = flags["T-1"], flags["T-2"]
    assert thomas.customer_complained and thomas.agent_apologised
    assert thomas.banned_phrase and thomas.name_error
    assert not lopez.banned_phrase and not lopez.name_error
    assert lopez.agent_thanked and lopez.addressed_by_name
    with Session(engine) as session:
        checks = set(session.exec(select(TranscriptFinding.check)).all())
    assert {"banned_phrase", "name_error"} <= checks


def test_importing_the_same_files_again_keeps_one_analysis(engine: Engine, tmp_path: Path) -> None:
    """It replaces, never duplicates, the stored findings when the same files come again."""
    _import(engine, tmp_path)
    with Session(engine) as session:
        first = len(session.exec(select(TranscriptFinding)).all())
    _import(engine, tmp_path)
    with Session(engine) as session:
        again = len(session.exec(select(TranscriptFinding)).all())
    assert first > 0
    assert again == first
