"""Each role sees what issue 7 says, read afresh from the database on every call.

The office (tests/access_builders.py): Lena leads Billing and Shipping, Omar leads Returns;
Ana (Billing) handled "Ana 1" and "Ana 2", Ben (Returns) "Ben 1", Cleo (Shipping) "Cleo 1",
and "Billing unassigned" has no agent.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.access import can_open_interaction, can_review, scope_for
from data_sources.account_changes import grant_teams, set_disabled, set_role, withdraw_teams
from data_sources.models import Account, Interaction, Person, Team
from data_sources.scope import Scope
from tests.access_builders import NOW, build_office

ALL_FIVE = ["Ana 1", "Ana 2", "Ben 1", "Billing unassigned", "Cleo 1"]


def _scope(engine: Engine, viewer: object) -> Scope:
    with Session(engine) as session:
        return scope_for(viewer, session)  # type: ignore[arg-type]


def _interaction(engine: Engine, name: str) -> Interaction:
    with Session(engine) as session:
        found = session.exec(select(Interaction).where(Interaction.external_id == name)).one()
        session.expunge(found)
        return found


def test_the_ceo_sees_every_interaction(engine: Engine) -> None:
    """It lets the CEO read all five interactions of the three teams."""
    office = build_office(engine)
    carla = office.account("Carla", "ceo")
    assert office.visible(_scope(engine, carla)) == ALL_FIVE


def test_two_leaders_of_different_teams_see_disjoint_teams(engine: Engine) -> None:
    """It gives Lena Billing and Shipping (4 interactions) and Omar Returns (1), no overlap."""
    office = build_office(engine)
    lena = _scope(engine, office.account("Lena", "leader"))
    omar = _scope(engine, office.account("Omar", "leader"))
    assert lena.team_ids == {office.teams["Billing"], office.teams["Shipping"]}
    assert omar.team_ids == {office.teams["Returns"]}
    assert office.visible(lena) == ["Ana 1", "Ana 2", "Billing unassigned", "Cleo 1"]
    assert office.visible(omar) == ["Ben 1"]


def test_a_leader_granted_a_second_team_sees_both(engine: Engine) -> None:
    """It adds Shipping to Omar, who leads Returns, when Shipping is granted to his account."""
    office = build_office(engine)
    omar = office.account("Omar", "leader", teams=("Shipping",))
    assert office.visible(_scope(engine, omar)) == ["Ben 1", "Cleo 1"]


def test_qa_without_assignment_sees_all_and_with_one_sees_one(engine: Engine) -> None:
    """It lets an unassigned QA reviewer read all five, and one assigned Returns only Ben's."""
    office = build_office(engine)
    quinn = office.account("Quinn", "qa")
    assert office.visible(_scope(engine, quinn)) == ALL_FIVE
    with Session(engine) as session:
        grant_teams(session, quinn.email, ["Returns"])
        session.commit()
    assert office.visible(_scope(engine, quinn)) == ["Ben 1"]


def test_an_agent_sees_only_their_own_interactions(engine: Engine) -> None:
    """It shows Ana her two interactions, not the unassigned one, and no team as a whole."""
    office = build_office(engine)
    ana = _scope(engine, office.account("Ana", "agent"))
    assert office.visible(ana) == ["Ana 1", "Ana 2"]
    assert not ana.allows(office.teams["Billing"])
    with Session(engine) as session:
        teams = session.exec(select(Team.name).where(ana.where(Team.id))).all()
    assert teams == []


def test_an_agent_who_moved_team_keeps_their_own_history(engine: Engine) -> None:
    """It still shows Ana her two Billing interactions after she moves to Returns."""
    office = build_office(engine)
    ana = office.account("Ana", "agent")
    with Session(engine) as session:
        person = session.get(Person, office.people["Ana"])
        assert person is not None
        person.team_id = office.teams["Returns"]
        session.commit()
    assert office.visible(_scope(engine, ana)) == ["Ana 1", "Ana 2"]


def test_a_disabled_account_sees_nothing(engine: Engine) -> None:
    """It denies a disabled CEO every interaction on the next call."""
    office = build_office(engine)
    carla = office.account("Carla", "ceo")
    with Session(engine) as session:
        set_disabled(session, carla.email, disabled=True, now=NOW)
        session.commit()
    assert _scope(engine, carla) == Scope.nothing()
    assert office.visible(_scope(engine, carla)) == []


def test_a_leader_of_no_team_and_an_unknown_role_see_nothing(engine: Engine) -> None:
    """It denies by default: a leader leading nothing, and a role the code does not know."""
    office = build_office(engine)
    cleo = office.account("Cleo", "leader")  # Cleo leads no team
    assert office.visible(_scope(engine, cleo)) == []
    with Session(engine) as session:
        account = session.get(Account, cleo.account_id)
        assert account is not None
        account.role = "manager"
        session.commit()
    assert _scope(engine, cleo) == Scope.nothing()


def test_changing_a_role_takes_effect_on_the_next_call(engine: Engine) -> None:
    """It narrows Lena from her two teams to her own interactions (none) once she is an agent."""
    office = build_office(engine)
    lena = office.account("Lena", "leader")
    assert len(office.visible(_scope(engine, lena))) == 4
    with Session(engine) as session:
        set_role(session, lena.email, "agent")
        session.commit()
    assert _scope(engine, lena) == Scope.of_agent(office.people["Lena"])
    assert office.visible(_scope(engine, lena)) == []


def test_withdrawing_a_team_takes_effect_on_the_next_call(engine: Engine) -> None:
    """It removes Shipping from Omar's scope once the grant is withdrawn."""
    office = build_office(engine)
    omar = office.account("Omar", "leader", teams=("Shipping",))
    with Session(engine) as session:
        withdraw_teams(session, omar.email, ["Shipping"])
        session.commit()
    assert office.visible(_scope(engine, omar)) == ["Ben 1"]


def test_a_deep_link_opens_only_interactions_in_scope(engine: Engine) -> None:
    """It lets Omar open Ben's interaction but not Ana's, and Ana her own but not Ben's."""
    office = build_office(engine)
    omar = _scope(engine, office.account("Omar", "leader"))
    ana = _scope(engine, office.account("Ana", "agent"))
    ana_1, ben_1 = _interaction(engine, "Ana 1"), _interaction(engine, "Ben 1")
    assert can_open_interaction(omar, ben_1)
    assert not can_open_interaction(omar, ana_1)
    assert can_open_interaction(ana, ana_1)
    assert not can_open_interaction(ana, ben_1)


def test_reviews_are_saved_by_qa_and_leaders_on_their_teams_only(engine: Engine) -> None:
    """It lets QA and Lena review Ana's work, not Omar, not Ana herself, and not Lena her own."""
    office = build_office(engine)
    quinn, lena = office.account("Quinn", "qa"), office.account("Lena", "leader")
    omar, ana = office.account("Omar", "leader"), office.account("Ana", "agent")
    ana_1 = _interaction(engine, "Ana 1")
    assert can_review(quinn, _scope(engine, quinn), ana_1)
    assert can_review(lena, _scope(engine, lena), ana_1)
    assert not can_review(omar, _scope(engine, omar), ana_1)
    assert not can_review(ana, _scope(engine, ana), ana_1)
    lenas_own = ana_1.model_copy(update={"agent_id": office.people["Lena"]})
    assert not can_review(lena, _scope(engine, lena), lenas_own)


def test_a_scope_of_teams_and_agents_sees_either(engine: Engine) -> None:
    """It lets a scope of Returns plus Ana read Ben's interaction and Ana's two, nothing else."""
    office = build_office(engine)
    scope = Scope(
        team_ids=frozenset({office.teams["Returns"]}),
        agent_ids=frozenset({office.people["Ana"]}),
    )
    assert office.visible(scope) == ["Ana 1", "Ana 2", "Ben 1"]


def test_scopes_of_different_agents_are_different_cache_keys() -> None:
    """It keeps agent 3's scope unequal to agent 4's and to nothing, and equal to itself."""
    assert Scope.of_agent(3) == Scope.of_agent(3)
    assert hash(Scope.of_agent(3)) == hash(Scope.of_agent(3))
    assert len({Scope.of_agent(3), Scope.of_agent(4), Scope.nothing()}) == 3
    assert not Scope.of_agent(3).sees_nothing and Scope.nothing().sees_nothing
