"""``make bench``: the KPI engine beside DuckDB over Parquet and read-then-group, side by side.

``python -m bench [--sizes 1000000,10000000] [--databases sqlite,postgresql] [--postgres URL]``
generates each size of synthetic interactions (``bench/synthetic.py``, 180 days), loads it
into a scratch SQLite file and a scratch PostgreSQL database, builds the summary cells, then
measures over the last 90 days: the engine in a fresh serving process (``bench/probe.py``),
DuckDB over a Parquet copy of the same rows, and ``read_sql`` then pandas. It prints seconds
and ratios, and how far the engine's percentiles are from DuckDB's exact ones. Never part of
``make test``: at 10 M it runs for many minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import approaches, synthetic
from bench.probe import AS_OF, WINDOW
from data_sources.aggregates import refresh_after_write
from data_sources.engine import make_engine
from data_sources.report import kpi_report
from data_sources.schema import upgrade
from data_sources.scope import Scope

DAYS = 180
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def median_time(action: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scratch_postgres(server: str) -> tuple[str, Any]:
    name = f"pulse_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    return url, drop


def load(url: str, data: dict[str, synthetic.Columns]) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with engine.begin() as connection:
        synthetic.organisation(connection)
        for table, columns in data.items():
            synthetic.write(connection, table, columns)
    rows = time.perf_counter() - started
    started = time.perf_counter()
    days = synthetic.days_of(data["interaction"].arrays[4])
    for first in range(0, len(days), 15):
        with engine.begin() as connection:
            refresh_after_write(connection, days=days[first : first + 15])
    cells = time.perf_counter() - started
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()
    engine.dispose()
    return {"load_rows": rows, "build_cells": cells}


def percentile_error(url: str, exact: Any) -> float:
    """The largest error of the engine's per-team percentiles, in units of the allowed error."""
    engine = make_engine(url)
    with engine.connect() as connection:
        frame = kpi_report(
            connection, window=WINDOW, as_of=AS_OF, scope=Scope.everything(), by="team"
        )
    engine.dispose()
    merged = frame.merge(exact, on="team_id", suffixes=("", "_exact"))
    worst = 0.0
    for kpi_id in ("first_response_median", "first_response_p90", "resolution_median"):
        for got, want in zip(merged[kpi_id], merged[f"{kpi_id}_exact"], strict=True):
            worst = max(worst, abs(got - want) / max(1.0, 0.01 * abs(want)))
    return worst


def run(size: int, databases: list[str], server: str, workdir: Path) -> list[dict[str, Any]]:
    started = time.perf_counter()
    interactions = synthetic.interactions(size, days=DAYS, seed=size)
    data = {
        "interaction": interactions,
        "promise": synthetic.promises(interactions, seed=size),
        "qareview": synthetic.reviews(interactions, seed=size),
    }
    generated = time.perf_counter() - started
    parquet = workdir / f"interactions-{size}.parquet"
    synthetic.parquet(interactions, str(parquet))
    duck = median_time(lambda: approaches.duckdb_over_parquet(parquet, WINDOW), 3)
    exact_by_team, _ = approaches.duckdb_over_parquet(parquet, WINDOW)
    results = []
    for database in databases:
        drop = None
        if database == "sqlite":
            path = workdir / f"bench-{size}.db"
            path.unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        else:
            url, drop = scratch_postgres(server)
        try:
            loaded = load(url, data)
            error = percentile_error(url, exact_by_team)  # before the probe adds rows
            probe = subprocess.run(
                [sys.executable, "-m", "bench.probe", url, str(size + 1)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            engine_figures = json.loads(probe.stdout)
            engine = make_engine(url)
            naive = median_time(
                lambda e=engine: approaches.read_then_group(e, WINDOW), 1 if size > 2_000_000 else 3
            )
            engine.dispose()
        finally:
            if drop:
                drop()
            if database == "sqlite":
                path.unlink(missing_ok=True)
        results.append(
            {"size": size, "database": database, "generate": generated, "duckdb": duck,
             "read_then_group": naive, "percentile_error": error, **loaded, **engine_figures}
        )  # fmt: skip
        print(json.dumps(results[-1]), file=sys.stderr)
    parquet.unlink(missing_ok=True)
    return results


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:.0f} ms"


COLUMNS: list[tuple[str, Any]] = [
    ("interactions", lambda r: f"{r['size']:,}"),
    ("database", lambda r: r["database"]),
    ("engine: overview (team + week)", lambda r: _ms(r["overview"])),
    ("engine: one team by agent", lambda r: _ms(r["one_team_by_agent"])),
    ("DuckDB over Parquet", lambda r: f"{r['duckdb']:.2f} s"),
    ("read then group", lambda r: f"{r['read_then_group']:.1f} s"),
    ("read-then-group ÷ engine", lambda r: f"{r['read_then_group'] / r['overview']:.0f}×"),
    ("DuckDB ÷ engine", lambda r: f"{r['duckdb'] / r['overview']:.1f}×"),
    ("first overview after +10 k", lambda r: _ms(r["first_overview_after_import"])),
    ("+10 k: rows / cells added / whole days", lambda r: f"{_ms(r['import_10k_rows'])} / "
                                             f"{_ms(r['import_10k_cells'])} / "
                                             f"{_ms(r['import_10k_cells_whole_days'])}"),
    ("serving peak RSS", lambda r: f"{r['peak_rss_mb']:.0f} MB"),
    ("worst percentile error ÷ allowed", lambda r: f"{r['percentile_error']:.2f}"),
    ("load rows / build all cells", lambda r: f"{r['load_rows']:.0f} s / {r['build_cells']:.0f} s"),
]  # fmt: skip


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |"]
    lines.append("|" + "---|" * len(COLUMNS))
    for result in results:
        lines.append("| " + " | ".join(cell(result) for _, cell in COLUMNS) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres", default=os.environ.get("PULSE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    arguments = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="pulse-bench-") as workdir:
        for size in (int(s) for s in arguments.sizes.split(",")):
            results += run(size, arguments.databases.split(","), arguments.postgres, Path(workdir))
    machine = f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
