"""Promises agents make to customers, and how each one turned out.

Kept early (under-promise, over-deliver), kept on the dot, kept late with the customer told
beforehand, kept late without a word, never kept, or still pending at "now". The slipping
team of ``stories`` is late more often and hardly ever tells the customer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from data_sources.demo import stories
from data_sources.demo.rhythm import DAY_US, HOUR_US
from data_sources.demo.timings import NONE
from data_sources.demo.traffic import Traffic

PROMISE_SHARE = 0.13
ON_THE_DOT_SHARE = 0.12
NEVER_KEPT_SHARE = 0.02
DUE_DAYS = np.array([1, 2, 3, 5])


@dataclass
class Promises:
    id: np.ndarray
    interaction: np.ndarray  # position in the batch
    made: np.ndarray
    due: np.ndarray
    kept: np.ndarray
    customer_updated: np.ndarray

    def __len__(self) -> int:
        return int(self.id.size)


def draw_promises(
    rng: np.random.Generator,
    traffic: Traffic,
    *,
    first_id: int,
    team_names: tuple[str, ...],
    now_us: int,
) -> Promises:
    """At most one promise for a share of the answered interactions of the batch."""
    answered = np.flatnonzero(traffic.first_response != NONE)
    chosen = answered[rng.random(answered.size) < PROMISE_SHARE]
    count = chosen.size
    made = traffic.first_response[chosen]
    due = made + DUE_DAYS[rng.integers(0, DUE_DAYS.size, count)] * DAY_US
    due -= due % HOUR_US  # promised "by 3 pm", not "by 15:07:12"

    slipping = np.array([name == stories.SLIPPING_TEAM for name in team_names])[
        traffic.team[chosen]
    ]
    late_share = np.where(slipping, stories.SLIPPING_LATE_SHARE, stories.LATE_SHARE)
    notice_share = np.where(slipping, stories.SLIPPING_NOTICE_SHARE, stories.NOTICE_SHARE)
    draw = rng.random(count)
    late = draw < late_share
    never = (draw >= late_share) & (draw < late_share + NEVER_KEPT_SHARE)
    on_the_dot = (draw >= late_share + NEVER_KEPT_SHARE) & (
        draw < late_share + NEVER_KEPT_SHARE + ON_THE_DOT_SHARE
    )

    lead = due - made
    early_by = (lead * rng.uniform(0.05, 0.8, count)).astype(np.int64)
    late_by = (rng.lognormal(np.log(20 * 3600), 0.8, count) * 1_000_000).astype(np.int64)
    kept = np.where(late, due + late_by, np.where(on_the_dot, due, due - early_by))
    kept[never | (kept > now_us)] = NONE

    told = (late | never) & (rng.random(count) < notice_share)
    updated = due - (lead * rng.uniform(0.1, 0.5, count)).astype(np.int64)
    customer_updated = np.where(told & (updated <= now_us), updated, NONE)

    return Promises(
        id=np.arange(first_id, first_id + count, dtype=np.int64),
        interaction=chosen,
        made=made,
        due=due,
        kept=kept,
        customer_updated=customer_updated,
    )
