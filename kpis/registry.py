"""The KPI registry: every KPI of ``design/kpis.md`` defined once, as data.

As in Datasette, each KPI is a frozen dataclass and ``KPIS`` is the one tuple listing them;
pages, exports and ``pulse kpis`` look KPIs up here. A KPI's *definition* (id, label, unit,
direction, default target, description and the principle it comes from) is separate from its
*calculation*, which names what it is computed from: a count, a ratio of summed counters
(numerator and denominator), a mean, or a percentile of a measured duration
(``kpis/calculations.py`` evaluates them). The text KPIs of ``kpis.md``'s second table are
ratios of counters made from the transcript flags stored at write time (``kpis/facts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True, slots=True)
class Count:
    counter: str


@dataclass(frozen=True, slots=True)
class Ratio:
    """Sum of the ``numerator`` counters over the sum of the ``denominator`` counters."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Mean:
    total: str
    count: str


@dataclass(frozen=True, slots=True)
class Percentile:
    """The linear-interpolation ``quantile`` of one measured duration (``percentiles.METRICS``)."""

    metric: str
    quantile: float


Calculation = Count | Ratio | Mean | Percentile


@dataclass(frozen=True, slots=True)
class Kpi:
    id: str
    label: str
    unit: str  # count, s, rate, score 1–5, score 0–100
    direction: Direction | None
    target: float | None  # the default; settings may override it
    description: str
    principle: str
    calculation: Calculation
    per_agent_and_channel: bool = True  # False: null when filtered or grouped by agent/channel


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "volume", "Volume", "count", None, None,
        "Interactions created in the window.",
        "Know the workload before judging it.",
        Count("volume"),
    ),
    Kpi(
        "first_response_median", "First response (median)", "s", Direction.LOWER, None,
        "Median time from creation to the first response, over answered interactions.",
        "Answer your phone in less than 3 rings; return all messages within 24 hours.",
        Percentile("frt", 0.5),
    ),
    Kpi(
        "first_response_p90", "First response (90th percentile)", "s", Direction.LOWER, None,
        "90th percentile of the time to first response, over answered interactions.",
        "Answer your phone in less than 3 rings; return all messages within 24 hours.",
        Percentile("frt", 0.9),
    ),
    Kpi(
        "response_sla_rate", "Answered within target", "rate", Direction.HIGHER, 0.90,
        "Answered within the channel's target, over answered interactions plus unanswered "
        "ones already past their target at as-of.",
        "Answer your phone in less than 3 rings; return all messages within 24 hours.",
        Ratio(("sla_met",), ("answered", "unanswered_breached")),
    ),
    Kpi(
        "resolution_median", "Resolution time (median)", "s", Direction.LOWER, None,
        "Median time from creation to resolution, over resolved interactions.",
        "Do it right the first time.",
        Percentile("resolution", 0.5),
    ),
    Kpi(
        "first_contact_resolution_rate", "First-contact resolution", "rate",
        Direction.HIGHER, 0.75,
        "Resolved without a transfer, an escalation or a reopening, over resolved.",
        "Do it right the first time.",
        Ratio(("first_contact_resolved",), ("resolved",)),
    ),
    Kpi(
        "escalation_ratio", "Escalated", "rate", Direction.LOWER, 0.05,
        "Escalated interactions over all interactions.",
        "Empowerment: the boss handles exceptions only; 95% are solved without them.",
        Ratio(("escalated",), ("volume",)),
    ),
    Kpi(
        "transfer_rate", "Transferred", "rate", Direction.LOWER, 0.10,
        "Interactions transferred at least once over all interactions.",
        "No call shuffling.",
        Ratio(("transferred",), ("volume",)),
    ),
    Kpi(
        "reopen_rate", "Reopened", "rate", Direction.LOWER, 0.05,
        "Resolved interactions reopened at least once, over resolved.",
        "Do it right the first time.",
        Ratio(("reopened",), ("resolved",)),
    ),
    Kpi(
        "promise_kept_rate", "Promises kept", "rate", Direction.HIGHER, 0.95,
        "Promises kept by their due time over settled promises (kept, or broken: kept late "
        "or unkept past due at as-of).",
        "Under-promise and over-deliver.",
        Ratio(
            ("promises_kept",),
            ("promises_kept", "promises_broken_late", "promises_broken_unkept"),
        ),
    ),
    Kpi(
        "broken_promise_notice_rate", "Broken promises with notice", "rate",
        Direction.HIGHER, 1.00,
        "Broken promises where the customer was told before the due time, over broken "
        "promises.",
        "If you cannot keep a promise, tell the customer before it is due.",
        Ratio(
            ("promises_broken_late_notice", "promises_broken_unkept_notice"),
            ("promises_broken_late", "promises_broken_unkept"),
        ),
    ),
    Kpi(
        "promise_early_median", "Kept early by (median)", "s", Direction.HIGHER, None,
        "Median of due time minus kept time, over kept promises.",
        "Under-promise and over-deliver.",
        Percentile("promise_early", 0.5),
    ),
    Kpi(
        "csat_avg", "CSAT", "score 1–5", Direction.HIGHER, 4.3,
        "Mean customer satisfaction rating over rated interactions.",
        "The customer decides what good service is.",
        Mean("csat_sum", "csat_count"),
    ),
    Kpi(
        "csat_satisfied_rate", "Satisfied customers", "rate", Direction.HIGHER, 0.85,
        "Ratings of 4 or 5 over all ratings.",
        "The customer decides what good service is.",
        Ratio(("csat_satisfied",), ("csat_count",)),
    ),
    Kpi(
        "qa_score_avg", "QA score", "score 0–100", Direction.HIGHER, 85,
        "Mean score of the internal (QA, peer) reviews of the interactions, calibration "
        "reviews excluded.",
        "Inspect what you expect.",
        Mean("qa_sum", "qa_count"),
    ),
    Kpi(
        "peer_review_rating", "Public rating", "score 1–5", Direction.HIGHER, 4.5,
        "Mean star rating of public reviews published in the window; counts for a team when "
        "it names one; null per agent or channel.",
        "Earned media: what customers tell each other.",
        Mean("peer_review_sum", "peer_review_count"),
        per_agent_and_channel=False,
    ),
    # The text KPIs: counters from the transcript flags stored at write time (kpis/facts.py).
    Kpi(
        "apology_rate", "Apologised to complaints", "rate", Direction.HIGHER, 0.90,
        "Interactions where the customer complained and an agent apologised, over "
        "interactions where the customer complained.",
        "When the customer complains, say sorry first.",
        Ratio(("complaints_apologised",), ("complaints",)),
    ),
    Kpi(
        "courtesy_rate", "Thanked the customer", "rate", Direction.HIGHER, 0.95,
        "Interactions where an agent said thank you (or an equivalent), over interactions "
        "with at least one agent message.",
        "Courtesy costs nothing: please and thank you, every time.",
        Ratio(("agent_thanked",), ("agent_spoke",)),
    ),
    Kpi(
        "banned_phrase_rate", "Banned phrases", "rate", Direction.LOWER, 0.01,
        "Interactions where an agent used a banned phrase (\"not my job\", \"company "
        "policy\"…, editable in Settings), over interactions with at least one agent message.",
        "Never tell a customer what you cannot do; tell them what you can.",
        Ratio(("banned_phrase_used",), ("agent_spoke",)),
    ),
    Kpi(
        "blame_rate", "Blamed others", "rate", Direction.LOWER, 0.02,
        "Interactions where an agent pointed the finger at a supplier, another vendor or "
        "another department, over interactions with at least one agent message.",
        "Own the problem: to the customer, we are one company.",
        Ratio(("blamed_others",), ("agent_spoke",)),
    ),
    Kpi(
        "name_error_rate", "Wrong names", "rate", Direction.LOWER, 0.00,
        "Interactions where an agent addressed the customer by a wrong or misspelled name or "
        "a wrong title, against the customer record, over interactions where an agent "
        "addressed the customer by name.",
        "A person's name is the sweetest sound to them: get it right.",
        Ratio(("name_errors",), ("addressed_by_name",)),
    ),
)  # fmt: skip

BY_ID: dict[str, Kpi] = {kpi.id: kpi for kpi in KPIS}
IDS: tuple[str, ...] = tuple(kpi.id for kpi in KPIS)


def kpi(kpi_id: str) -> Kpi:
    """The KPI called ``kpi_id``; a KeyError names the known ids."""
    try:
        return BY_ID[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(IDS)}") from None


def default_targets() -> dict[str, float]:
    return {k.id: k.target for k in KPIS if k.target is not None}
