"""Two teams, two agents each: a small organisation to check by hand who sees which rows.

Alpha is led by Lea, Bravo by Leo. Ada and Abe work in Alpha, Bea and Bob in Bravo. Quinn
reviews (QA, assigned Alpha), Cass is the CEO, Nora has an account that reaches no team.

Every agent handled three e-mails, all about "Late delivery" from a customer of their own
(so each agent's rows are named after them: external id ``Ada-1``, CSAT comment "Ada was
great", quote "Where is my parcel? (Ada 1)"):

- ``<agent>-1`` on 2026-11-10 09:00 UTC: answered after 5 min, resolved, CSAT 5 with the
  comment "<agent> was great"; Quinn's QA review of 80.
- ``<agent>-2`` on 2026-11-11 09:00: answered, unresolved, escalated to the team's leader at
  10:00 and not picked up.
- ``<agent>-3`` on 2026-11-12 09:00: unanswered, with an unkept promise due 2026-11-20 18:00
  (within 24 h of ``AS_OF``, 2026-11-20 12:00).

So: 12 interactions, 6 per team, 3 per agent; the theme "delivery late" is raised by 12
distinct customers (6 per team, 3 per agent). Public reviews (2026-11-11): "Alpha was quick"
(Alpha, 5 stars), "Bravo was slow" (Bravo, 2 stars), "Nobody answered" (no team, 1 star).
One import run ``orders.csv`` with one quarantined row ("bad date"). One scorecard, "Basics",
of one category "Greeting" (1 to 5).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources.access import Viewer, scope_for, viewer_of
from data_sources.accounts import add_account
from data_sources.aggregates import refresh_everything
from data_sources.engine import make_engine
from data_sources.models import (
    Customer,
    ImportRun,
    Interaction,
    Message,
    Person,
    Promise,
    PublicReview,
    QaReview,
    QuarantinedRow,
    Scorecard,
    ScorecardCategory,
    Team,
)
from data_sources.scope import Scope
from data_sources.transcript_analysis import analyse_after_write
from kpis.window import Window

AS_OF = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
WINDOW = Window.of_days(date(2026, 11, 1), date(2026, 11, 20))
TEAM_OF = {"Ada": "Alpha", "Abe": "Alpha", "Bea": "Bravo", "Bob": "Bravo"}
LEADER_OF = {"Alpha": "Lea", "Bravo": "Leo"}
AGENTS = tuple(TEAM_OF)
DAY_ONE = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
REVIEWS = (
    ("Alpha was quick", "Alpha", 5),
    ("Bravo was slow", "Bravo", 2),
    ("Nobody answered", None, 1),
)

# The viewers of every test: name -> (person, account role, teams granted to the account).
VIEWERS = {
    "ceo": ("Cass", "ceo", ()),
    "leader A": ("Lea", "leader", ()),
    "leader B": ("Leo", "leader", ()),
    "qa of A": ("Quinn", "qa", ("Alpha",)),
    "agent Ada": ("Ada", "agent", ()),
    "no access": ("Nora", "leader", ()),  # a leader who leads no team and was granted none
}
# What each viewer must see: the agents whose rows reach them, the teams they see whole.
SEES_AGENTS = {
    "ceo": ["Abe", "Ada", "Bea", "Bob"],
    "leader A": ["Abe", "Ada"],
    "leader B": ["Bea", "Bob"],
    "qa of A": ["Abe", "Ada"],
    "agent Ada": ["Ada"],
    "no access": [],
}
SEES_TEAMS = {
    "ceo": ["Alpha", "Bravo"],
    "leader A": ["Alpha"],
    "leader B": ["Bravo"],
    "qa of A": ["Alpha"],
    "agent Ada": [],
    "no access": [],
}


@dataclass
class Org:
    engine: Engine
    teams: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    interactions: dict[str, int] = field(default_factory=dict)  # "Ada-1" -> id
    viewers: dict[str, Viewer] = field(default_factory=dict)

    def scope(self, viewer: str) -> Scope:
        """The viewer's scope, read from the database as the app reads it on every run."""
        with Session(self.engine) as session:
            return scope_for(self.viewers[viewer], session)

    def scopes(self) -> dict[str, Scope]:
        return {name: self.scope(name) for name in VIEWERS}

    def names(self, ids: object) -> list[str]:
        """The external ids (``Ada-1`` …) of interaction ids, sorted."""
        by_id = {number: name for name, number in self.interactions.items()}
        return sorted(by_id[int(i)] for i in ids)  # type: ignore[attr-defined]


def own_rows(agents: list[str], numbers: tuple[int, ...] = (1, 2, 3)) -> list[str]:
    """The external ids of ``agents``' interactions numbered ``numbers``, sorted."""
    return sorted(f"{agent}-{n}" for agent in agents for n in numbers)


def build(engine: Engine) -> Org:
    org = Org(engine)
    with Session(engine) as session:
        for name in ("Alpha", "Bravo"):
            session.add(Team(name=name))
        session.flush()
        org.teams = {t.name: t.id or 0 for t in session.exec(select(Team))}
        staff = [(agent, "agent", team) for agent, team in TEAM_OF.items()]
        staff += [("Lea", "leader", "Alpha"), ("Leo", "leader", "Bravo")]
        staff += [("Quinn", "qa", None), ("Cass", "ceo", None), ("Nora", "leader", None)]
        for name, role, team in staff:
            session.add(
                Person(
                    key=name.lower(),
                    name=name,
                    role=role,
                    team_id=org.teams[team] if team else None,
                )
            )
        session.flush()
        org.people = {p.name: p.id or 0 for p in session.exec(select(Person))}
        for team, leader in LEADER_OF.items():
            row = session.get(Team, org.teams[team])
            assert row is not None
            row.leader_id = org.people[leader]
        for agent, team in TEAM_OF.items():
            for n in (1, 2, 3):
                _interaction(session, org, agent, team, n)
        for text, team, rating in REVIEWS:
            session.add(
                PublicReview(
                    source="test",
                    external_id=text,
                    platform="Trustpilot",
                    published_at=datetime(2026, 11, 11, 12, tzinfo=UTC),
                    rating=rating,
                    team_id=org.teams[team] if team else None,
                    text=text,
                )
            )
        run = ImportRun(file_name="orders.csv", source="test", format="native", started_at=DAY_ONE)
        session.add(run)
        session.flush()
        session.add(
            QuarantinedRow(
                import_run_id=run.id or 0, file_name="orders.csv", line=2, reason="bad date"
            )
        )
        card = Scorecard(name="Basics")
        session.add(card)
        session.flush()
        session.add(ScorecardCategory(scorecard_id=card.id or 0, name="Greeting"))
        for label, (person, role, teams) in VIEWERS.items():
            account = add_account(
                session,
                email=f"{person.lower()}@org.example",
                name=person,
                role=role,
                now=DAY_ONE,
                teams=teams,
                person_key=person.lower(),
            )
            org.viewers[label] = viewer_of(session, account)
        session.commit()
    with engine.begin() as connection:
        analyse_after_write(connection, interaction_ids=sorted(org.interactions.values()))
        refresh_everything(connection)
    return org


def _interaction(session: Session, org: Org, agent: str, team: str, n: int) -> None:
    created = DAY_ONE + timedelta(days=n - 1)
    name = f"{agent}-{n}"
    customer = Customer(source="test", external_id=f"customer of {name}", name=f"Client {name}")
    session.add(customer)
    session.flush()
    answered = n in (1, 2)
    row = Interaction(
        source="test",
        external_id=name,
        channel="email",
        created_at=created,
        team_id=org.teams[team],
        agent_id=org.people[agent],
        customer_id=customer.id,
        topic="Late delivery",
        first_response_at=created + timedelta(minutes=5) if answered else None,
        resolved_at=created + timedelta(hours=2) if n == 1 else None,
        status="resolved" if n == 1 else "open",
        escalated=n == 2,
        escalated_to_id=org.people[LEADER_OF[team]] if n == 2 else None,
        escalated_at=created + timedelta(hours=1) if n == 2 else None,
        csat=5 if n == 1 else None,
        csat_comment=f"{agent} was great" if n == 1 else None,
    )
    session.add(row)
    session.flush()
    org.interactions[name] = row.id or 0
    session.add(
        Message(
            interaction_id=row.id or 0,
            position=0,
            sent_at=created,
            author_role="customer",
            text=f"Where is my parcel? ({agent} {n})",
        )
    )
    if n == 1:
        session.add(
            QaReview(
                interaction_id=row.id or 0,
                reviewer_id=org.people["Quinn"],
                reviewed_at=created + timedelta(days=1),
                score=80.0,
            )
        )
    if n == 3:
        session.add(
            Promise(
                interaction_id=row.id or 0,
                external_id=f"promise of {name}",
                made_at=created,
                due_at=AS_OF + timedelta(hours=6),
                description=f"{agent} calls back",
            )
        )


@pytest.fixture(scope="module", name="org")
def built_once(module_database_url: str) -> Iterator[Org]:
    """The organisation built once per database for a module whose tests only read it (import
    this into the module; it is the module's ``org`` fixture)."""
    engine = make_engine(module_database_url)
    yield build(engine)
    engine.dispose()
