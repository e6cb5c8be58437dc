"""When customers reach out: a daily and weekly rhythm per channel over the demo's months.

Every UTC hour of the period gets a weight per channel (channel share x hour-of-day profile x
weekday factor x a gentle growth trend); interactions are drawn over those (hour, channel)
cells in one vectorised step and spread uniformly inside their hour.
"""

from __future__ import annotations

import numpy as np

from data_sources.demo import stories

CHANNELS = ("phone", "email", "chat", "social", "sms", "web", "other")
CHANNEL_SHARE = np.array([0.30, 0.24, 0.25, 0.08, 0.05, 0.06, 0.02])
HOUR_US = 3_600_000_000
DAY_US = 24 * HOUR_US

_OFFICE = np.array(
    [1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 17, 15, 12, 13, 15, 14, 12, 9, 6, 4, 3, 2, 1, 1]
)
_EVENING = np.array([2, 1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 9, 9, 9, 9, 9, 10, 12, 14, 15, 15, 12, 7, 4])
_STEADY = np.array([4, 3, 3, 3, 3, 4, 5, 7, 9, 10, 10, 10, 9, 9, 9, 9, 9, 8, 7, 7, 6, 6, 5, 5])
_CHAT = np.array(
    [1, 1, 1, 1, 1, 1, 2, 5, 10, 17, 18, 17, 12, 11, 11, 11, 10, 10, 11, 12, 12, 9, 5, 2]
)
HOUR_PROFILE = {
    "phone": _OFFICE,
    "email": _STEADY,
    "chat": _CHAT,
    "social": _EVENING,
    "sms": _OFFICE + 2,
    "web": _STEADY,
    "other": _OFFICE + 3,
}  # fmt: skip
# Monday .. Sunday
WEEKDAY_FACTOR = {
    "phone": (1.3, 1.1, 1.0, 1.0, 0.95, 0.45, 0.25),
    "email": (1.25, 1.05, 1.0, 1.0, 0.95, 0.6, 0.55),
    "chat": (1.35, 1.05, 1.0, 1.0, 0.95, 0.6, 0.5),
    "social": (1.0, 0.95, 0.95, 0.95, 1.0, 1.15, 1.2),
    "sms": (1.2, 1.0, 1.0, 1.0, 1.0, 0.6, 0.4),
    "web": (1.2, 1.0, 1.0, 1.0, 1.0, 0.7, 0.6),
    "other": (1.1, 1.0, 1.0, 1.0, 1.0, 0.5, 0.4),
}
GROWTH = 0.15  # the last week is busier than the first by about this much


def hour_weights(start_us: int, end_us: int) -> tuple[np.ndarray, np.ndarray]:
    """(start of each hour in [start, end) in µs, weights of shape hours x channels)."""
    first = start_us - start_us % HOUR_US
    hours = np.arange(first, end_us, HOUR_US, dtype=np.int64)
    covered = (np.minimum(hours + HOUR_US, end_us) - np.maximum(hours, start_us)) / HOUR_US
    hour_of_day = (hours // HOUR_US) % 24
    weekday = ((hours // DAY_US) + 3) % 7  # 1970-01-01 was a Thursday
    progress = (hours - first) / max(end_us - first, 1)
    weights = np.empty((hours.size, len(CHANNELS)))
    for column, channel in enumerate(CHANNELS):
        weekly = np.asarray(WEEKDAY_FACTOR[channel])[weekday]
        weights[:, column] = CHANNEL_SHARE[column] * HOUR_PROFILE[channel][hour_of_day] * weekly
        if channel == stories.BREACHING_CHANNEL:
            peak = (weekday == stories.BREACHING_WEEKDAY) & np.isin(
                hour_of_day, list(stories.BREACHING_HOURS)
            )
            weights[peak, column] *= 1.3
    weights *= (1 + GROWTH * progress)[:, None] * covered[:, None]
    return hours, weights


def draw_contacts(
    rng: np.random.Generator, count: int, *, start_us: int, end_us: int
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` (created µs, channel index) pairs in [start, end), sorted by time."""
    hours, weights = hour_weights(start_us, end_us)
    flat = weights.ravel()
    cells = rng.choice(flat.size, size=count, p=flat / flat.sum())
    hour_index, channel = np.divmod(cells, len(CHANNELS))
    low = np.maximum(hours[hour_index], start_us)
    high = np.minimum(hours[hour_index] + HOUR_US, end_us)
    created = low + (rng.random(count) * (high - low)).astype(np.int64)
    order = np.argsort(created, kind="stable")
    return created[order], channel[order].astype(np.int8)


# The live edge: work still waiting at "now" for the team leader's live view, as
# (channel, age in seconds, state): phone and chat inside and past their targets, email and
# social past 24 h, and escalations their leader has not picked up yet.
UNANSWERED, ESCALATION_WAITING = 1, 2
LIVE_EDGE = (
    ("phone", 7, UNANSWERED),
    ("chat", 25, UNANSWERED),
    ("phone", 95, UNANSWERED),
    ("chat", 240, UNANSWERED),
    ("chat", 900, UNANSWERED),
    ("email", 3 * 3600, UNANSWERED),
    ("sms", 20 * 3600, UNANSWERED),
    ("email", 27 * 3600, UNANSWERED),
    ("social", 30 * 3600, UNANSWERED),
    ("phone", 40 * 60, ESCALATION_WAITING),
    ("chat", 2 * 3600, ESCALATION_WAITING),
    ("email", 6 * 3600, ESCALATION_WAITING),
)


def live_edge(end_us: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The interactions of ``LIVE_EDGE`` as (created µs, channel index, state)."""
    created = np.array([end_us - age * 1_000_000 for _, age, _ in LIVE_EDGE], dtype=np.int64)
    channel = np.array([CHANNELS.index(name) for name, _, _ in LIVE_EDGE], dtype=np.int8)
    state = np.array([state for _, _, state in LIVE_EDGE], dtype=np.int8)
    return created, channel, state
