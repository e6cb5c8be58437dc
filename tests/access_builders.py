"""A small office to test who sees what, small enough to check by hand.

Teams: Billing and Shipping (led by Lena), Returns (led by Omar).
Agents: Ana (Billing), Ben (Returns), Cleo (Shipping). Also Quinn (QA) and Carla (CEO).
Interactions: Billing 3 (Ana 2, nobody 1), Returns 1 (Ben), Shipping 1 (Cleo): 5 in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from data_sources.access import Viewer, viewer_of
from data_sources.accounts import add_account
from data_sources.models import Interaction, Person, Team
from data_sources.scope import Scope

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Office:
    engine: Engine
    teams: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    interactions: dict[str, int] = field(default_factory=dict)  # "Ana 1" -> id

    def account(self, name: str, role: str, *, teams: tuple[str, ...] = ()) -> Viewer:
        """An account (without a password) for the person called ``name``."""
        with Session(self.engine) as session:
            person = session.get(Person, self.people[name])
            assert person is not None
            account = add_account(
                session,
                email=f"{name.lower()}@office.example",
                name=name,
                role=role,
                now=NOW,
                teams=teams,
                person_key=person.key,
            )
            viewer = viewer_of(session, account)
            session.commit()
        return viewer

    def visible(self, scope: Scope) -> list[str]:
        """The names of the interactions ``scope`` lets through, by name."""
        names = {number: name for name, number in self.interactions.items()}
        with Session(self.engine) as session:
            ids = session.exec(
                select(Interaction.id).where(
                    scope.where_interaction(Interaction.team_id, Interaction.agent_id)
                )
            )
            return sorted(names[i] for i in ids if i is not None)

    def count_interactions(self) -> int:
        with Session(self.engine) as session:
            return int(session.exec(select(func.count()).select_from(Interaction)).one())


def build_office(engine: Engine) -> Office:
    office = Office(engine)
    with Session(engine) as session:
        for team in ("Billing", "Returns", "Shipping"):
            session.add(Team(name=team))
        session.flush()
        teams = {t.name: t.id or 0 for t in session.exec(select(Team))}
        staff = (
            ("Carla", "ceo", None),
            ("Quinn", "qa", None),
            ("Lena", "leader", "Billing"),
            ("Omar", "leader", "Returns"),
            ("Ana", "agent", "Billing"),
            ("Ben", "agent", "Returns"),
            ("Cleo", "agent", "Shipping"),
        )
        for name, role, team in staff:
            session.add(
                Person(key=name.lower(), name=name, role=role, team_id=teams.get(team or ""))
            )
        session.flush()
        people = {p.name: p.id or 0 for p in session.exec(select(Person))}
        for team, leader in (("Billing", "Lena"), ("Shipping", "Lena"), ("Returns", "Omar")):
            led = session.get(Team, teams[team])
            assert led is not None
            led.leader_id = people[leader]
        work = (
            ("Ana 1", "Billing", "Ana"),
            ("Ana 2", "Billing", "Ana"),
            ("Billing unassigned", "Billing", None),
            ("Ben 1", "Returns", "Ben"),
            ("Cleo 1", "Shipping", "Cleo"),
        )
        rows = [
            Interaction(
                source="test",
                external_id=name,
                channel="email",
                created_at=NOW - timedelta(hours=n + 1),
                team_id=teams[team],
                agent_id=people[agent] if agent else None,
            )
            for n, (name, team, agent) in enumerate(work)
        ]
        session.add_all(rows)
        session.commit()
        office.teams, office.people = teams, people
        office.interactions = {row.external_id: row.id or 0 for row in rows}
    return office
