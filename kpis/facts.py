"""What each raw row contributes to the KPIs: counters and durations (``design/kpis.md``).

Pure functions over DataFrames of raw rows. Interactions, promises and internal reviews each
become a frame of counters that add up: the summary cells are their sums per day × team ×
agent × channel, and a report is their sums per group. Counters that depend on the report's
as-of (open items) are kept apart in ``OPEN_COUNTERS``, so the cells never hold them.

Every frame keeps the interaction's ``team_id``, ``agent_id``, ``channel`` and ``created_at``
so it can be grouped on its own. Times are pandas UTC timestamps.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd

INTERACTION_COUNTERS = (
    "volume",
    "answered",
    "sla_met",
    "resolved",
    "first_contact_resolved",
    "reopened",
    "escalated",
    "transferred",
    "csat_count",
    "csat_sum",
    "csat_satisfied",
)
REVIEW_COUNTERS = ("qa_count", "qa_sum")
PROMISE_COUNTERS = ("promises_kept", "promises_broken_late", "promises_broken_late_notice")
TEXT_COUNTERS = (
    "agent_spoke",
    "complaints",
    "complaints_apologised",
    "agent_thanked",
    "banned_phrase_used",
    "blamed_others",
    "addressed_by_name",
    "name_errors",
)
"""The text KPIs' counters, from the transcript flags stored at write time
(``InteractionText``; ``data_sources/transcript_analysis.py``): interactions with an agent
message, and of those the ones that thanked, used a banned phrase or blamed others;
interactions where the customer complained, and of those the ones an agent apologised in;
interactions where an agent addressed the customer by name, and of those the wrong ones."""
TEXT_FLAGS = (
    "has_agent_message",
    "customer_complained",
    "agent_apologised",
    "agent_thanked",
    "banned_phrase",
    "blamed",
    "addressed_by_name",
    "name_error",
)
"""The stored flags (``InteractionText`` columns) the text counters are made of."""
COUNTERS = INTERACTION_COUNTERS + REVIEW_COUNTERS + PROMISE_COUNTERS + TEXT_COUNTERS
"""Counters that do not depend on as-of: what a summary cell holds."""

OPEN_COUNTERS = (
    "unanswered_breached",
    "promises_broken_unkept",
    "promises_broken_unkept_notice",
)
"""Counters that depend on as-of: read from the few open rows at report time."""

GROUP_COLUMNS = ("team_id", "agent_id", "channel", "created_at")


def _seconds(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.total_seconds()


def response_target(channels: pd.Series, channel_targets: Mapping[str, float]) -> pd.Series:
    """Each row's first-response target in seconds; unknown channels take ``other``'s."""
    return channels.map(channel_targets).fillna(channel_targets["other"]).astype(float)


def interaction_facts(
    interactions: pd.DataFrame, *, channel_targets: Mapping[str, float]
) -> pd.DataFrame:
    """Per interaction: the as-of independent counters, ``frt`` and ``resolution`` seconds."""
    rows = interactions
    frt = _seconds(rows["first_response_at"], rows["created_at"])
    resolution = _seconds(rows["resolved_at"], rows["created_at"])
    answered = rows["first_response_at"].notna()
    resolved = rows["resolved_at"].notna()
    escalated = rows["escalated"].astype(bool)
    csat = pd.to_numeric(rows["csat"], errors="coerce")
    target = response_target(rows["channel"], channel_targets)
    facts = rows.loc[:, list(GROUP_COLUMNS)].copy()
    facts["volume"] = 1
    facts["answered"] = answered.astype(int)
    facts["sla_met"] = (answered & (frt <= target)).astype(int)
    facts["resolved"] = resolved.astype(int)
    facts["first_contact_resolved"] = (
        resolved & (rows["transfers"] == 0) & ~escalated & (rows["reopens"] == 0)
    ).astype(int)
    facts["reopened"] = (resolved & (rows["reopens"] >= 1)).astype(int)
    facts["escalated"] = escalated.astype(int)
    facts["transferred"] = (rows["transfers"] >= 1).astype(int)
    facts["csat_count"] = csat.notna().astype(int)
    facts["csat_sum"] = csat.fillna(0).astype(int)
    facts["csat_satisfied"] = (csat >= 4).astype(int)
    facts["frt"] = frt
    facts["resolution"] = resolution
    for name, counted in text_counters(rows).items():
        facts[name] = counted
    return facts


def text_counters(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """Each text counter per row, from the stored flags (``TEXT_FLAGS`` columns; a row not
    analysed, or a frame without them, counts 0 everywhere).

    Every numerator asks for its denominator's flag too, so a rate never exceeds 1 even if
    the flags were stored inconsistently.
    """
    flags = {
        name: (
            rows[name].eq(1)  # True or 1 (SQLite); None (not analysed) is not
            if name in rows
            else pd.Series(False, index=rows.index)
        )
        for name in TEXT_FLAGS
    }
    spoke, complained = flags["has_agent_message"], flags["customer_complained"]
    named = flags["addressed_by_name"]
    counted = {
        "agent_spoke": spoke,
        "complaints": complained,
        "complaints_apologised": complained & flags["agent_apologised"],
        "agent_thanked": spoke & flags["agent_thanked"],
        "banned_phrase_used": spoke & flags["banned_phrase"],
        "blamed_others": spoke & flags["blamed"],
        "addressed_by_name": named,
        "name_errors": named & flags["name_error"],
    }
    return {name: series.astype(int) for name, series in counted.items()}


def review_facts(reviews: pd.DataFrame) -> pd.DataFrame:
    """Per internal review that counts for ``qa_score_avg``: scored and not a calibration."""
    counted = reviews[~reviews["calibration"].astype(bool) & reviews["score"].notna()]
    facts = counted.loc[:, list(GROUP_COLUMNS)].copy()
    facts["qa_count"] = 1
    facts["qa_sum"] = counted["score"].astype(float)
    return facts


def promise_facts(promises: pd.DataFrame) -> pd.DataFrame:
    """Per promise settled by the data itself (``kept_at`` set): kept, or kept late."""
    kept_at, due_at = promises["kept_at"], promises["due_at"]
    done = kept_at.notna()
    kept = done & (kept_at <= due_at)
    late = done & (kept_at > due_at)
    notice = promises["customer_updated_at"].notna() & (promises["customer_updated_at"] < due_at)
    facts = promises.loc[:, list(GROUP_COLUMNS)].copy()
    facts["promises_kept"] = kept.astype(int)
    facts["promises_broken_late"] = late.astype(int)
    facts["promises_broken_late_notice"] = (late & notice).astype(int)
    facts["promise_early"] = _seconds(due_at, kept_at).where(kept)
    return facts


def open_facts(
    unanswered: pd.DataFrame,
    unkept: pd.DataFrame,
    *,
    as_of: datetime,
    channel_targets: Mapping[str, float],
) -> pd.DataFrame:
    """The as-of dependent counters of unanswered interactions and unkept promises.

    An unanswered interaction is a breach once its age at ``as_of`` exceeds its channel's
    target (strictly); an unkept promise is broken once ``due_at < as_of``, with notice when
    the customer was told before the due time.
    """
    moment = pd.Timestamp(as_of)
    age = (moment - unanswered["created_at"]).dt.total_seconds()
    target = response_target(unanswered["channel"], channel_targets)
    breached = unanswered.loc[:, list(GROUP_COLUMNS)].copy()
    breached["unanswered_breached"] = (age > target).astype(int)
    broken = unkept["due_at"] < moment
    notice = unkept["customer_updated_at"].notna() & (
        unkept["customer_updated_at"] < unkept["due_at"]
    )
    promises = unkept.loc[:, list(GROUP_COLUMNS)].copy()
    promises["promises_broken_unkept"] = broken.astype(int)
    promises["promises_broken_unkept_notice"] = (broken & notice).astype(int)
    return pd.concat([breached, promises], ignore_index=True)
