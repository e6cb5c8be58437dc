"""The registry against the contract, and the one status / health / change logic.

The case table below is the two KPI tables of ``design/kpis.md`` (id, unit, better, default
target), copied by hand: a registry entry that drifts from it fails here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpis import percentiles
from kpis.health import change, health_index, previous_period_change
from kpis.registry import IDS, KPIS, Ratio, kpi
from kpis.status import Status, status

CONTRACT = [
    ("volume", "count", None, None),
    ("first_response_median", "s", "lower", None),
    ("first_response_p90", "s", "lower", None),
    ("response_sla_rate", "rate", "higher", 0.90),
    ("resolution_median", "s", "lower", None),
    ("first_contact_resolution_rate", "rate", "higher", 0.75),
    ("escalation_ratio", "rate", "lower", 0.05),
    ("transfer_rate", "rate", "lower", 0.10),
    ("reopen_rate", "rate", "lower", 0.05),
    ("promise_kept_rate", "rate", "higher", 0.95),
    ("broken_promise_notice_rate", "rate", "higher", 1.00),
    ("promise_early_median", "s", "higher", None),
    ("csat_avg", "score 1–5", "higher", 4.3),
    ("csat_satisfied_rate", "rate", "higher", 0.85),
    ("qa_score_avg", "score 0–100", "higher", 85),
    ("peer_review_rating", "score 1–5", "higher", 4.5),
    # The second table: text KPIs over transcripts.
    ("apology_rate", "rate", "higher", 0.90),
    ("courtesy_rate", "rate", "higher", 0.95),
    ("banned_phrase_rate", "rate", "lower", 0.01),
    ("blame_rate", "rate", "lower", 0.02),
    ("name_error_rate", "rate", "lower", 0.00),
]


def test_registry_lists_the_contract_kpis_in_order() -> None:
    """The registry holds the 21 KPIs of the contract's two tables, in their order, once each."""
    assert list(IDS) == [row[0] for row in CONTRACT]
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize(("kpi_id", "unit", "better", "target"), CONTRACT)
def test_each_kpi_matches_the_contract(
    kpi_id: str, unit: str, better: str | None, target: float | None
) -> None:
    """Unit, direction and default target of every KPI are those of kpis.md."""
    entry = kpi(kpi_id)
    assert entry.unit == unit
    assert (entry.direction.value if entry.direction else None) == better
    assert entry.target == target
    assert entry.label and entry.description and entry.principle


def test_every_rate_is_a_ratio_naming_numerator_and_denominator() -> None:
    """Rate KPIs are ratios of counters, so a reader can see what is divided by what."""
    for entry in KPIS:
        if entry.unit == "rate":
            assert isinstance(entry.calculation, Ratio), entry.id
            assert entry.calculation.numerator and entry.calculation.denominator


def test_unknown_kpi_names_the_known_ones() -> None:
    """Asking for a KPI that does not exist says which ones do."""
    with pytest.raises(KeyError, match="csat_avg"):
        kpi("happiness")


@pytest.mark.parametrize(
    ("kpi_id", "value", "expected"),
    [
        ("response_sla_rate", 0.90, Status.MET),
        ("response_sla_rate", 0.82, Status.NEAR),  # within 10 % of 0.90 (≥ 0.81)
        ("response_sla_rate", 0.80, Status.MISSED),
        ("escalation_ratio", 0.05, Status.MET),
        ("escalation_ratio", 0.055, Status.NEAR),  # within 10 % above 0.05
        ("escalation_ratio", 0.06, Status.MISSED),
        ("csat_avg", 4.5, Status.MET),
    ],
)
def test_status_reads_direction_and_target(kpi_id: str, value: float, expected: Status) -> None:
    """Met on the right side of the target, near within 10 %, else missed."""
    assert status(kpi(kpi_id), value) == expected


def test_status_is_none_without_target_or_value_and_follows_overrides() -> None:
    """No target or no value: no status; an overridden target replaces the default."""
    assert status(kpi("volume"), 10) is None
    assert status(kpi("csat_avg"), None) is None
    assert status(kpi("csat_avg"), float("nan")) is None
    assert status(kpi("csat_avg"), 4.0, target=4.0) == Status.MET


def test_health_index_is_the_mean_capped_attainment() -> None:
    """SLA 0.45 of 0.90 (0.5), escalation 0.10 vs 0.05 (0.5), CSAT 5 vs 4.3 (1), no-target and
    null KPIs skipped: (0.5 + 0.5 + 1) / 3 × 100."""
    values = {
        "volume": 100,
        "response_sla_rate": 0.45,
        "escalation_ratio": 0.10,
        "csat_avg": 5.0,
        "qa_score_avg": None,
    }
    assert health_index(values) == pytest.approx(200 / 3)


def test_health_index_counts_zero_of_lower_is_better_as_met_and_uses_overrides() -> None:
    """Escalation 0 counts 1; with an SLA target of 0.45 the SLA counts 1 as well: 100."""
    values = {"escalation_ratio": 0.0, "response_sla_rate": 0.45}
    assert health_index(values, targets={"response_sla_rate": 0.45}) == 100
    assert health_index({"volume": 3}) is None


def test_change_against_previous_period() -> None:
    """0.8 now against 0.5 before is +0.3; a missing side gives no change."""
    assert change(0.8, 0.5) == pytest.approx(0.3)
    assert change(0.8, None) is None
    current = pd.DataFrame({"team": ["A", "B"], "csat_avg": [4.5, 4.0]})
    previous = pd.DataFrame({"team": ["A"], "csat_avg": [4.0]})
    changed = previous_period_change(current, previous, keys=["team"], ids=["csat_avg"])
    assert changed["csat_avg"].tolist()[0] == pytest.approx(0.5)
    assert pd.isna(changed["csat_avg"].tolist()[1])


def test_histogram_percentile_stays_within_the_allowed_error_for_sparse_groups() -> None:
    """Two far-apart values (10 s, 10 h) or 164 spread ones: p50 and p90 within 1 % or 1 s."""
    rng = np.random.default_rng(7)
    for values in (np.array([10.0, 36_000.0]), np.exp(rng.uniform(0, 12, 164))):
        buckets, counts = np.unique(percentiles.bucket_of(values), return_counts=True)
        for quantile in (0.5, 0.9):
            exact = float(np.percentile(values, 100 * quantile))
            approximate = percentiles.percentile(buckets, counts, quantile)
            assert approximate is not None
            assert abs(approximate - exact) <= max(1.0, 0.01 * exact)


def test_histograms_merge_by_addition_through_their_bytes() -> None:
    """Two cells' blobs decode to their entries; merged, the median of 1, 2 and 3 s reads 2.5 s.

    Each value stands for its 1 s bucket's midpoint, 0.5 s off: within the 1 s allowed.
    """
    first = percentiles.encode(np.array([0]), np.array([1]), np.array([1]))
    second = percentiles.encode(np.array([0, 0]), np.array([2, 3]), np.array([1, 1]))
    owner, metric, bucket, count = percentiles.decode([first, second], np.array([0, 1]))
    assert owner.tolist() == [0, 1, 1] and metric.tolist() == [0, 0, 0]
    assert percentiles.percentile(bucket, count, 0.5) == 2.5
