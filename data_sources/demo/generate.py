"""``generate_demo``: write a whole demo organisation inside the caller's transaction.

The order of work: people and the scorecard, customers, then the interactions in batches of
``BATCH`` (each with its promises, transcripts and reviews), then public reviews, then the
summary cells (``aggregates.refresh_after_write``) and what the transcripts say
(``transcript_analysis.analyse_after_write``). Every random draw comes from a generator
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
from sqlalchemy import Connection

from data_sources import aggregates, transcript_analysis
from data_sources.bulk import BulkWriter
from data_sources.demo import organisation, records, rhythm
from data_sources.demo.batch import BatchWriter, Ids
from data_sources.demo.customers import customer_count, draw_customers
from data_sources.demo.public_reviews import draw_public_reviews
from data_sources.demo.transcripts import transcript_share
from data_sources.models import Role

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
    on_stage: Callable[[str], None] | None = None,
    refresh_also: Iterable[date] = (),
) -> DemoSummary:
    """Write the demo (``interactions`` of them, the newest just before ``now``).

    ``on_progress`` hears how many interactions each batch wrote, ``on_stage`` what the
    generator turns to next. ``refresh_also`` names more UTC days whose summary cells must
    be rebuilt in the same pass (the days of a demo that was just removed).
    """
    if interactions < MINIMUM_INTERACTIONS:
        raise ValueError(f"the demo needs at least {MINIMUM_INTERACTIONS} interactions")
    began = time.perf_counter()
    now_us = int(now.astimezone(UTC).timestamp() * 1_000_000)
    start_us = now_us - PERIOD_DAYS * rhythm.DAY_US
    writer = BulkWriter(connection)

    people = organisation.build_organisation(_rng(seed, 0))
    team_ids, person_ids = records.write_organisation(writer, people)
    scorecard_id, category_ids = records.write_scorecard(writer)
    customers = draw_customers(_rng(seed, 1), customer_count(interactions))
    customer_start = records.write_customers(writer, customers)

    live_created, live_channel, live_state = rhythm.live_edge(now_us)
    created, channel = rhythm.draw_contacts(
        _rng(seed, 2), interactions - live_created.size, start_us=start_us, end_us=now_us
    )
    live = np.concatenate([np.zeros(created.size, np.int8), live_state])
    created = np.concatenate([created, live_created])
    channel = np.concatenate([channel, live_channel])
    order = np.argsort(created, kind="stable")
    created, channel, live = created[order], channel[order], live[order]

    setting = records.setting(
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
    first_interaction = batches.ids.interaction
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
    records.write_public_reviews(writer, public)
    writer.finish()
    if on_stage is not None:
        on_stage("KPI summary cells")
    aggregates.refresh_after_write(connection, days=days)
    if on_stage is not None:
        on_stage("what the transcripts say")
    transcript_analysis.analyse_after_write(
        connection, interaction_ids=range(first_interaction, batches.ids.interaction)
    )
    return DemoSummary(
        teams=len(team_ids),
        people=len(person_ids),
        customers=len(customers),
        interactions=interactions,
        messages=batches.totals["messages"],
        promises=batches.totals["promises"],
        reviews=batches.totals["reviews"],
        public_reviews=int(public.rating.size),
        transcript_share=transcript_share(interactions),
        seconds=time.perf_counter() - began,
    )
