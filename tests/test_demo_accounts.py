"""The demo gets one account per role, tied to the demo's own people.

The organisation here is shaped as ``data_sources/demo/`` writes it: people with
``Person.role`` ceo, manager, qa, leader and agent, keys starting ``demo:``, and each team's
leader in ``Team.leader_id``.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.access import scope_for, viewer_of
from data_sources.accounts import AccountError, find_account
from data_sources.demo_accounts import DEMO_PASSWORDS, create_demo_accounts
from data_sources.models import Account, Person, Team
from data_sources.sign_in import authenticate
from tests.access_builders import NOW


def _demo_organisation(session: Session) -> dict[str, int]:
    session.add_all([Team(name="Billing"), Team(name="Returns")])
    session.flush()
    teams = {t.name: t.id for t in session.exec(select(Team))}
    staff = [
        ("demo:ceo-001", "Amira Adams", "ceo", None),
        ("demo:manager-002", "Ben Baker", "manager", None),
        ("demo:qa-003", "Chloe Costa", "qa", None),
        ("demo:leader-004", "Daniel Dubois", "leader", "Billing"),
        ("demo:agent-005", "Elena Evans", "agent", "Billing"),
        ("demo:leader-006", "Farid Fischer", "leader", "Returns"),
        ("demo:agent-007", "Grace Garcia", "agent", "Returns"),
    ]
    for key, name, role, team in staff:
        session.add(Person(key=key, name=name, role=role, team_id=teams.get(team or "")))
    session.flush()
    people = {p.key: p.id or 0 for p in session.exec(select(Person))}
    for team, leader in (("Billing", "demo:leader-004"), ("Returns", "demo:leader-006")):
        led = session.exec(select(Team).where(Team.name == team)).one()
        led.leader_id = people[leader]
    session.flush()
    return people


def test_one_account_per_role_tied_to_the_demo_people(engine: Engine) -> None:
    """It gives the CEO, Billing's leader, the first QA and Billing's first agent an account."""
    with Session(engine) as session:
        people = _demo_organisation(session)
        created = create_demo_accounts(session, now=NOW)
        session.commit()
        tied = {a.role: a.person_id for a in session.exec(select(Account))}
    assert [(email, role) for email, role, _ in created] == [
        ("ceo@demo.service-pulse.example", "ceo"),
        ("leader@demo.service-pulse.example", "leader"),
        ("qa@demo.service-pulse.example", "qa"),
        ("agent@demo.service-pulse.example", "agent"),
    ]
    assert tied == {
        "ceo": people["demo:ceo-001"],
        "leader": people["demo:leader-004"],
        "qa": people["demo:qa-003"],
        "agent": people["demo:agent-005"],
    }


def test_the_demo_passwords_sign_in_and_the_leader_sees_billing(engine: Engine) -> None:
    """It signs each account in with its documented password; the leader's scope is Billing."""
    with Session(engine) as session:
        _demo_organisation(session)
        for email, role, password in create_demo_accounts(session, now=NOW):
            assert password == DEMO_PASSWORDS[role]
            assert authenticate(session, email, password, now=NOW) is not None
        leader = find_account(session, "leader@demo.service-pulse.example")
        assert leader is not None
        billing = session.exec(select(Team.id).where(Team.name == "Billing")).one()
        assert scope_for(viewer_of(session, leader), session).team_ids == {billing}


def test_running_it_again_resets_the_accounts_instead_of_failing(engine: Engine) -> None:
    """It re-enables a disabled demo account and gives back its demo password."""
    with Session(engine) as session:
        _demo_organisation(session)
        create_demo_accounts(session, now=NOW)
        agent = find_account(session, "agent@demo.service-pulse.example")
        assert agent is not None
        agent.disabled, agent.password_hash = True, None
        assert len(create_demo_accounts(session, now=NOW)) == 4
        assert authenticate(session, agent.email, DEMO_PASSWORDS["agent"], now=NOW) is not None
        assert len(session.exec(select(Account)).all()) == 4


def test_removing_the_demo_people_removes_their_accounts(engine: Engine) -> None:
    """It deletes the accounts with the people, as ``pulse demo --replace`` removes them."""
    with Session(engine) as session:
        _demo_organisation(session)
        create_demo_accounts(session, now=NOW)
        session.commit()
        for team in session.exec(select(Team)):
            team.leader_id = None
        for person in session.exec(select(Person)):
            session.delete(person)
        session.commit()
        assert session.exec(select(Account)).all() == []


def test_an_empty_database_is_refused_with_a_hint(engine: Engine) -> None:
    """It says to run ``pulse demo`` first when no team has a leader."""
    with Session(engine) as session, pytest.raises(AccountError, match="pulse demo"):
        create_demo_accounts(session, now=NOW)
