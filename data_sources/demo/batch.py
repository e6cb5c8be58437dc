"""One batch of the demo, from drawn contacts to rows in every table that hangs off them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np

from data_sources.bulk import BulkWriter, table_of
from data_sources.demo import rows, wording
from data_sources.demo.customers import Customers
from data_sources.demo.promises import draw_promises
from data_sources.demo.reviews import write_reviews
from data_sources.demo.rhythm import CHANNELS, DAY_US
from data_sources.demo.traffic import Setting, draw_traffic
from data_sources.demo.transcripts import write_transcripts
from data_sources.models import Interaction, Message, Promise, QaAnswer, QaReview


@dataclass
class Ids:
    """The next free primary key of each table a batch writes."""

    interaction: int
    message: int
    promise: int
    review: int
    answer: int

    @classmethod
    def after_existing(cls, writer: BulkWriter) -> Ids:
        return cls(
            interaction=writer.next_id(table_of(Interaction)),
            message=writer.next_id(table_of(Message)),
            promise=writer.next_id(table_of(Promise)),
            review=writer.next_id(table_of(QaReview)),
            answer=writer.next_id(table_of(QaAnswer)),
        )


@dataclass
class BatchWriter:
    writer: BulkWriter
    setting: Setting
    customers: Customers
    customer_start: int
    person_names: dict[int, str]
    qa_staff: list[int]
    team_agents: list[list[int]]
    team_ids: list[int]
    scorecard_id: int
    category_ids: list[int]
    transcript_share: float
    ids: Ids
    totals: dict[str, int] = field(
        default_factory=lambda: {"messages": 0, "promises": 0, "reviews": 0}
    )

    def write(
        self,
        rng: np.random.Generator,
        chooser: random.Random,
        *,
        created: np.ndarray,
        channel: np.ndarray,
        live: np.ndarray,
    ) -> set[date]:
        """Write one batch; returns the UTC days its interactions were created on."""
        now_us = self.setting.now_us
        traffic = draw_traffic(
            rng,
            self.setting,
            first_id=self.ids.interaction,
            created=created,
            channel=channel,
            live=live,
        )
        self.ids.interaction += len(traffic)
        self.writer.write(
            table_of(Interaction),
            rows.interactions(
                rng,
                traffic,
                team_ids=self.team_ids,
                customer_start=self.customer_start,
                now_us=now_us,
            ),
        )

        promises = draw_promises(
            rng,
            traffic,
            first_id=self.ids.promise,
            team_names=self.setting.team_names,
            now_us=now_us,
        )
        self.ids.promise += len(promises)
        promise_words = {
            int(row): chooser.choice(wording.PROMISE_WORDS).format(due=f"{_day(due):%A %d %B}")
            for row, due in zip(promises.interaction.tolist(), promises.due.tolist(), strict=True)
        }
        self.writer.write(table_of(Promise), rows.promises(traffic, promises, promise_words))

        sample = np.flatnonzero(rng.random(len(traffic)) < self.transcript_share)
        transcripts = write_transcripts(
            chooser,
            traffic,
            sample,
            first_id=self.ids.message,
            customers=self.customers,
            person_names=self.person_names,
            promise_words=promise_words,
            channels=CHANNELS,
            now_us=now_us,
        )
        self.ids.message += len(transcripts)
        self.writer.write(table_of(Message), rows.messages(transcripts))

        reviews = write_reviews(
            chooser,
            traffic,
            transcripts.findings,
            review_id=self.ids.review,
            answer_id=self.ids.answer,
            scorecard_id=self.scorecard_id,
            category_ids=self.category_ids,
            qa_staff=self.qa_staff,
            team_agents=self.team_agents,
            leaders=self.setting.leaders,
            now_us=now_us,
        )
        self.ids.review += len(reviews.id)
        self.ids.answer += len(reviews.answer_id)
        self.writer.write(table_of(QaReview), rows.reviews(reviews))
        self.writer.write(table_of(QaAnswer), rows.answers(reviews))
        self.totals["messages"] += len(transcripts)
        self.totals["promises"] += len(promises)
        self.totals["reviews"] += len(reviews.id)
        return {
            date.fromordinal(date(1970, 1, 1).toordinal() + int(d))
            for d in np.unique(created // DAY_US)
        }


def _day(microseconds: int) -> datetime:
    return datetime.fromtimestamp(microseconds / 1_000_000, UTC)
