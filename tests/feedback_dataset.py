"""Hand-made interactions for the transcript storage and the three-times rule.

``Feedback.add`` writes one interaction (with its customer and messages) and runs the stored
analysis on it, as a writer would; every test builds exactly the rows it counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from data_sources.models import Customer, Interaction, Message, Person, Team
from data_sources.transcript_analysis import analyse_after_write


@dataclass
class Feedback:
    engine: Engine
    teams: dict[str, int] = field(default_factory=dict)
    agents: dict[str, int] = field(default_factory=dict)
    customers: dict[str, int] = field(default_factory=dict)

    def team(self, name: str) -> int:
        if name not in self.teams:
            with Session(self.engine) as session:
                team = Team(name=name)
                session.add(team)
                session.flush()
                agent = Person(key=f"agent-{name}", name=f"Agent of {name}", team_id=team.id)
                session.add(agent)
                session.commit()
                self.teams[name], self.agents[name] = int(team.id or 0), int(agent.id or 0)
        return self.teams[name]

    def customer(self, name: str, title: str | None = None) -> int:
        if name not in self.customers:
            with Session(self.engine) as session:
                row = Customer(source="test", external_id=name, name=name, title=title)
                session.add(row)
                session.commit()
                self.customers[name] = int(row.id or 0)
        return self.customers[name]

    def add(
        self,
        *,
        team: str,
        customer: str,
        created_at: datetime,
        topic: str | None = None,
        said: tuple[tuple[str, str], ...] = (),
        channel: str = "email",
        title: str | None = None,
        csat: int | None = None,
        comment: str | None = None,
    ) -> int:
        """One interaction, analysed and stored; returns its id."""
        team_id, customer_id = self.team(team), self.customer(customer, title)
        with Session(self.engine) as session:
            row = Interaction(
                source="test",
                external_id=f"i{created_at.isoformat()}-{customer}-{topic}",
                channel=channel,
                created_at=created_at,
                team_id=team_id,
                agent_id=self.agents[team],
                customer_id=customer_id,
                topic=topic,
                csat=csat,
                csat_comment=comment,
            )
            session.add(row)
            session.flush()
            interaction_id = int(row.id or 0)
            for position, (role, text) in enumerate(said):
                session.add(
                    Message(
                        interaction_id=interaction_id,
                        position=position,
                        sent_at=created_at + timedelta(minutes=position),
                        author_role=role,
                        text=text,
                    )
                )
            session.commit()
        with self.engine.begin() as connection:
            analyse_after_write(connection, interaction_ids=[interaction_id])
        return interaction_id
