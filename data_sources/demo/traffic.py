"""One batch of interactions, drawn column by column with NumPy.

Times are integer microseconds since the epoch (UTC), ``NONE`` (-1) where a moment has not
happened yet: a first response or resolution that would fall after "now" is simply not there,
which is how the newest interactions end up waiting in the leader's live view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_sources.demo import stories
from data_sources.demo.escalations import draw_escalations
from data_sources.demo.rhythm import DAY_US, ESCALATION_WAITING
from data_sources.demo.timings import (
    HANDLING,
    NONE,
    SECOND_US,
    durations,
    first_responses,
    target_us,
)

LEADER_SHARE = 0.04  # of a team's interactions the leader handles personally
COMPLAINT_SHARE = 0.45
CSAT_SHARE = 0.28
CLOSED_AFTER_US = 7 * DAY_US


@dataclass(frozen=True)
class Setting:
    """What every batch needs to know of the organisation and the period."""

    team_names: tuple[str, ...]
    team_topics: tuple[tuple[str, ...], ...]
    agents: np.ndarray  # team x slot -> person id, padded
    agent_counts: np.ndarray  # team -> number of agents
    leaders: np.ndarray  # team -> leader's person id
    team_weights: np.ndarray  # channel x team, rows sum to 1
    customers: int
    start_us: int
    now_us: int

    @property
    def theme_from_us(self) -> int:
        return self.now_us - int(stories.RECURRING_THEME_WINDOW.total_seconds() * SECOND_US)


@dataclass
class Traffic:
    """A batch of interactions as columns."""

    id: np.ndarray
    created: np.ndarray
    channel: np.ndarray  # index into CHANNELS
    team: np.ndarray  # index into Setting.team_names
    agent: np.ndarray  # person id
    customer: np.ndarray  # index into the customers
    topic: np.ndarray  # str objects
    themed: np.ndarray  # the recurring complaint theme
    complaint: np.ndarray
    first_response: np.ndarray
    resolved: np.ndarray
    escalated: np.ndarray
    escalated_to: np.ndarray  # person id, NONE when not escalated
    escalated_at: np.ndarray
    picked_up: np.ndarray
    transfers: np.ndarray
    reopens: np.ndarray
    csat: np.ndarray  # 0 when not rated

    def __len__(self) -> int:
        return int(self.id.size)


def draw_traffic(
    rng: np.random.Generator,
    setting: Setting,
    *,
    first_id: int,
    created: np.ndarray,
    channel: np.ndarray,
    live: np.ndarray,
) -> Traffic:
    """Interactions for the given creation times and channels.

    ``live`` marks the live edge (``rhythm.LIVE_EDGE``): 1 is still unanswered, 2 is an
    escalation its leader has not picked up yet; 0 is ordinary traffic.
    """
    count = created.size
    now = setting.now_us
    ids = np.arange(first_id, first_id + count, dtype=np.int64)

    cumulative = setting.team_weights.cumsum(axis=1)[channel]
    team = (
        (rng.random(count)[:, None] > cumulative).sum(axis=1).clip(0, len(setting.team_names) - 1)
    )
    slot = (rng.random(count) * setting.agent_counts[team]).astype(np.int64)
    agent = np.where(
        rng.random(count) < LEADER_SHARE, setting.leaders[team], setting.agents[team, slot]
    )
    customer = rng.integers(0, setting.customers, size=count)

    topic_count = np.array([len(topics) for topics in setting.team_topics])
    topic_slot = (rng.random(count) * topic_count[team]).astype(np.int64)
    topic = np.array(
        [
            setting.team_topics[t][s]
            for t, s in zip(team.tolist(), topic_slot.tolist(), strict=True)
        ],
        dtype=object,
    )
    theme_share = np.where(
        created >= setting.theme_from_us,
        stories.RECURRING_THEME_SHARE,
        stories.RECURRING_THEME_BACKGROUND,
    )
    themed = rng.random(count) < theme_share
    topic[themed] = stories.RECURRING_THEME_TOPIC
    complaint = themed | (rng.random(count) < COMPLAINT_SHARE)

    first_response = first_responses(rng, created, channel, live, now_us=now)
    answered = first_response != NONE

    transfers = np.searchsorted([0.915, 0.985], rng.random(count), side="right").astype(np.int64)
    handling = durations(rng, HANDLING, channel, scale=1 + 0.3 * transfers)
    resolved = np.where(answered, first_response + handling, NONE)

    escalation = draw_escalations(
        rng,
        setting.team_names,
        team,
        first_response=first_response,
        handling=handling,
        resolved=resolved,
        held=live == ESCALATION_WAITING,
        now_us=now,
    )
    escalated, escalated_at = escalation.escalated, escalation.escalated_at
    picked_up, resolved = escalation.picked_up, escalation.resolved
    is_resolved = resolved != NONE

    reopens = np.where(
        is_resolved, np.searchsorted([0.955, 0.993], rng.random(count), side="right"), 0
    ).astype(np.int64)
    breached = ~answered | (first_response - created > target_us(channel))
    mood = (
        4.75
        - 1.1 * breached
        - 0.9 * escalated
        - 0.9 * (reopens > 0)
        - 0.5 * (transfers > 0)
        - 0.35 * complaint
    )
    rating = np.clip(np.rint(mood + 0.85 * rng.standard_normal(count)), 1, 5).astype(np.int64)
    csat = np.where(is_resolved & (rng.random(count) < CSAT_SHARE), rating, 0)

    return Traffic(
        id=ids,
        created=created,
        channel=channel,
        team=team,
        agent=agent,
        customer=customer,
        topic=topic,
        themed=themed,
        complaint=complaint,
        first_response=first_response,
        resolved=resolved,
        escalated=escalated,
        escalated_to=np.where(escalated, setting.leaders[team], NONE),
        escalated_at=np.where(escalated, escalated_at, NONE),
        picked_up=picked_up,
        transfers=transfers,
        reopens=reopens,
        csat=csat,
    )


def statuses(traffic: Traffic, now_us: int) -> np.ndarray:
    """open (unanswered), pending (answered), resolved, or closed a week after resolution."""
    status = np.where(traffic.first_response == NONE, "open", "pending").astype(object)
    done = traffic.resolved != NONE
    status[done] = "resolved"
    status[done & (traffic.resolved < now_us - CLOSED_AFTER_US)] = "closed"
    return status
