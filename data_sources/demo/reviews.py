"""Internal reviews of interactions on the demo scorecard, and leaders' coaching notes.

QA staff review a sample of resolved interactions (a few as calibration sessions, where two
reviewers score the same one); leaders write QA reviews and coaching notes on their own team's
work; agents review a colleague now and then. Answers follow what the transcript shows, and
the stored score comes from ``kpis.scorecards``, the same function the review form uses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from data_sources.demo import wording
from data_sources.demo.timings import NONE, SECOND_US
from data_sources.demo.traffic import Traffic
from data_sources.demo.transcripts import Findings
from data_sources.models import ReviewKind
from kpis.scorecards import Category, review_score

SCORECARD_NAME = "Customer conversation"
# name, weight, scale_min, scale_max, critical
SCORECARD: tuple[tuple[str, float, int, int, bool], ...] = (
    ("Greeting and the customer's correct name", 10, 1, 5, False),
    ("Understood the need", 20, 1, 5, False),
    ("Accurate solution", 30, 1, 5, False),
    ("Ownership: no blame, no banned phrases", 20, 1, 5, False),
    ("Verified the customer's identity", 20, 0, 1, True),
)
CATEGORIES = tuple(
    Category(weight, low, high, critical) for _, weight, low, high, critical in SCORECARD
)
# Share of transcribed, resolved interactions each kind of reviewer picks up.
QA_SHARE, CALIBRATION_SHARE = 0.04, 0.10
LEADER_QA_SHARE, PEER_SHARE, COACHING_SHARE = 0.006, 0.01, 0.015
DAY_SECONDS = 86_400


@dataclass
class Reviews:
    id: list[int] = field(default_factory=list)
    interaction_id: list[int] = field(default_factory=list)
    reviewer_id: list[int] = field(default_factory=list)
    reviewed_at: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    scorecard_id: list[int | None] = field(default_factory=list)
    score: list[float | None] = field(default_factory=list)
    comment: list[str | None] = field(default_factory=list)
    calibration: list[bool] = field(default_factory=list)
    answer_id: list[int] = field(default_factory=list)
    answer_review_id: list[int] = field(default_factory=list)
    answer_category_id: list[int] = field(default_factory=list)
    answer_value: list[int | None] = field(default_factory=list)


def answers_for(chooser: random.Random, findings: Findings, *, reopened: bool) -> list[int | None]:
    """One answer per scorecard category, following what the transcript shows."""
    greeting = 2 if findings.name_error else chooser.choice((4, 5, 5))
    understood = None if chooser.random() < 0.05 else chooser.choice((3, 4, 5, 5))
    accurate = 2 if reopened else chooser.choice((3, 4, 4, 5, 5))
    ownership = 1 if findings.banned else 2 if findings.blame else chooser.choice((4, 5))
    identity = None if chooser.random() < 0.1 else int(chooser.random() >= 0.04)
    return [greeting, understood, accurate, ownership, identity]


def write_reviews(
    chooser: random.Random,
    traffic: Traffic,
    findings: dict[int, Findings],
    *,
    review_id: int,
    answer_id: int,
    scorecard_id: int,
    category_ids: list[int],
    qa_staff: list[int],
    team_agents: list[list[int]],
    leaders: np.ndarray,
    now_us: int,
) -> Reviews:
    out = Reviews()

    def review(row: int, reviewer: int, kind: str, *, calibration: bool = False) -> None:
        reviewed = int(traffic.resolved[row]) + int(
            chooser.uniform(0.3, 6) * DAY_SECONDS * SECOND_US
        )
        if reviewed > now_us:
            return
        out.id.append(review_id + len(out.id))
        out.interaction_id.append(int(traffic.id[row]))
        out.reviewer_id.append(reviewer)
        out.reviewed_at.append(reviewed)
        out.kind.append(kind)
        out.calibration.append(calibration)
        if kind == ReviewKind.COACHING:
            out.scorecard_id.append(None)
            out.score.append(None)
            out.comment.append(chooser.choice(wording.COACHING_NOTES))
            return
        values = answers_for(chooser, findings[row], reopened=bool(traffic.reopens[row]))
        out.scorecard_id.append(scorecard_id)
        out.score.append(review_score(zip(CATEGORIES, values, strict=True)))
        out.comment.append(chooser.choice(wording.QA_COMMENTS))
        for category_id, value in zip(category_ids, values, strict=True):
            out.answer_id.append(answer_id + len(out.answer_id))
            out.answer_review_id.append(out.id[-1])
            out.answer_category_id.append(category_id)
            out.answer_value.append(value)

    for row in sorted(findings):
        if traffic.resolved[row] == NONE:
            continue
        team = int(traffic.team[row])
        draw = chooser.random()
        if draw < QA_SHARE:
            first, second = chooser.sample(qa_staff, 2)
            calibrated = chooser.random() < CALIBRATION_SHARE
            review(row, first, ReviewKind.QA, calibration=calibrated)
            if calibrated:
                review(row, second, ReviewKind.QA, calibration=True)
        elif draw < QA_SHARE + LEADER_QA_SHARE:
            review(row, int(leaders[team]), ReviewKind.QA)
        elif draw < QA_SHARE + LEADER_QA_SHARE + COACHING_SHARE:
            review(row, int(leaders[team]), ReviewKind.COACHING)
        elif draw < QA_SHARE + LEADER_QA_SHARE + COACHING_SHARE + PEER_SHARE:
            colleagues = [p for p in team_agents[team] if p != int(traffic.agent[row])]
            review(row, chooser.choice(colleagues), ReviewKind.PEER)
    return out
