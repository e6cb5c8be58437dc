"""``generate_demo``: write a whole demo organisation inside the caller's transaction.

The order of work: people and the scorecard, customers, then the interactions in batches of
``BATCH`` (each with its promises, transcripts and reviews), then public reviews, then the
summary cells (``aggregates.refresh_after_write``). Every random draw comes from a generator
seeded with (seed, stage, batch), so the same seed and the same "now" give the same database,
and memory stays bounded by one batch. Primary keys are assigned here, after the largest id
already in each table.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import Connection, bindparam, update

from data_sources import aggregates
from data_sources.bulk import BulkWriter, table_of
from data_sources.demo import organisation, rhythm
from data_sources.demo.batch import SOURCE, BatchWriter, Ids
from data_sources.demo.customers import customer_count, draw_customers, external_ids
from data_sources.demo.reviews import SCORECARD, SCORECARD_NAME, draw_public_reviews
from data_sources.demo.traffic import Setting
from data_sources.demo.transcripts import transcript_share
from data_sources.models import (
    Customer,
    Person,
    PublicReview,
    Role,
    Scorecard,
    ScorecardCategory,
    Team,
)

BATCH = 50_000
PERIOD_DAYS = 182  # six months
PUBLIC_REVIEWS_PER_INTERACTION = 1 / 150
MINIMUM_INTERACTIONS = 200


@dataclass(frozen=True)
class DemoSummary:
    teams: int
    people: int
    customers: int
    interactions: int
    messages: int
    promises: int
    reviews: int
    public_reviews: int
    transcript_share: float
    seconds: float


def _rng(seed: int, *stage: int) -> np.random.Generator:
    return np.random.default_rng([seed, *stage])


def generate_demo(
    connection: Connection,
    *,
    interactions: int,
    seed: int,
    now: datetime,
    on_progress: Callable[[int], None] | None = None,
    refresh_also: Iterable[date] = (),
) -> DemoSummary:
    """Write the demo (``interactions`` of them, the newest just before ``now``).

    ``refresh_also`` names more UTC days whose summary cells must be rebuilt in the same
    pass (the days of a demo that was just removed).
    """
    if interactions < MINIMUM_INTERACTIONS:
        raise ValueError(f"the demo needs at least {MINIMUM_INTERACTIONS} interactions")
    began = time.perf_counter()
    now_us = int(now.astimezone(UTC).timestamp() * 1_000_000)
    start_us = now_us - PERIOD_DAYS * rhythm.DAY_US
    writer = BulkWriter(connection)

    people = organisation.build_organisation(_rng(seed, 0))
    team_ids, person_ids = _write_organisation(writer, people)
    scorecard_id, category_ids = _write_scorecard(writer)
    customers = draw_customers(_rng(seed, 1), customer_count(interactions))
    customer_start = writer.next_id(table_of(Customer))
    writer.write(
        table_of(Customer),
        {
            "id": np.arange(customer_start, customer_start + len(customers)),
            "source": [SOURCE] * len(customers),
            "external_id": external_ids(1, len(customers)),
            "name": [customers.name(i) for i in range(len(customers))],
            "title": customers.title.tolist(),
        },
    )

    live_created, live_channel, live_state = rhythm.live_edge(now_us)
    created, channel = rhythm.draw_contacts(
        _rng(seed, 2), interactions - live_created.size, start_us=start_us, end_us=now_us
    )
    live = np.concatenate([np.zeros(created.size, np.int8), live_state])
    created = np.concatenate([created, live_created])
    channel = np.concatenate([channel, live_channel])
    order = np.argsort(created, kind="stable")
    created, channel, live = created[order], channel[order], live[order]

    setting = _setting(
        people, team_ids, person_ids, customers=len(customers), start_us=start_us, now_us=now_us
    )
    batches = BatchWriter(
        writer,
        setting,
        customers=customers,
        customer_start=customer_start,
        person_names={person_ids[i]: p.name for i, p in enumerate(people.people)},
        qa_staff=[person_ids[i] for i in people.with_role(Role.QA)],
        team_agents=[
            [person_ids[i] for i in people.of_team(t, Role.AGENT)] for t in setting.team_names
        ],
        team_ids=team_ids,
        scorecard_id=scorecard_id,
        category_ids=category_ids,
        transcript_share=transcript_share(interactions),
        ids=Ids.after_existing(writer),
    )
    days: set[date] = set(refresh_also)
    for number, first in enumerate(range(0, interactions, BATCH)):
        piece = slice(first, first + BATCH)
        batch_days = batches.write(
            _rng(seed, 3, number),
            random.Random(f"{seed}:{number}"),
            created=created[piece],
            channel=channel[piece],
            live=live[piece],
        )
        days |= batch_days
        if on_progress is not None:
            on_progress(int(created[piece].size))

    public = draw_public_reviews(
        _rng(seed, 4),
        max(60, int(interactions * PUBLIC_REVIEWS_PER_INTERACTION)),
        start_us=start_us,
        now_us=now_us,
        team_ids=team_ids,
    )
    public_start = writer.next_id(table_of(PublicReview))
    count = public.rating.size
    writer.write(
        table_of(PublicReview),
        {
            "id": np.arange(public_start, public_start + count),
            "source": [SOURCE] * count,
            "external_id": [f"R{n:06d}" for n in range(1, count + 1)],
            "platform": public.platform,
            "published_at": public.published.astype("datetime64[us]"),
            "rating": public.rating,
            "team_id": public.team,
            "text": public.text,
        },
    )
    writer.finish()
    aggregates.refresh_after_write(connection, days=days)
    return DemoSummary(
        teams=len(team_ids),
        people=len(person_ids),
        customers=len(customers),
        interactions=interactions,
        messages=batches.totals["messages"],
        promises=batches.totals["promises"],
        reviews=batches.totals["reviews"],
        public_reviews=count,
        transcript_share=transcript_share(interactions),
        seconds=time.perf_counter() - began,
    )


def _write_organisation(
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


def _write_scorecard(writer: BulkWriter) -> tuple[int, list[int]]:
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


def _setting(
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
