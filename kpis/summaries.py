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
from kpis.percentiles import Floats, Ints
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


DENSE_LIMIT = 4_000_000
"""Most counters (groups × metrics × buckets) merged at once: 32 MB; more groups go in turns."""


def coded_percentiles(
    codes: Ints,
    metrics: Ints,
    buckets: Ints,
    counts: Floats,
    *,
    groups: int,
    kpis: Sequence[Kpi] = KPIS,
) -> pd.DataFrame:
    """Percentiles of groups numbered 0…groups-1 (``codes``), one row per group.

    Vectorised over groups: the entries are added into a dense array group × metric × bucket,
    whose cumulative counts locate each percentile's two neighbouring values.
    """
    wanted = _percentile_kpis(kpis)
    results = np.full((groups, len(wanted)), np.nan)
    if len(codes):
        lowest, width = int(buckets.min()), int(buckets.max() - buckets.min()) + 1
        per_turn = max(1, DENSE_LIMIT // (len(percentiles.METRICS) * width))
        for first in range(0, groups, per_turn):
            chosen = (codes >= first) & (codes < first + per_turn)
            dense = _dense(codes[chosen] - first, metrics[chosen], buckets[chosen] - lowest,
                           counts[chosen], min(per_turn, groups - first), width)  # fmt: skip
            results[first : first + per_turn] = _percentiles_of(dense, lowest, wanted)
    return pd.DataFrame(results, columns=[percentile_column(c) for c in wanted])


def _dense(
    group: Ints, metric: Ints, bucket: Ints, count: Floats, groups: int, width: int
) -> Floats:
    metrics = len(percentiles.METRICS)
    index = (group * metrics + metric) * width + bucket
    added = np.bincount(index, weights=count, minlength=groups * metrics * width)
    return np.asarray(added, dtype=np.float64).reshape(groups, metrics, width)


def _percentiles_of(dense: Floats, lowest: int, wanted: list[Percentile]) -> Floats:
    """Each wanted percentile per group (rows of ``dense``), NaN where a group has no value."""
    width = dense.shape[2]
    values = percentiles.representative(np.arange(lowest, lowest + width, dtype=np.int64))
    cumulative = np.cumsum(dense, axis=2)
    results = np.full((dense.shape[0], len(wanted)), np.nan)
    for column, calculation in enumerate(wanted):
        counted = cumulative[:, percentiles.METRICS.index(calculation.metric), :]
        last = np.maximum(counted[:, -1] - 1, 0)
        position = last * calculation.quantile
        lower = np.floor(position)
        upper = np.minimum(lower + 1, last)
        low = values[(counted <= lower[:, None]).sum(axis=1).clip(max=width - 1)]
        high = values[(counted <= upper[:, None]).sum(axis=1).clip(max=width - 1)]
        found = low + (position - lower) * (high - low)
        results[:, column] = np.where(counted[:, -1] > 0, found, np.nan)
    return results
