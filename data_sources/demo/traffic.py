"""One batch of interactions, drawn column by column with NumPy.

Times are integer microseconds since the epoch (UTC), ``NONE`` (-1) where a moment has not
happened yet: a first response or resolution that would fall after "now" is simply not there,
which is how the newest interactions end up waiting in the leader's live view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_sources.demo import stories
from data_sources.demo.rhythm import (
    CHANNELS,
    DAY_US,
    ESCALATION_WAITING,
    HOUR_US,
    UNANSWERED,
)

NONE = -1
SECOND_US = 1_000_000
# channel -> (median first response s, spread) and (median handling s, spread), log-normal
FIRST_RESPONSE = {
    "phone": (10.0, 0.55),
    "chat": (32.0, 0.6),
    "email": (3 * 3600.0, 1.1),
    "social": (1.5 * 3600.0, 1.0),
    "sms": (2 * 3600.0, 1.0),
    "web": (4 * 3600.0, 1.1),
    "other": (6 * 3600.0, 1.0),
}
HANDLING = {
    "phone": (300.0, 0.5),
    "chat": (720.0, 0.6),
    "email": (18 * 3600.0, 1.0),
    "social": (5 * 3600.0, 1.0),
    "sms": (3 * 3600.0, 1.0),
    "web": (20 * 3600.0, 1.0),
    "other": (30 * 3600.0, 1.0),
}
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


def _lognormal(rng: np.random.Generator, medians: np.ndarray, spreads: np.ndarray) -> np.ndarray:
    return medians * np.exp(spreads * rng.standard_normal(medians.size))


def _per_channel(
    table: dict[str, tuple[float, float]], channel: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    medians = np.array([table[name][0] for name in CHANNELS])[channel]
    spreads = np.array([table[name][1] for name in CHANNELS])[channel]
    return medians, spreads


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

    # First response, slowed down at the breaching channel's weekly peak.
    medians, spreads = _per_channel(FIRST_RESPONSE, channel)
    hour = (created // HOUR_US) % 24
    weekday = ((created // DAY_US) + 3) % 7
    peak = (
        (channel == CHANNELS.index(stories.BREACHING_CHANNEL))
        & (weekday == stories.BREACHING_WEEKDAY)
        & np.isin(hour, list(stories.BREACHING_HOURS))
    )
    medians = np.where(peak, medians * stories.BREACHING_SLOWDOWN, medians)
    first_response = created + (_lognormal(rng, medians, spreads) * SECOND_US).astype(np.int64)
    held = live == ESCALATION_WAITING
    first_response[held] = np.minimum(
        first_response[held], created[held] + (now - created[held]) // 4
    )
    first_response[(first_response > now) | (live == UNANSWERED)] = NONE
    answered = first_response != NONE

    transfers = np.searchsorted([0.915, 0.985], rng.random(count), side="right").astype(np.int64)
    medians, spreads = _per_channel(HANDLING, channel)
    handling = (_lognormal(rng, medians * (1 + 0.3 * transfers), spreads) * SECOND_US).astype(
        np.int64
    )
    resolved = np.where(answered, first_response + handling, NONE)

    # Escalations go to the team's leader, part-way through the handling.
    escalation_share = np.array(
        [
            stories.ESCALATING_TEAM_SHARE
            if name == stories.ESCALATING_TEAM
            else stories.ESCALATION_SHARE
            for name in setting.team_names
        ]
    )[team]
    escalated_at = first_response + (handling * rng.uniform(0.2, 0.5, count)).astype(np.int64)
    escalated_at[held] = first_response[held] + (now - first_response[held]) // 3
    escalated = (answered & (rng.random(count) < escalation_share) & (escalated_at <= now)) | held
    slow = np.array([name == stories.SLOW_LEADER_TEAM for name in setting.team_names])[team]
    pickup_median = np.where(
        slow,
        stories.SLOW_PICKUP_MEDIAN.total_seconds(),
        stories.PICKUP_MEDIAN.total_seconds(),
    )
    pickup = escalated_at + (
        _lognormal(rng, pickup_median, np.full(count, 0.7)) * SECOND_US
    ).astype(np.int64)
    picked_up = np.where(escalated & (pickup <= now) & ~held, pickup, NONE)
    after_pickup = picked_up + (handling * rng.uniform(0.3, 0.8, count)).astype(np.int64)
    resolved = np.where(escalated, np.where(picked_up != NONE, after_pickup, NONE), resolved)
    resolved[resolved > now] = NONE
    is_resolved = resolved != NONE

    reopens = np.where(
        is_resolved, np.searchsorted([0.955, 0.993], rng.random(count), side="right"), 0
    ).astype(np.int64)
    breached = ~answered | (first_response - created > target_us(channel))
    mood = (
        4.45
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


TARGET_SECONDS = {"phone": 18, "chat": 60}
DEFAULT_TARGET_SECONDS = 24 * 3600


def target_us(channel: np.ndarray) -> np.ndarray:
    """Each interaction's first-response target in µs (``kpis.md`` defaults)."""
    targets = np.array([TARGET_SECONDS.get(name, DEFAULT_TARGET_SECONDS) for name in CHANNELS])
    target: np.ndarray = targets[channel] * SECOND_US
    return target


def statuses(traffic: Traffic, now_us: int) -> np.ndarray:
    """open (unanswered), pending (answered), resolved, or closed a week after resolution."""
    status = np.where(traffic.first_response == NONE, "open", "pending").astype(object)
    done = traffic.resolved != NONE
    status[done] = "resolved"
    status[done & (traffic.resolved < now_us - CLOSED_AFTER_US)] = "closed"
    return status
