"""How long things take in the demo: first responses and handling, per channel.

Durations are log-normal around a channel's median (a few answers take much longer than the
typical one, as in any queue). Phone and chat are answered near their targets of ``kpis.md``
(18 s and 60 s), most of the time within them; the breaching channel of ``stories`` slows
down at its weekly peak. Times are integer microseconds since the epoch (UTC).
"""

from __future__ import annotations

import numpy as np

from data_sources.demo import stories
from data_sources.demo.rhythm import CHANNELS, DAY_US, ESCALATION_WAITING, HOUR_US, UNANSWERED

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

TARGET_SECONDS = {"phone": 18, "chat": 60}
DEFAULT_TARGET_SECONDS = 24 * 3600


def target_us(channel: np.ndarray) -> np.ndarray:
    """Each interaction's first-response target in µs (``kpis.md`` defaults)."""
    targets = np.array([TARGET_SECONDS.get(name, DEFAULT_TARGET_SECONDS) for name in CHANNELS])
    target: np.ndarray = targets[channel] * SECOND_US
    return target


def durations(
    rng: np.random.Generator,
    table: dict[str, tuple[float, float]],
    channel: np.ndarray,
    *,
    scale: np.ndarray | float = 1.0,
) -> np.ndarray:
    """One log-normal duration in µs per interaction, around its channel's median x scale."""
    medians = np.array([table[name][0] for name in CHANNELS])[channel] * scale
    spreads = np.array([table[name][1] for name in CHANNELS])[channel]
    return lognormal_us(rng, medians, spreads)


def lognormal_us(rng: np.random.Generator, medians: np.ndarray, spreads: np.ndarray) -> np.ndarray:
    """Log-normal durations in µs around ``medians`` seconds."""
    seconds = medians * np.exp(spreads * rng.standard_normal(np.size(medians)))
    drawn: np.ndarray = (seconds * SECOND_US).astype(np.int64)
    return drawn


def first_responses(
    rng: np.random.Generator,
    created: np.ndarray,
    channel: np.ndarray,
    live: np.ndarray,
    *,
    now_us: int,
) -> np.ndarray:
    """When each interaction was first answered; ``NONE`` when not yet at ``now_us``."""
    hour = (created // HOUR_US) % 24
    weekday = ((created // DAY_US) + 3) % 7  # 1970-01-01 was a Thursday
    peak = (
        (channel == CHANNELS.index(stories.BREACHING_CHANNEL))
        & (weekday == stories.BREACHING_WEEKDAY)
        & np.isin(hour, list(stories.BREACHING_HOURS))
    )
    slowdown = np.where(peak, stories.BREACHING_SLOWDOWN, 1.0)
    first_response = created + durations(rng, FIRST_RESPONSE, channel, scale=slowdown)
    # The live edge's waiting escalations were answered, then handed to the leader.
    held = live == ESCALATION_WAITING
    first_response[held] = np.minimum(
        first_response[held], created[held] + (now_us - created[held]) // 4
    )
    first_response[(first_response > now_us) | (live == UNANSWERED)] = NONE
    answered: np.ndarray = first_response
    return answered
