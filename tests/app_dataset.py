"""A small organisation the app tests can check by hand (not the demo generator).

Three teams. October 2026 (the default window: the 30 days ending on the newest interaction,
2026-10-30): Billing 3, Returns 5, Delivery 2 — 10 interactions. September: Billing 2 more,
so the previous 30 days (2026-08-31 .. 2026-09-29) hold 2. One Delivery email of 2026-10-29 is
still unanswered and unresolved. One public review (4 stars, Billing) on 2026-10-20.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from data_sources.models import Interaction, Person, PublicReview, Team

TEAMS = ("Billing", "Returns", "Delivery")
# (team, agent, channel, created day, still open)
ROWS = (
    ("Billing", "Ann", "phone", datetime(2026, 9, 10, 9, tzinfo=UTC), False),
    ("Billing", "Ann", "email", datetime(2026, 9, 20, 9, tzinfo=UTC), False),
    ("Billing", "Ann", "phone", datetime(2026, 10, 5, 9, tzinfo=UTC), False),
    ("Billing", "Ann", "email", datetime(2026, 10, 12, 9, tzinfo=UTC), False),
    ("Billing", "Ann", "chat", datetime(2026, 10, 30, 9, tzinfo=UTC), False),
    ("Returns", "Bob", "chat", datetime(2026, 10, 6, 10, tzinfo=UTC), False),
    ("Returns", "Bob", "chat", datetime(2026, 10, 7, 10, tzinfo=UTC), False),
    ("Returns", "Bob", "chat", datetime(2026, 10, 14, 10, tzinfo=UTC), False),
    ("Returns", "Bea", "email", datetime(2026, 10, 21, 10, tzinfo=UTC), False),
    ("Returns", "Bea", "email", datetime(2026, 10, 28, 10, tzinfo=UTC), False),
    ("Delivery", "Cleo", "phone", datetime(2026, 10, 8, 11, tzinfo=UTC), False),
    ("Delivery", "Cleo", "email", datetime(2026, 10, 29, 11, tzinfo=UTC), True),
)


def fill(engine: Engine) -> dict[str, int]:
    """Insert the organisation; returns each team's id by name."""
    with Session(engine) as session:
        teams = {name: Team(name=name) for name in TEAMS}
        session.add_all(teams.values())
        session.flush()
        people: dict[str, Person] = {}
        for team_name, agent, *_ in ROWS:
            if agent not in people:
                people[agent] = Person(key=agent.lower(), name=agent, team_id=teams[team_name].id)
        session.add_all(people.values())
        session.flush()
        for number, (team_name, agent, channel, created, still_open) in enumerate(ROWS, 1):
            session.add(
                Interaction(
                    source="test",
                    external_id=f"i{number}",
                    channel=channel,
                    created_at=created,
                    team_id=teams[team_name].id,
                    agent_id=people[agent].id,
                    topic=f"question {number}",
                    first_response_at=None if still_open else created + timedelta(minutes=5),
                    resolved_at=None if still_open else created + timedelta(hours=2),
                    status="open" if still_open else "resolved",
                )
            )
        session.add(
            PublicReview(
                source="test",
                external_id="r1",
                platform="Trustpilot",
                published_at=datetime(2026, 10, 20, 12, tzinfo=UTC),
                rating=4,
                team_id=teams["Billing"].id,
                text="Quick refund, thank you",
            )
        )
        session.commit()
        return {name: team.id for name, team in teams.items() if team.id is not None}
