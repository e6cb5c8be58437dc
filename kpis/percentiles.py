"""Mergeable histograms for the percentile KPIs, within the error ``design/kpis.md`` allows.

A duration falls in a bucket: 1 s wide below 128 s, then log-spaced with ratio 1.015. Every
value is represented by its bucket's midpoint (arithmetic below 128 s, geometric above), which
is at most 0.5 s or 0.75 % away from it. Bucket counts add up, so the cells of many days,
agents and channels merge by addition.

The percentile of a merged histogram is the linear-interpolation percentile (NumPy's default,
PostgreSQL's ``percentile_cont``) of the representatives. Because buckets are ordered like the
values, the k-th smallest representative stands for the k-th smallest value, and the result is
the same convex combination of two representatives that the exact percentile is of two values:
its error is bounded by theirs, for every group, however sparse. That is why the bounds hold
where interpolating inside buckets (``performance-notes.md``: 8.6 % off) does not.

A histogram is serialised as little-endian int32 pairs ``(key, count)`` where ``key`` is
``metric × 100 000 + bucket + 50 000``; ``metrics`` name the measured durations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

LINEAR_LIMIT = 128.0  # seconds: below this, 1 s buckets
RATIO = 1.015
_LOG_RATIO = float(np.log(RATIO))
_OFFSET = 50_000
_STRIDE = 100_000

METRICS = ("frt", "resolution", "promise_early")
"""The durations the cells keep histograms of (``frt``, ``resolution``, ``due_at − kept_at``)."""

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def bucket_of(seconds: Floats) -> Ints:
    """The signed bucket of each duration (negative durations mirror the positive ones)."""
    magnitude = np.abs(seconds)
    linear = np.floor(magnitude)
    with np.errstate(divide="ignore"):
        logarithmic = LINEAR_LIMIT + np.floor(
            np.log(np.maximum(magnitude, LINEAR_LIMIT) / LINEAR_LIMIT) / _LOG_RATIO
        )
    bucket = np.where(magnitude < LINEAR_LIMIT, linear, logarithmic).astype(np.int64)
    return np.where(seconds < 0, -bucket - 1, bucket)


def representative(bucket: Ints) -> Floats:
    """The value that stands for every duration in ``bucket``."""
    magnitude_bucket = np.where(bucket < 0, -bucket - 1, bucket)
    linear = magnitude_bucket + 0.5
    logarithmic = LINEAR_LIMIT * RATIO ** (magnitude_bucket - LINEAR_LIMIT + 0.5)
    value = np.where(magnitude_bucket < LINEAR_LIMIT, linear, logarithmic)
    return np.where(bucket < 0, -value, value).astype(np.float64)


def pair_keys(metrics: Ints, buckets: Ints) -> Ints:
    """The serialised key of each (metric, bucket)."""
    return metrics * _STRIDE + buckets + _OFFSET


def encode(metrics: Ints, buckets: Ints, counts: Ints) -> bytes:
    """The bytes of histogram entries (metric and bucket with their counts)."""
    return np.column_stack([pair_keys(metrics, buckets), counts]).astype("<i4").tobytes()


def decode(blobs: Sequence[bytes], groups: Ints) -> tuple[Ints, Ints, Ints, Ints]:
    """All ``(group, metric, bucket, count)`` entries of many blobs, ``groups[i]`` owning blob i."""
    lengths = np.fromiter((len(blob) // 8 for blob in blobs), dtype=np.int64, count=len(blobs))
    pairs = np.frombuffer(b"".join(blobs), dtype="<i4").reshape(-1, 2).astype(np.int64)
    owner = np.repeat(np.asarray(groups, dtype=np.int64), lengths)
    metric, bucket = np.divmod(pairs[:, 0], _STRIDE)
    return owner, metric, bucket - _OFFSET, pairs[:, 1]


def percentile(buckets: Ints, counts: Ints, quantile: float) -> float | None:
    """The linear-interpolation ``quantile`` of a histogram; None when it is empty."""
    keep = counts > 0
    buckets, counts = buckets[keep], counts[keep]
    total = int(counts.sum())
    if total == 0:
        return None
    order = np.argsort(buckets, kind="stable")
    buckets, counts = buckets[order], counts[order]
    cumulative = np.cumsum(counts)
    position = (total - 1) * quantile
    lower = int(np.floor(position))
    fraction = position - lower
    upper = min(lower + 1, total - 1)
    values = representative(buckets[np.searchsorted(cumulative, [lower, upper], side="right")])
    return float(values[0] + fraction * (values[1] - values[0]))
