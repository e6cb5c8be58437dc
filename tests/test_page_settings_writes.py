"""The settings writers refuse what would lose or confuse data, and log what they change."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from data_sources import audit
from data_sources.models import Phrase, Scorecard, Team
from data_sources.phrase_settings import add_phrase, phrase_lists, remove_phrase
from data_sources.scorecard_settings import create_scorecard, set_scorecard_active
from data_sources.setting_changes import InvalidSetting
from data_sources.team_settings import save_team


def test_removing_a_default_phrase_keeps_the_others(engine: Engine) -> None:
    """Removing "calm down" leaves the five other banned defaults stored as rows."""
    with Session(engine) as session:
        remove_phrase(session, None, "banned", "calm down")
        session.commit()
    with engine.connect() as connection:
        assert phrase_lists(connection).banned == (
            "not my job",
            "company policy",
            "nothing I can do",
            "you should have",
            "that's not our fault",
        )
        assert phrase_lists(connection).thanks[0] == "thank you"  # other lists untouched


def test_a_list_keeps_its_last_phrase(engine: Engine) -> None:
    """With "cheers" the only thanks left, removing it is refused and it stays."""
    with Session(engine) as session:
        session.add(Phrase(list_name="thanks", phrase="cheers"))
        session.commit()
        with pytest.raises(InvalidSetting, match="at least one phrase"):
            remove_phrase(session, None, "thanks", "cheers")
    with engine.connect() as connection:
        assert phrase_lists(connection).thanks == ("cheers",)


def test_an_empty_phrase_or_an_unknown_list_is_refused(engine: Engine) -> None:
    """Blank text and a list called "insults" are refused before anything is written."""
    with Session(engine) as session:
        with pytest.raises(InvalidSetting, match="Write the phrase"):
            add_phrase(session, None, "banned", "   ")
        with pytest.raises(InvalidSetting, match="Unknown phrase list 'insults'"):
            add_phrase(session, None, "insults", "idiot")
        assert audit.recent(session) == []


def test_a_scorecard_switched_off_is_logged(engine: Engine) -> None:
    """ "Chat" created then switched off reads inactive, with two settings events."""
    with Session(engine) as session:
        card_id = create_scorecard(session, None, "  Chat ")
        set_scorecard_active(session, None, card_id, False)
        session.commit()
        card = session.get(Scorecard, card_id)
        assert card is not None
        assert (card.name, card.active) == ("Chat", False)
        details = [audit.detail_of(e) for e in audit.recent(session, action="settings_changed")]
        assert details == [{"active": False}, {"created": "Chat"}]
        with pytest.raises(InvalidSetting, match="already called 'Chat'"):
            create_scorecard(session, None, "chat")


def test_a_team_cannot_take_another_teams_name(engine: Engine) -> None:
    """Renaming Returns to "billing" is refused while Billing exists; "Refunds" is stored."""
    with Session(engine) as session:
        billing, returns = Team(name="Billing"), Team(name="Returns")
        session.add_all([billing, returns])
        session.commit()
        assert returns.id is not None
        with pytest.raises(InvalidSetting, match="Another team is already called 'Billing'"):
            save_team(session, None, returns.id, name="billing", leader_id=None)
        save_team(session, None, returns.id, name="Refunds", leader_id=None)
        session.commit()
        session.refresh(returns)
        assert returns.name == "Refunds"
