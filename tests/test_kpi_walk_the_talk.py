"""Walking the talk: a team leader's own figures beside the team's (``design/kpis.md``)."""

from __future__ import annotations

from sqlalchemy import Engine

from data_sources.leaders import walk_the_talk
from data_sources.scope import Scope
from kpis.window import Window
from tests.kpi_builders import Desk, at

HOUR = 3600


def test_leader_figures_beside_the_team(engine: Engine) -> None:
    """Lena leads Billing: three escalations sent to her (picked up in 1 h and 3 h, one resolved
    4 h after escalation, one waiting), one QA review and two coaching notes written, and one
    interaction of her own next to the team's four."""
    desk = Desk(engine)
    desk.team("Billing", leader="Lena")
    desk.team("Returns")
    desk.person("Ada", team="Billing")
    common = {"agent": "Ada", "escalated": True, "escalated_to": "Lena", "escalated_after": 0}
    first = desk.interaction(created=at(1), picked_up_after=HOUR, resolved_after=4 * HOUR, **common)
    desk.interaction(created=at(2), picked_up_after=3 * HOUR, **common)
    desk.interaction(created=at(3), **common)
    desk.interaction(created=at(3), agent="Lena", answered_after=60, csat=5)
    desk.review(first, score=90, reviewer="Lena", reviewed=at(4))
    desk.review(first, score=None, reviewer="Lena", kind="coaching", reviewed=at(4, 1))
    desk.review(first, score=None, reviewer="Lena", kind="coaching", reviewed=at(5))
    desk.review(first, score=70, reviewer="Lena", reviewed=at(9))  # outside the window
    desk.save()
    with engine.connect() as connection:
        result = walk_the_talk(
            connection, window=Window(at(0), at(7)), as_of=at(8), scope=Scope.everything()
        )
    (lena,) = result.leaders.to_dict("records")
    assert (lena["team"], lena["leader"]) == ("Billing", "Lena")
    assert lena["escalations_received"] == 3
    assert lena["escalations_picked_up"] == 2
    assert lena["escalations_resolved"] == 1
    assert lena["escalation_pickup_median"] == 2 * HOUR
    assert lena["escalation_resolution_median"] == 4 * HOUR
    assert (lena["reviews_written"], lena["coaching_notes_written"]) == (1, 2)
    rows = result.kpis.set_index("whose")
    assert rows.loc["team", "volume"] == 4
    assert rows.loc["leader", "volume"] == 1
    assert rows.loc["leader", "csat_avg"] == 5


def test_scope_hides_other_teams_leaders(engine: Engine) -> None:
    """A viewer of Returns does not see Billing's leader."""
    desk = Desk(engine)
    desk.team("Billing", leader="Lena")
    returns = desk.team("Returns", leader="Rui")
    desk.save()
    with engine.connect() as connection:
        result = walk_the_talk(
            connection,
            window=Window(at(0), at(7)),
            as_of=at(8),
            scope=Scope.of_teams([returns.id or 0]),
        )
    assert result.leaders["leader"].tolist() == ["Rui"]


def test_the_team_and_channel_filters_narrow_every_figure(engine: Engine) -> None:
    """Chat only, Billing only: Lena's two chat escalations (not the email one), her review of
    a chat (not her coaching note on the email), her own chat (not her call), Billing's three
    chats; Returns' row is gone."""
    desk = Desk(engine)
    billing = desk.team("Billing", leader="Lena")
    desk.team("Returns", leader="Rui")
    desk.person("Ada", team="Billing")
    common = {"agent": "Ada", "escalated": True, "escalated_to": "Lena", "escalated_after": 0}
    chat = desk.interaction(created=at(1), channel="chat", picked_up_after=HOUR, **common)
    desk.interaction(created=at(2), channel="chat", picked_up_after=3 * HOUR, **common)
    email = desk.interaction(created=at(2), channel="email", picked_up_after=9 * HOUR, **common)
    desk.interaction(created=at(3), channel="chat", agent="Lena", answered_after=30)
    desk.interaction(created=at(3), channel="phone", agent="Lena", answered_after=5)
    desk.review(chat, score=90, reviewer="Lena", reviewed=at(4))
    desk.review(email, score=None, reviewer="Lena", kind="coaching", reviewed=at(4))
    desk.save()
    with engine.connect() as connection:
        result = walk_the_talk(
            connection, window=Window(at(0), at(7)), as_of=at(8), scope=Scope.everything(),
            teams=[billing.id or 0], channels=["chat"],
        )  # fmt: skip
        whole = walk_the_talk(
            connection, window=Window(at(0), at(7)), as_of=at(8), scope=Scope.everything()
        )
    (lena,) = result.leaders.to_dict("records")
    assert lena["escalations_received"] == 2
    assert lena["escalation_pickup_median"] == 2 * HOUR
    assert (lena["reviews_written"], lena["coaching_notes_written"]) == (1, 0)
    rows = result.kpis.set_index("whose")
    assert (rows.loc["team", "volume"], rows.loc["leader", "volume"]) == (3, 1)
    assert whole.leaders["leader"].tolist() == ["Lena", "Rui"]
    (everything,) = whole.leaders[whole.leaders["leader"] == "Lena"].to_dict("records")
    assert everything["escalations_received"] == 3
    assert (everything["reviews_written"], everything["coaching_notes_written"]) == (1, 1)
