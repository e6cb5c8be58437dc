"""Five interactions whose flags can be checked by hand, a scorecard and two reviewers.

October 2026, default window 30 days ending 2026-10-29 (the newest interaction):

1. Billing, Ann, email: answered in 5 min, resolved, CSAT 5; a 3-message transcript.
2. Billing, Ann, chat: answered after 120 s (target 60 s), so breached; escalated; CSAT 1.
3. Returns, Bob, email: escalated, transferred once; promise due 8 Oct kept 9 Oct (broken).
4. Returns, Bob, phone: answered in 10 s; reopened once; promise kept a day early.
5. Billing, Ann, email on 29 Oct: never answered (breached now); promise due 30 Oct unkept.

So: breached 2 (2, 5), broken promise 2 (3, 5), escalated 2 (2, 3), transferred 1 (3),
reopened 1 (4), low CSAT 1 (2). The "Standard" scorecard has Greeting and Solution (1-5,
weight 1 each) and Identity checked (0-1, critical). Quinn is QA, Lea leads Billing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from data_sources.models import (
    Customer,
    Interaction,
    Message,
    Person,
    Promise,
    Scorecard,
    ScorecardCategory,
    Team,
)

OCT = datetime(2026, 10, 1, tzinfo=UTC)
CUSTOMER_TEXT = "My invoice is **wrong** <b>twice</b> #help"


@dataclass
class Known:
    """Ids the tests refer to."""

    teams: dict[str, int]
    people: dict[str, int]
    interactions: list[int]  # interaction n is interactions[n - 1]
    categories: dict[str, int]


def _day(day: int, hour: int = 9) -> datetime:
    return OCT + timedelta(days=day - 1, hours=hour)


def fill(engine: Engine) -> Known:
    with Session(engine) as session:
        teams = {name: Team(name=name) for name in ("Billing", "Returns")}
        session.add_all(teams.values())
        session.flush()
        people = {
            "Ann": Person(key="ann", name="Ann", team_id=teams["Billing"].id),
            "Bob": Person(key="bob", name="Bob", team_id=teams["Returns"].id),
            "Lea": Person(key="lea", name="Lea", role="leader", team_id=teams["Billing"].id),
            "Quinn": Person(key="quinn", name="Quinn", role="qa"),
        }
        customer = Customer(source="test", external_id="c1", name="Carla")
        session.add_all([*people.values(), customer])
        session.flush()
        ann, bob = people["Ann"].id, people["Bob"].id

        def made(n: int, **values: object) -> Interaction:
            row = Interaction(source="test", external_id=f"i{n}", customer_id=customer.id, **values)
            session.add(row)
            return row

        rows = [
            made(
                1,
                channel="email",
                created_at=_day(5),
                team_id=teams["Billing"].id,
                agent_id=ann,
                topic="invoice",
                first_response_at=_day(5) + timedelta(minutes=5),
                resolved_at=_day(5, 12),
                status="resolved",
                csat=5,
            ),
            made(
                2,
                channel="chat",
                created_at=_day(6),
                team_id=teams["Billing"].id,
                agent_id=ann,
                topic="refund",
                first_response_at=_day(6) + timedelta(seconds=120),
                resolved_at=_day(6, 11),
                status="resolved",
                csat=1,
                escalated=True,
                escalated_to_id=people["Lea"].id,
                escalated_at=_day(6, 10),
                escalation_picked_up_at=_day(6, 10) + timedelta(minutes=30),
            ),
            made(
                3,
                channel="email",
                created_at=_day(7),
                team_id=teams["Returns"].id,
                agent_id=bob,
                topic="parcel",
                first_response_at=_day(7, 10),
                resolved_at=_day(9, 12),
                status="resolved",
                escalated=True,
                transfers=1,
            ),
            made(
                4,
                channel="phone",
                created_at=_day(14),
                team_id=teams["Returns"].id,
                agent_id=bob,
                topic="return label",
                first_response_at=_day(14) + timedelta(seconds=10),
                resolved_at=_day(14, 10),
                status="resolved",
                reopens=1,
            ),
            made(
                5,
                channel="email",
                created_at=_day(29),
                team_id=teams["Billing"].id,
                agent_id=ann,
                topic="invoice copy",
            ),
        ]
        session.flush()
        session.add_all(
            [
                Message(
                    interaction_id=rows[0].id,
                    position=0,
                    sent_at=_day(5),
                    author_role="customer",
                    author="Carla",
                    text=CUSTOMER_TEXT,
                ),
                Message(
                    interaction_id=rows[0].id,
                    position=1,
                    sent_at=_day(5) + timedelta(minutes=5),
                    author_role="agent",
                    author="Ann",
                    text="Sorry about that, I fixed it.",
                ),
                Message(
                    interaction_id=rows[0].id,
                    position=2,
                    sent_at=_day(5, 11),
                    author_role="customer",
                    author="Carla",
                    text="Thanks!",
                ),
                Promise(
                    interaction_id=rows[2].id,
                    external_id="p1",
                    made_at=_day(7, 10),
                    due_at=_day(8),
                    kept_at=_day(9),
                    description="replacement sent",
                ),
                Promise(
                    interaction_id=rows[3].id,
                    external_id="p1",
                    made_at=_day(14, 9),
                    due_at=_day(20),
                    kept_at=_day(19),
                    description="label e-mailed",
                ),
                Promise(
                    interaction_id=rows[4].id,
                    external_id="p1",
                    made_at=_day(29, 10),
                    due_at=_day(30),
                    description="copy of the invoice",
                ),
            ]
        )
        card = Scorecard(name="Standard")
        session.add(card)
        session.flush()
        categories = {
            "Greeting": ScorecardCategory(scorecard_id=card.id, name="Greeting", position=0),
            "Solution": ScorecardCategory(scorecard_id=card.id, name="Solution", position=1),
            "Identity": ScorecardCategory(
                scorecard_id=card.id,
                name="Identity checked",
                position=2,
                scale_min=0,
                scale_max=1,
                critical=True,
            ),
        }
        session.add_all(categories.values())
        session.commit()
        return Known(
            teams={name: int(team.id or 0) for name, team in teams.items()},
            people={name: int(person.id or 0) for name, person in people.items()},
            interactions=[int(row.id or 0) for row in rows],
            categories={name: int(c.id or 0) for name, c in categories.items()},
        )


def fill_many(engine: Engine, count: int) -> None:
    """``count`` answered emails of one team, one an hour from 1 October 2026, 08:00."""
    with Session(engine) as session:
        team = Team(name="Support")
        session.add(team)
        session.flush()
        start = _day(1, 8)
        session.add_all(
            Interaction(
                source="test",
                external_id=f"m{n}",
                channel="email",
                created_at=start + timedelta(hours=n),
                team_id=team.id,
                first_response_at=start + timedelta(hours=n, minutes=1),
            )
            for n in range(count)
        )
        session.commit()
