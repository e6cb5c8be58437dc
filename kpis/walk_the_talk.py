"""Walking the talk: the leader's own figures beside the team's (``design/kpis.md``).

Pure functions over frames of raw rows. For each leader: how many escalations were sent to
them in the window, how many they picked up and resolved, and the median time from the
escalation to the pick-up and to the resolution (linear-interpolation medians, null when
none); and how many internal reviews and coaching notes they wrote.
"""

from __future__ import annotations

import pandas as pd

ESCALATION_FIGURES = (
    "escalations_received",
    "escalations_picked_up",
    "escalations_resolved",
    "escalation_pickup_median",
    "escalation_resolution_median",
)
WRITING_FIGURES = ("reviews_written", "coaching_notes_written")


def escalation_figures(escalations: pd.DataFrame) -> pd.DataFrame:
    """Per ``leader_id``: escalations sent to them (``escalated_at``, ``picked_up_at``,
    ``resolved_at`` columns, UTC timestamps)."""
    rows = escalations.copy()
    rows["pickup"] = (rows["picked_up_at"] - rows["escalated_at"]).dt.total_seconds()
    rows["resolution"] = (rows["resolved_at"] - rows["escalated_at"]).dt.total_seconds()
    grouped = rows.groupby("leader_id")
    figures = pd.DataFrame(
        {
            "escalations_received": grouped.size(),
            "escalations_picked_up": grouped["pickup"].count(),
            "escalations_resolved": grouped["resolution"].count(),
            "escalation_pickup_median": grouped["pickup"].median(),
            "escalation_resolution_median": grouped["resolution"].median(),
        }
    )
    return figures.reindex(columns=list(ESCALATION_FIGURES))


def writing_figures(reviews: pd.DataFrame) -> pd.DataFrame:
    """Per ``reviewer_id`` (as ``leader_id``): internal reviews and coaching notes written."""
    coaching = reviews["kind"] == "coaching"
    grouped = reviews.assign(review=~coaching, coaching=coaching).groupby("reviewer_id")
    figures = pd.DataFrame(
        {
            "reviews_written": grouped["review"].sum(),
            "coaching_notes_written": grouped["coaching"].sum(),
        }
    )
    figures.index.name = "leader_id"
    return figures.reindex(columns=list(WRITING_FIGURES))


def leader_figures(
    leaders: pd.DataFrame, escalations: pd.DataFrame, reviews: pd.DataFrame
) -> pd.DataFrame:
    """One row per team (``team_id``, ``team``, ``leader_id``, ``leader``) with both sets of
    figures; counts are 0, medians null, where the leader had none."""
    figures = leaders.set_index("leader_id", drop=False)
    figures = figures.join(escalation_figures(escalations)).join(writing_figures(reviews))
    for column in (*ESCALATION_FIGURES[:3], *WRITING_FIGURES):
        figures[column] = figures[column].fillna(0).astype("int64")
    return figures.reset_index(drop=True)
