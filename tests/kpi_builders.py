"""Tiny, hand-checkable datasets for the KPI tests, written through the ORM.

``Desk`` adds teams, people, interactions, promises and reviews with readable arguments
(seconds after creation, not timestamps) and, on ``save()``, commits them and refreshes the
summary cells of the days it touched, as every real writer does.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from data_sources.aggregates import refresh_after_write
from data_sources.models import Interaction, Person, Promise, PublicReview, QaReview, Team

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday, 00:00 UTC
_numbers = itertools.count(1)


def at(days: float = 0, seconds: float = 0) -> datetime:
    return MONDAY + timedelta(days=days, seconds=seconds)


class Desk:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.session = Session(engine, expire_on_commit=False)
        self.days: set[date] = set()
        self.teams: dict[str, Team] = {}
        self.people: dict[str, Person] = {}

    def team(self, name: str, *, leader: str | None = None) -> Team:
        team = Team(name=name)
        self.session.add(team)
        self.session.flush()
        self.teams[name] = team
        if leader:
            person = self.person(leader, team=name, role="leader")
            team.leader_id = person.id
            self.session.flush()
        return team

    def person(self, name: str, *, team: str, role: str = "agent") -> Person:
        person = Person(key=name.lower(), name=name, role=role, team_id=self.teams[team].id)
        self.session.add(person)
        self.session.flush()
        self.people[name] = person
        return person

    def interaction(
        self,
        *,
        created: datetime,
        channel: str = "email",
        team: str = "Billing",
        agent: str | None = None,
        answered_after: float | None = None,
        resolved_after: float | None = None,
        escalated: bool = False,
        escalated_to: str | None = None,
        escalated_after: float | None = None,
        picked_up_after: float | None = None,
        transfers: int = 0,
        reopens: int = 0,
        csat: int | None = None,
    ) -> Interaction:
        def later(seconds: float | None) -> datetime | None:
            return None if seconds is None else created + timedelta(seconds=seconds)

        row = Interaction(
            source="test",
            external_id=f"i{next(_numbers)}",
            channel=channel,
            created_at=created,
            team_id=self.teams[team].id,
            agent_id=self.people[agent].id if agent else None,
            first_response_at=later(answered_after),
            resolved_at=later(resolved_after),
            escalated=escalated,
            escalated_to_id=self.people[escalated_to].id if escalated_to else None,
            escalated_at=later(escalated_after),
            escalation_picked_up_at=later(picked_up_after),
            transfers=transfers,
            reopens=reopens,
            csat=csat,
        )
        self.session.add(row)
        self.session.flush()
        self.days.add(created.astimezone(UTC).date())
        return row

    def promise(
        self,
        interaction: Interaction,
        *,
        due: datetime,
        kept: datetime | None = None,
        told: datetime | None = None,
    ) -> Promise:
        row = Promise(
            interaction_id=interaction.id,
            external_id=f"p{next(_numbers)}",
            made_at=interaction.created_at,
            due_at=due,
            kept_at=kept,
            customer_updated_at=told,
        )
        self.session.add(row)
        self.days.add(interaction.created_at.astimezone(UTC).date())
        return row

    def review(
        self,
        interaction: Interaction,
        *,
        score: float | None,
        reviewer: str,
        kind: str = "qa",
        calibration: bool = False,
        reviewed: datetime | None = None,
    ) -> QaReview:
        row = QaReview(
            interaction_id=interaction.id,
            reviewer_id=self.people[reviewer].id,
            reviewed_at=reviewed
            or interaction.created_at + timedelta(days=1, seconds=next(_numbers)),
            kind=kind,
            score=score,
            calibration=calibration,
        )
        self.session.add(row)
        self.days.add(interaction.created_at.astimezone(UTC).date())
        return row

    def public_review(self, *, published: datetime, rating: int, team: str | None) -> None:
        self.session.add(
            PublicReview(
                source="test",
                external_id=f"r{next(_numbers)}",
                platform="Trustpilot",
                published_at=published,
                rating=rating,
                team_id=self.teams[team].id if team else None,
            )
        )

    def save(self) -> None:
        """Commit and refresh the touched days' cells in the same transaction."""
        self.session.flush()
        refresh_after_write(self.session.connection(), days=self.days)
        self.session.commit()
        self.days = set()
