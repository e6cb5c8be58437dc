"""A batch's rows as the columns of each table, ready for the bulk writer."""

from __future__ import annotations

import numpy as np

from data_sources.bulk import Column, with_nulls
from data_sources.demo import wording
from data_sources.demo.promises import Promises
from data_sources.demo.reviews import Reviews
from data_sources.demo.rhythm import CHANNELS
from data_sources.demo.timings import NONE
from data_sources.demo.traffic import Traffic, statuses
from data_sources.demo.transcripts import Transcripts

SOURCE = "demo"
CSAT_COMMENT_SHARE = 0.35


def moments(microseconds: np.ndarray | list[int]) -> np.ndarray:
    """µs since the epoch as ``datetime64[us]``, ``NaT`` where the value is ``NONE``."""
    values = np.asarray(microseconds, dtype=np.int64).copy()
    values[values == NONE] = np.iinfo(np.int64).min  # NaT's own representation
    return values.view("datetime64[us]")


def interactions(
    rng: np.random.Generator,
    traffic: Traffic,
    *,
    team_ids: list[int],
    customer_start: int,
    now_us: int,
) -> dict[str, Column]:
    """The interaction table's columns for a batch (tags, status and CSAT comments added).

    The tag is the topic as a helpdesk would tag it ("late-delivery"), and nothing more: the
    team is a column of its own, and a tag per team would be "heard" from every customer.
    """
    count = len(traffic)
    tags = [topic.replace(" ", "-") for topic in traffic.topic.tolist()]
    rated = traffic.csat > 0
    commented = rated & (rng.random(count) < CSAT_COMMENT_SHARE)
    variant = rng.integers(0, 2, size=count)
    comments = [
        wording.CSAT_COMMENTS[score][pick] if say else None
        for score, pick, say in zip(
            traffic.csat.tolist(), variant.tolist(), commented.tolist(), strict=True
        )
    ]
    return {
        "id": traffic.id,
        "source": [SOURCE] * count,
        "external_id": [f"D{number:08d}" for number in traffic.id.tolist()],
        "channel": np.asarray(CHANNELS, dtype=object)[traffic.channel],
        "created_at": moments(traffic.created),
        "team_id": np.asarray(team_ids)[traffic.team],
        "agent_id": traffic.agent,
        "customer_id": traffic.customer + customer_start,
        "topic": traffic.topic,
        "tags": tags,
        "first_response_at": moments(traffic.first_response),
        "resolved_at": moments(traffic.resolved),
        "status": statuses(traffic, now_us),
        "escalated": traffic.escalated,
        "escalated_to_id": with_nulls(traffic.escalated_to, traffic.escalated),
        "escalated_at": moments(traffic.escalated_at),
        "escalation_picked_up_at": moments(traffic.picked_up),
        "transfers": traffic.transfers,
        "reopens": traffic.reopens,
        "csat": with_nulls(traffic.csat, rated),
        "csat_comment": comments,
    }


def promises(traffic: Traffic, made: Promises, words: dict[int, str]) -> dict[str, Column]:
    """Promise columns; ``words`` maps a batch position to what the agent promised."""
    return {
        "id": made.id,
        "interaction_id": traffic.id[made.interaction],
        "external_id": ["P1"] * len(made),
        "made_at": moments(made.made),
        "due_at": moments(made.due),
        "kept_at": moments(made.kept),
        "customer_updated_at": moments(made.customer_updated),
        "description": [words[row] for row in made.interaction.tolist()],
    }


def messages(transcripts: Transcripts) -> dict[str, Column]:
    return {
        "id": transcripts.id,
        "interaction_id": transcripts.interaction_id,
        "position": transcripts.position,
        "sent_at": moments(transcripts.sent_at),
        "author_role": transcripts.author_role,
        "author": transcripts.author,
        "text": transcripts.text,
    }


def reviews(written: Reviews) -> dict[str, Column]:
    return {
        "id": written.id,
        "interaction_id": written.interaction_id,
        "reviewer_id": written.reviewer_id,
        "reviewed_at": moments(written.reviewed_at),
        "kind": written.kind,
        "scorecard_id": written.scorecard_id,
        "score": written.score,
        "comment": written.comment,
        "calibration": written.calibration,
    }


def answers(written: Reviews) -> dict[str, Column]:
    return {
        "id": written.answer_id,
        "review_id": written.answer_review_id,
        "category_id": written.answer_category_id,
        "value": written.answer_value,
    }
