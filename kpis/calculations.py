"""Evaluate the registry's calculations over summed counters and percentiles.

``sums`` holds one row per group with a column per counter (``kpis/facts.py``) and
``percentiles`` a column ``metric@quantile`` per percentile KPI. A ratio or mean whose
denominator is 0 is null, never 0 (``design/kpis.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kpis.registry import KPIS, Count, Kpi, Mean, Percentile, Ratio


def percentile_column(calculation: Percentile) -> str:
    return f"{calculation.metric}@{calculation.quantile}"


def _total(sums: pd.DataFrame, counters: Sequence[str]) -> pd.Series:
    total = pd.Series(0.0, index=sums.index)
    for counter in counters:
        if counter in sums:
            total = total + sums[counter].fillna(0).astype(float)
    return total


def _divide(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype(float)


def kpi_values(
    sums: pd.DataFrame, percentiles: pd.DataFrame, *, kpis: Sequence[Kpi] = KPIS
) -> pd.DataFrame:
    """One column per KPI (NaN where undefined), indexed like ``sums``."""
    values = pd.DataFrame(index=sums.index)
    for kpi in kpis:
        calculation = kpi.calculation
        if isinstance(calculation, Count):
            values[kpi.id] = _total(sums, (calculation.counter,)).astype("int64")
        elif isinstance(calculation, Ratio):
            values[kpi.id] = _divide(
                _total(sums, calculation.numerator), _total(sums, calculation.denominator)
            )
        elif isinstance(calculation, Mean):
            values[kpi.id] = _divide(
                _total(sums, (calculation.total,)), _total(sums, (calculation.count,))
            )
        else:
            column = percentile_column(calculation)
            values[kpi.id] = (
                percentiles[column].reindex(sums.index).astype(float)
                if column in percentiles
                else np.nan
            )
    return values
