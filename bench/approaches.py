"""The two reference ways to compute the overview, beside the engine (``performance-notes.md``).

Both compute, for a 90-day window, per team and per ISO week: volume, first-response median
and p90, resolution median, answered-within-target, escalation, transfer and reopen rates and
CSAT — the bulk of the overview's work, percentiles included.

- read-then-group: ``pandas.read_sql`` of the window's rows, then pandas ``groupby``.
- DuckDB over a Parquet copy of the same interactions (the full-scan reference).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from sqlalchemy import Engine, text

from kpis.window import Window

ROWS = """
    SELECT *, epoch(first_response_at) - epoch(created_at) AS frt,
      epoch(resolved_at) - epoch(created_at) AS resolution,
      CASE channel WHEN 'phone' THEN 18 WHEN 'chat' THEN 60 ELSE 86400 END AS target,
      date_trunc('week', created_at) AS week
    FROM interaction WHERE created_at >= $start AND created_at < $end
"""


def _summaries(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = rows.groupby(key)
    return pd.DataFrame(
        {
            "volume": grouped.size(),
            "first_response_median": grouped["frt"].quantile(0.5),
            "first_response_p90": grouped["frt"].quantile(0.9),
            "resolution_median": grouped["resolution"].quantile(0.5),
            "response_sla_rate": grouped["met"].sum() / grouped["frt"].count(),
            "escalation_ratio": grouped["escalated"].mean(),
            "transfer_rate": grouped["transferred"].mean(),
            "reopen_rate": grouped["reopened"].sum() / grouped["resolution"].count(),
            "csat_avg": grouped["csat"].mean(),
        }
    )


def read_then_group(engine: Engine, window: Window) -> tuple[pd.DataFrame, pd.DataFrame]:
    query = text(
        "SELECT team_id, channel, created_at, first_response_at, resolved_at, escalated,"
        " transfers, reopens, csat FROM interaction"
        " WHERE created_at >= :start AND created_at < :end"
    )
    sqlite = engine.dialect.name == "sqlite"
    bounds = {
        "start": window.start.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else window.start,
        "end": window.end.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else window.end,
    }
    with engine.connect() as connection:
        rows = pd.read_sql(query, connection, params=bounds)
    for column in ("created_at", "first_response_at", "resolved_at"):
        rows[column] = pd.to_datetime(rows[column], utc=True, format="ISO8601")
    rows["frt"] = (rows["first_response_at"] - rows["created_at"]).dt.total_seconds()
    rows["resolution"] = (rows["resolved_at"] - rows["created_at"]).dt.total_seconds()
    target = rows["channel"].map({"phone": 18, "chat": 60}).fillna(86_400)
    rows["met"] = rows["frt"] <= target
    rows["escalated"] = rows["escalated"].astype(bool)
    rows["transferred"] = rows["transfers"] >= 1
    rows["reopened"] = rows["resolved_at"].notna() & (rows["reopens"] >= 1)
    rows["week"] = rows["created_at"].dt.tz_convert(None).dt.to_period("W-SUN").dt.start_time
    return _summaries(rows, "team_id"), _summaries(rows, "week")


def duckdb_over_parquet(path: Path, window: Window) -> tuple[pd.DataFrame, pd.DataFrame]:
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.read_parquet(str(path)).create_view("interaction")
    results = []
    for key in ("team_id", "week"):
        query = f"""
            SELECT {key}, count(*) AS volume,
              quantile_cont(frt, 0.5) AS first_response_median,
              quantile_cont(frt, 0.9) AS first_response_p90,
              quantile_cont(resolution, 0.5) AS resolution_median,
              count(*) FILTER (WHERE frt <= target) / count(frt) AS response_sla_rate,
              avg(escalated::int) AS escalation_ratio,
              avg((transfers >= 1)::int) AS transfer_rate,
              count(*) FILTER (WHERE resolution IS NOT NULL AND reopens >= 1)
                / count(resolution) AS reopen_rate,
              avg(csat) AS csat_avg
            FROM ({ROWS}) GROUP BY {key} ORDER BY {key}
        """  # noqa: S608 - fixed column names and a file path the benchmark wrote
        results.append(connection.execute(query, {"start": window.start, "end": window.end}).df())
    connection.close()
    return results[0], results[1]
