"""The heat map's query (answered within target by weekday × hour) beside a raw-row read.

``python -m bench.response_hours --db URL [--channel chat] [--repeats 5]`` on a database
filled by ``pulse demo --interactions 1000000``: for the 30 and 90 days ending on the newest
interaction's day, the median time of ``response_by_hour`` (one channel counted by the
database through the ``(channel, created_at)`` index), of the reference it replaces (reading
that channel's rows of the window with ``pandas.read_sql`` and grouping them in pandas), and
of the KPI report per channel (summary cells) the page reads beside it. Prints the plan the
database chose, the machine and the load average. Never part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, text

from data_sources.engine import make_engine
from data_sources.queries import newest_interaction_day
from data_sources.report import kpi_report
from data_sources.response_hours import response_by_hour
from data_sources.scope import Scope
from data_sources.settings import channel_targets
from kpis.window import Window


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    action()  # warm: the first run pays for the page cache, not the query
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_then_group(connection: Connection, window: Window, channel: str) -> pd.DataFrame:
    """The reference: every row of the channel in the window, grouped in pandas."""
    rows = pd.read_sql(
        text(
            "SELECT created_at, first_response_at FROM interaction "
            "WHERE channel = :channel AND created_at >= :start AND created_at < :end"
        ),
        connection,
        params={"channel": channel, "start": window.start, "end": window.end},
    )
    created = pd.to_datetime(rows["created_at"], utc=True, format="mixed")
    answered = pd.to_datetime(rows["first_response_at"], utc=True, format="mixed")
    target = channel_targets(connection)[channel]
    seconds = (answered - created).dt.total_seconds()
    as_of = min(window.end, datetime.now(UTC))
    frame = pd.DataFrame(
        {
            "weekday": created.dt.day_of_week,
            "hour": created.dt.hour,
            "answered": answered.notna(),
            "unanswered_breached": answered.isna()
            & ((as_of - created).dt.total_seconds() > target),
            "sla_met": seconds <= target,
        }
    )
    return frame.groupby(["weekday", "hour"]).sum().reset_index()


def plan(connection: Connection, window: Window, channel: str) -> str:
    where = "channel = :channel AND created_at >= :start AND created_at < :end"
    params = {"channel": channel, "start": window.start, "end": window.end}
    if connection.dialect.name == "sqlite":
        query = f"EXPLAIN QUERY PLAN SELECT count(*) FROM interaction WHERE {where}"  # noqa: S608
        params = {k: v.strftime("%Y-%m-%d %H:%M:%S.%f") if k != "channel" else v
                  for k, v in params.items()}  # fmt: skip
        return "; ".join(str(row[-1]) for row in connection.execute(text(query), params))
    query = f"EXPLAIN SELECT count(*) FROM interaction WHERE {where}"  # noqa: S608
    return "; ".join(str(row[0]).strip() for row in connection.execute(text(query), params))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--channel", default="chat")
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    engine = make_engine(arguments.db)
    everyone, channel = Scope.everything(), arguments.channel
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM interaction")).scalar_one()
        newest = newest_interaction_day(connection=connection, scope=everyone)
        assert newest is not None
        print(f"database: {engine.dialect.name}, {total:,} interactions, newest {newest}")
        for days in (30, 90):
            window = Window.last_days(days, until=newest)
            as_of = min(window.end, datetime.now(UTC))
            hours = response_by_hour(
                connection, window=window, as_of=as_of, scope=everyone, channel=channel
            )
            reference = read_then_group(connection, window, channel)
            same = (
                hours[["weekday", "hour", "answered", "sla_met"]]
                .sort_values(["weekday", "hour"])
                .to_numpy()
                .tolist()
                == reference[reference["answered"] + reference["unanswered_breached"] > 0][
                    ["weekday", "hour", "answered", "sla_met"]
                ]
                .astype(int)
                .sort_values(["weekday", "hour"])
                .to_numpy()
                .tolist()
            )
            query = median_seconds(
                lambda w=window, a=as_of: response_by_hour(
                    connection, window=w, as_of=a, scope=everyone, channel=channel
                ),
                arguments.repeats,
            )
            scan = median_seconds(
                lambda w=window: read_then_group(connection, w, channel), arguments.repeats
            )
            cells = median_seconds(
                lambda w=window, a=as_of: kpi_report(
                    connection, window=w, as_of=a, scope=everyone, by="channel"
                ),
                arguments.repeats,
            )
            eligible = int((hours["answered"] + hours["unanswered_breached"]).sum())
            print(
                f"{days:>2} days, {channel} ({eligible:,} eligible, {len(hours)} cells): "
                f"heat-map query {query * 1000:.0f} ms, read-then-group {scan * 1000:.0f} ms "
                f"({scan / query:.1f}× the query), KPI report per channel {cells * 1000:.0f} ms; "
                f"same counts: {same}"
            )
        print("plan:", plan(connection, Window.last_days(30, until=newest), channel))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
