"""One batch of the demo, from drawn contacts to rows in every table that hangs off them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import numpy as np

from data_sources.bulk import BulkWriter, table_of, with_nulls
from data_sources.demo import wording
from data_sources.demo.customers import Customers
from data_sources.demo.promises import draw_promises
from data_sources.demo.reviews import write_reviews
from data_sources.demo.rhythm import CHANNELS, DAY_US
from data_sources.demo.traffic import NONE, Setting, Traffic, draw_traffic, statuses
from data_sources.demo.transcripts import write_transcripts
from data_sources.models import Interaction, Message, Promise, QaAnswer, QaReview

CSAT_COMMENT_SHARE = 0.35
SOURCE = "demo"


def moments(microseconds: np.ndarray | list[int]) -> np.ndarray:
    """µs since the epoch as ``datetime64[us]``, ``NaT`` where the value is ``NONE``."""
    values = np.asarray(microseconds, dtype=np.int64).copy()
    values[values == NONE] = np.iinfo(np.int64).min  # NaT's own representation
    return values.view("datetime64[us]")


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
        self._write_interactions(rng, traffic)

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
        self.writer.write(
            table_of(Promise),
            {
                "id": promises.id,
                "interaction_id": traffic.id[promises.interaction],
                "external_id": ["P1"] * len(promises),
                "made_at": moments(promises.made),
                "due_at": moments(promises.due),
                "kept_at": moments(promises.kept),
                "customer_updated_at": moments(promises.customer_updated),
                "description": [promise_words[row] for row in promises.interaction.tolist()],
            },
        )

        rows = np.flatnonzero(rng.random(len(traffic)) < self.transcript_share)
        transcripts = write_transcripts(
            chooser,
            traffic,
            rows,
            first_id=self.ids.message,
            customers=self.customers,
            person_names=self.person_names,
            promise_words=promise_words,
            channels=CHANNELS,
            now_us=now_us,
        )
        self.ids.message += len(transcripts)
        self.writer.write(
            table_of(Message),
            {
                "id": transcripts.id,
                "interaction_id": transcripts.interaction_id,
                "position": transcripts.position,
                "sent_at": moments(transcripts.sent_at),
                "author_role": transcripts.author_role,
                "author": transcripts.author,
                "text": transcripts.text,
            },
        )

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
        self.writer.write(
            table_of(QaReview),
            {
                "id": reviews.id,
                "interaction_id": reviews.interaction_id,
                "reviewer_id": reviews.reviewer_id,
                "reviewed_at": moments(reviews.reviewed_at),
                "kind": reviews.kind,
                "scorecard_id": reviews.scorecard_id,
                "score": reviews.score,
                "comment": reviews.comment,
                "calibration": reviews.calibration,
            },
        )
        self.writer.write(
            table_of(QaAnswer),
            {
                "id": reviews.answer_id,
                "review_id": reviews.answer_review_id,
                "category_id": reviews.answer_category_id,
                "value": reviews.answer_value,
            },
        )
        self.totals["messages"] += len(transcripts)
        self.totals["promises"] += len(promises)
        self.totals["reviews"] += len(reviews.id)
        return {
            date.fromordinal(date(1970, 1, 1).toordinal() + int(d))
            for d in np.unique(created // DAY_US)
        }

    def _write_interactions(self, rng: np.random.Generator, traffic: Traffic) -> None:
        count = len(traffic)
        team_names = self.setting.team_names
        team_tags = [name.lower().replace(" & ", "-").replace(" ", "-") for name in team_names]
        tags = [
            ";".join(
                ("app", "login", team_tags[team])
                if themed
                else (team_tags[team], topic.replace(" ", "-"))
            )
            for team, topic, themed in zip(
                traffic.team.tolist(), traffic.topic.tolist(), traffic.themed.tolist(), strict=True
            )
        ]
        rated = traffic.csat > 0
        commented = rated & (rng.random(count) < CSAT_COMMENT_SHARE)
        variant = rng.integers(0, 2, size=count)
        comments = [
            wording.CSAT_COMMENTS[score][pick] if say else None
            for score, pick, say in zip(
                traffic.csat.tolist(), variant.tolist(), commented.tolist(), strict=True
            )
        ]
        team_ids = np.asarray(self.team_ids)
        self.writer.write(
            table_of(Interaction),
            {
                "id": traffic.id,
                "source": [SOURCE] * count,
                "external_id": [f"D{number:08d}" for number in traffic.id.tolist()],
                "channel": np.asarray(CHANNELS, dtype=object)[traffic.channel],
                "created_at": moments(traffic.created),
                "team_id": team_ids[traffic.team],
                "agent_id": traffic.agent,
                "customer_id": traffic.customer + self.customer_start,
                "topic": traffic.topic,
                "tags": tags,
                "first_response_at": moments(traffic.first_response),
                "resolved_at": moments(traffic.resolved),
                "status": statuses(traffic, self.setting.now_us),
                "escalated": traffic.escalated,
                "escalated_to_id": with_nulls(traffic.escalated_to, traffic.escalated),
                "escalated_at": moments(traffic.escalated_at),
                "escalation_picked_up_at": moments(traffic.picked_up),
                "transfers": traffic.transfers,
                "reopens": traffic.reopens,
                "csat": with_nulls(traffic.csat, rated),
                "csat_comment": comments,
            },
        )


def _day(microseconds: int) -> datetime:
    return datetime.fromtimestamp(microseconds / 1_000_000, UTC)
