"""The demo's fixed records: teams and people, the scorecard, customers, public reviews.

Written once per run with the bulk writer (ids after the largest in use), plus ``setting``:
what every batch of interactions needs to know of the organisation.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import bindparam, update

from data_sources.bulk import BulkWriter, table_of
from data_sources.demo import organisation, rhythm
from data_sources.demo.customers import Customers, external_ids
from data_sources.demo.public_reviews import PublicReviews
from data_sources.demo.reviews import SCORECARD, SCORECARD_NAME
from data_sources.demo.rows import SOURCE
from data_sources.demo.traffic import Setting
from data_sources.models import (
    Customer,
    Person,
    PublicReview,
    Role,
    Scorecard,
    ScorecardCategory,
    Team,
)


def write_customers(writer: BulkWriter, customers: Customers) -> int:
    """Write the customers; returns the id of the first one."""
    first = writer.next_id(table_of(Customer))
    writer.write(
        table_of(Customer),
        {
            "id": np.arange(first, first + len(customers)),
            "source": [SOURCE] * len(customers),
            "external_id": external_ids(1, len(customers)),
            "name": [customers.name(i) for i in range(len(customers))],
            "title": customers.title.tolist(),
        },
    )
    return first


def write_public_reviews(writer: BulkWriter, public: PublicReviews) -> None:
    first = writer.next_id(table_of(PublicReview))
    count = int(public.rating.size)
    writer.write(
        table_of(PublicReview),
        {
            "id": np.arange(first, first + count),
            "source": [SOURCE] * count,
            "external_id": [f"R{n:06d}" for n in range(1, count + 1)],
            "platform": public.platform,
            "published_at": public.published.astype("datetime64[us]"),
            "rating": public.rating,
            "team_id": public.team,
            "text": public.text,
        },
    )


def write_organisation(
    writer: BulkWriter, people: organisation.Organisation
) -> tuple[list[int], list[int]]:
    """Teams first (no leader yet), then people, then each team's leader."""
    names = organisation.team_names()
    team_start = writer.next_id(table_of(Team))
    team_ids = list(range(team_start, team_start + len(names)))
    writer.write(table_of(Team), {"id": team_ids, "name": names})
    person_start = writer.next_id(table_of(Person))
    person_ids = list(range(person_start, person_start + len(people.people)))
    team_of = dict(zip(names, team_ids, strict=True))
    writer.write(
        table_of(Person),
        {
            "id": person_ids,
            "key": [p.key for p in people.people],
            "name": [p.name for p in people.people],
            "email": [organisation.email_of(p) for p in people.people],
            "role": [str(p.role) for p in people.people],
            "team_id": [team_of[p.team] if p.team else None for p in people.people],
            "active": [True] * len(person_ids),
        },
    )
    team_table = table_of(Team)
    writer.connection.execute(
        update(team_table)
        .where(team_table.c.id == bindparam("team"))
        .values(leader_id=bindparam("leader")),
        [{"team": team_of[name], "leader": person_ids[people.leader_of(name)]} for name in names],
    )
    return team_ids, person_ids


def write_scorecard(writer: BulkWriter) -> tuple[int, list[int]]:
    scorecard_id = writer.next_id(table_of(Scorecard))
    writer.write(
        table_of(Scorecard), {"id": [scorecard_id], "name": [SCORECARD_NAME], "active": [True]}
    )
    first = writer.next_id(table_of(ScorecardCategory))
    category_ids = list(range(first, first + len(SCORECARD)))
    writer.write(
        table_of(ScorecardCategory),
        {
            "id": category_ids,
            "scorecard_id": [scorecard_id] * len(SCORECARD),
            "name": [name for name, *_ in SCORECARD],
            "position": list(range(len(SCORECARD))),
            "weight": [weight for _, weight, *_ in SCORECARD],
            "scale_min": [low for _, _, low, _, _ in SCORECARD],
            "scale_max": [high for _, _, _, high, _ in SCORECARD],
            "critical": [critical for *_, critical in SCORECARD],
        },
    )
    return scorecard_id, category_ids


def setting(
    people: organisation.Organisation,
    team_ids: list[int],
    person_ids: list[int],
    *,
    customers: int,
    start_us: int,
    now_us: int,
) -> Setting:
    names = organisation.team_names()
    agent_lists = [[person_ids[i] for i in people.of_team(name, Role.AGENT)] for name in names]
    width = max(len(agents) for agents in agent_lists)
    agents = np.array([agents + [agents[0]] * (width - len(agents)) for agents in agent_lists])
    counts = np.array([len(agents) for agents in agent_lists])
    weights = np.tile(counts.astype(float), (len(rhythm.CHANNELS), 1))
    social_care = names.index("Social Care")
    weights[:, social_care] *= 0.3
    weights[rhythm.CHANNELS.index("social"), social_care] *= 40
    weights[rhythm.CHANNELS.index("email"), names.index("Business Customers")] *= 2
    return Setting(
        team_names=tuple(names),
        team_topics=tuple(topics for _, _, topics in organisation.TEAMS),
        agents=agents,
        agent_counts=counts,
        leaders=np.array([person_ids[people.leader_of(name)] for name in names]),
        team_weights=weights / weights.sum(axis=1, keepdims=True),
        customers=customers,
        start_us=start_us,
        now_us=now_us,
    )
