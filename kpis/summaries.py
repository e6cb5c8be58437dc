"""Sum facts into groups, and take their percentiles exactly or from histograms.

Facts frames (``kpis/facts.py``) carry counters and durations per row; a summary is their
sums per group plus, for the percentile KPIs, either the exact values' percentiles or the
histogram entries ``(group…, metric, bucket, count)`` that merge by addition
(``kpis/percentiles.py``). The summary cells and the reports both go through here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kpis import percentiles
from kpis.calculations import percentile_column
from kpis.facts import COUNTERS, OPEN_COUNTERS
from kpis.registry import KPIS, Kpi, Percentile

SUMMABLE = (*COUNTERS, *OPEN_COUNTERS)
HISTOGRAM_COLUMNS = ("metric", "bucket", "count")


def sums(frames: Sequence[pd.DataFrame], keys: Sequence[str]) -> pd.DataFrame:
    """Every counter summed per group of ``keys`` (0 where a frame lacks it)."""
    parts = []
    for frame in frames:
        counters = [name for name in SUMMABLE if name in frame]
        if len(frame) and counters:
            parts.append(frame.groupby(list(keys), sort=False)[counters].sum())
    if not parts:
        return pd.DataFrame(columns=list(SUMMABLE), index=_empty_index(keys), dtype=float)
    total = pd.concat(parts).fillna(0)
    return total.groupby(level=list(range(len(keys))), sort=True).sum()


def _empty_index(keys: Sequence[str]) -> pd.Index:
    if len(keys) == 1:
        return pd.Index([], name=keys[0])
    return pd.MultiIndex.from_arrays([[] for _ in keys], names=list(keys))


def histogram_entries(frames: Sequence[pd.DataFrame], keys: Sequence[str]) -> pd.DataFrame:
    """The histogram of every measured duration, as rows ``keys… metric bucket count``."""
    parts = []
    for frame in frames:
        for index, metric in enumerate(percentiles.METRICS):
            if metric not in frame:
                continue
            measured = frame.loc[frame[metric].notna(), list(keys)].copy()
            measured["metric"] = index
            measured["bucket"] = percentiles.bucket_of(frame.loc[measured.index, metric].to_numpy())
            parts.append(measured)
    columns = [*keys, *HISTOGRAM_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    every = pd.concat(parts, ignore_index=True)
    counted = every.groupby([*keys, "metric", "bucket"], sort=False).size()
    return counted.rename("count").reset_index()


def _percentile_kpis(kpis: Sequence[Kpi]) -> list[Percentile]:
    return [k.calculation for k in kpis if isinstance(k.calculation, Percentile)]


def exact_percentiles(
    frames: Sequence[pd.DataFrame], keys: Sequence[str], *, kpis: Sequence[Kpi] = KPIS
) -> pd.DataFrame:
    """Linear-interpolation percentiles of the raw durations per group."""
    columns = {}
    for calculation in _percentile_kpis(kpis):
        measured = [f for f in frames if calculation.metric in f and len(f)]
        if not measured:
            continue
        values = pd.concat([f[[*keys, calculation.metric]] for f in measured])
        values = values[values[calculation.metric].notna()]
        if values.empty:
            continue
        grouped = values.groupby(list(keys))[calculation.metric]
        columns[percentile_column(calculation)] = grouped.quantile(calculation.quantile)
    return pd.DataFrame(columns)


def histogram_percentiles(
    entries: pd.DataFrame, keys: Sequence[str], *, kpis: Sequence[Kpi] = KPIS
) -> pd.DataFrame:
    """Percentiles per group from merged histogram entries (``histogram_entries`` rows)."""
    columns: dict[str, dict[object, float | None]] = {}
    if entries.empty:
        return pd.DataFrame()
    wanted = _percentile_kpis(kpis)
    for (*group, metric), rows in entries.groupby([*keys, "metric"], sort=False):
        key = group[0] if len(group) == 1 else tuple(group)
        buckets = rows["bucket"].to_numpy(dtype=np.int64)
        counts = rows["count"].to_numpy(dtype=np.int64)
        for calculation in wanted:
            if percentiles.METRICS.index(calculation.metric) == metric:
                value = percentiles.percentile(buckets, counts, calculation.quantile)
                columns.setdefault(percentile_column(calculation), {})[key] = value
    frame = pd.DataFrame(columns)
    if len(keys) > 1 and len(frame):
        frame.index = pd.MultiIndex.from_tuples(frame.index, names=list(keys))
    else:
        frame.index.name = keys[0]
    return frame
