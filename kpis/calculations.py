"""Evaluate the registry's calculations over summed counters and percentiles.

``sums`` holds one row per group with a column per counter (``kpis/facts.py``) and
``percentiles`` a column ``metric@quantile`` per percentile KPI. A ratio or mean whose
denominator is 0 is null, never 0 (``design/kpis.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kpis.percentiles import Floats
from kpis.registry import KPIS, Count, Kpi, Mean, Percentile, Ratio


def percentile_column(calculation: Percentile) -> str:
    return f"{calculation.metric}@{calculation.quantile}"


def _totals(sums: pd.DataFrame, counters: Sequence[str]) -> Floats:
    """The counters added up per row (0 where a counter is missing), as one array."""
    total = np.zeros(len(sums))
    for counter in counters:
        if counter in sums:
            total = total + sums[counter].fillna(0).to_numpy(dtype=np.float64)
    return total


def _divide(numerator: Floats, denominator: Floats) -> Floats:
    return numerator / np.where(denominator > 0, denominator, np.nan)


def kpi_values(
    sums: pd.DataFrame, percentiles: pd.DataFrame, *, kpis: Sequence[Kpi] = KPIS
) -> pd.DataFrame:
    """One column per KPI (NaN where undefined), indexed like ``sums``.

    Computed on NumPy arrays and made a frame once: a report evaluates every KPI of the
    registry, and a pandas operation per counter cost more than the report's reading.
    """
    values: dict[str, object] = {}
    for kpi in kpis:
        calculation = kpi.calculation
        if isinstance(calculation, Count):
            values[kpi.id] = _totals(sums, (calculation.counter,)).astype("int64")
        elif isinstance(calculation, Ratio):
            values[kpi.id] = _divide(
                _totals(sums, calculation.numerator), _totals(sums, calculation.denominator)
            )
        elif isinstance(calculation, Mean):
            values[kpi.id] = _divide(
                _totals(sums, (calculation.total,)), _totals(sums, (calculation.count,))
            )
        else:
            column = percentile_column(calculation)
            values[kpi.id] = (
                percentiles[column].reindex(sums.index).to_numpy(dtype=np.float64)
                if column in percentiles
                else np.full(len(sums), np.nan)
            )
    return pd.DataFrame(values, index=sums.index)
