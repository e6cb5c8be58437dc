"""Escalations: interactions handed to the team's leader, and how fast the leader took them.

The escalating team of ``stories`` hands over about four times as often as the others; the
slow leader's pick-up takes hours where the others take minutes. An escalation is resolved
only after its leader picked it up, so one still waiting at "now" is unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_sources.demo import stories
from data_sources.demo.timings import NONE, lognormal_us


@dataclass
class Escalations:
    escalated: np.ndarray
    escalated_at: np.ndarray  # meaningful where escalated
    picked_up: np.ndarray
    resolved: np.ndarray  # the interactions' resolution, escalations taken into account


def draw_escalations(
    rng: np.random.Generator,
    team_names: tuple[str, ...],
    team: np.ndarray,
    *,
    first_response: np.ndarray,
    handling: np.ndarray,
    resolved: np.ndarray,
    held: np.ndarray,
    now_us: int,
) -> Escalations:
    """Which answered interactions went to the leader; ``held`` ones are still waiting."""
    answered = first_response != NONE
    escalation_share = np.array(
        [
            stories.ESCALATING_TEAM_SHARE
            if name == stories.ESCALATING_TEAM
            else stories.ESCALATION_SHARE
            for name in team_names
        ]
    )[team]
    escalated_at = first_response + (handling * rng.uniform(0.2, 0.5, team.size)).astype(np.int64)
    escalated_at[held] = first_response[held] + (now_us - first_response[held]) // 3
    escalated = (
        answered & (rng.random(team.size) < escalation_share) & (escalated_at <= now_us)
    ) | held
    slow = np.array([name == stories.SLOW_LEADER_TEAM for name in team_names])[team]
    pickup_median = np.where(
        slow,
        stories.SLOW_PICKUP_MEDIAN.total_seconds(),
        stories.PICKUP_MEDIAN.total_seconds(),
    )
    pickup = escalated_at + lognormal_us(rng, pickup_median, np.full(team.size, 0.7))
    picked_up = np.where(escalated & (pickup <= now_us) & ~held, pickup, NONE)
    after_pickup = picked_up + (handling * rng.uniform(0.3, 0.8, team.size)).astype(np.int64)
    resolved = np.where(escalated, np.where(picked_up != NONE, after_pickup, NONE), resolved)
    resolved[resolved > now_us] = NONE
    return Escalations(
        escalated=escalated, escalated_at=escalated_at, picked_up=picked_up, resolved=resolved
    )
