"""``make bench``: the KPI engine beside DuckDB over Parquet and read-then-group, side by side.

``python -m bench [--sizes 1000000,10000000] [--databases sqlite,postgresql] [--postgres URL]
[--keep DIR]`` generates each size of synthetic interactions (``bench/synthetic.py``, 180
days), loads it into a scratch SQLite file and a scratch PostgreSQL database, builds the
summary cells, then measures over the last 90 days: the engine in a fresh serving process
(``bench/probe.py``), DuckDB over a Parquet copy of the same rows, and ``read_sql`` then
pandas. It prints seconds and ratios, and how far the engine's percentiles are from DuckDB's
exact ones. Never part of
``make test``: at 10 M it runs for many minutes.

``--keep DIR`` builds each size once and reuses it: the SQLite file and the Parquet copy stay
in ``DIR``, the PostgreSQL database stays on the server as ``pulse_bench_keep_<size>``, and
``DIR/built-<size>-<database>.json`` records that the build finished (with its load times,
reported again by later runs). The probe's 10,000 extra interactions are taken out again
(rows and the days' cells) before each measurement, so every run sees the same data. A
database built before a schema migration is rebuilt.
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
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import approaches, synthetic
from bench.databases import (
    DEFAULT_POSTGRES,
    load_average,
    migration_names,
    schema_head,
    scratch_postgres,
)
from bench.probe import AS_OF, WINDOW
from data_sources.aggregates import refresh_after_write
from data_sources.engine import make_engine
from data_sources.report import kpi_report
from data_sources.schema import upgrade
from data_sources.scope import Scope

DAYS = 180


def median_time(action: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def take_out_probe_rows(url: str, size: int) -> None:
    """Delete the interactions a previous probe added (ids above ``size``) and recompute the
    cells of their days, so that a kept database is again exactly the generated data."""
    engine = make_engine(url)
    with engine.begin() as connection:
        sqlite = engine.dialect.name == "sqlite"
        day = "substr(created_at, 1, 10)" if sqlite else "(created_at AT TIME ZONE 'UTC')::date"
        found = connection.execute(
            text(f"SELECT DISTINCT {day} FROM interaction WHERE id > :size"),  # noqa: S608
            {"size": size},
        ).all()
        if found:
            connection.execute(text("DELETE FROM interaction WHERE id > :size"), {"size": size})
            days = [row[0] if not sqlite else date.fromisoformat(row[0]) for row in found]
            refresh_after_write(connection, days=days)
    engine.dispose()


def load(url: str, data: dict[str, synthetic.Columns]) -> dict[str, float]:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with engine.begin() as connection:
        synthetic.organisation(connection)
        for table, columns in data.items():
            synthetic.write(connection, table, columns)
    rows = time.perf_counter() - started
    engine.dispose()
    days = synthetic.days_of(data["interaction"].arrays[4])
    return {"load_rows": rows, "build_cells": build_cells(url, days)}


def build_cells(url: str, days: list[date]) -> float:
    """Build every summary cell of ``days``, 15 days a transaction; the seconds it took."""
    engine = make_engine(url)
    started = time.perf_counter()
    for first in range(0, len(days), 15):
        with engine.begin() as connection:
            refresh_after_write(connection, days=days[first : first + 15])
    cells = time.perf_counter() - started
    engine.dispose()
    vacuum(url)
    return cells


def vacuum(url: str) -> None:
    """On PostgreSQL, what autovacuum does after a bulk load (migration 0006 has it follow
    inserts closely), done at once so that the probe does not race it: statistics, and the
    visibility map the report's index-only reads need."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
    engine.dispose()


ROWS_UNCHANGED = ("0006_report_read_indexes",)
"""Migrations that add indexes and settings but change no stored row (so no cell either)."""


def migrated(url: str, size: int, built: dict[str, Any]) -> dict[str, Any]:
    """A kept database built before a newer migration: migrated, its cells built again unless
    every migration it missed leaves rows as they were (then vacuumed, as a build ends)."""
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    take_out_probe_rows(url, size)
    missed = [name for name in migration_names() if name > built["schema"]]
    if all(name in ROWS_UNCHANGED for name in missed):
        vacuum(url)
        return {**built, "schema": schema_head(), "migrated": missed}
    end = synthetic.END.date()
    days = [end - timedelta(days=n) for n in range(DAYS, -1, -1)]
    return {**built, "schema": schema_head(), "build_cells": build_cells(url, days)}


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


def generate(size: int) -> dict[str, synthetic.Columns]:
    interactions = synthetic.interactions(size, days=DAYS, seed=size)
    return {
        "interaction": interactions,
        "promise": synthetic.promises(interactions, seed=size),
        "qareview": synthetic.reviews(interactions, seed=size),
    }


class Data:
    """The generated rows of one size, made on first use (a fully kept run needs none)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.generated = 0.0
        self._data: dict[str, synthetic.Columns] | None = None

    def get(self) -> dict[str, synthetic.Columns]:
        if self._data is None:
            started = time.perf_counter()
            self._data = generate(self.size)
            self.generated = time.perf_counter() - started
        return self._data


def prepared(
    size: int, database: str, data: Data, server: str, workdir: Path, keep: bool
) -> tuple[str, dict[str, Any], Any]:
    """The database's URL with the data loaded (or reused when kept), its load figures, and
    the function that removes it afterwards (None when kept)."""
    marker = workdir / f"built-{size}-{database}.json"
    if database == "sqlite":
        path = workdir / f"bench-{size}.db"
        url, drop = f"sqlite:///{path}", (None if keep else lambda: path.unlink(missing_ok=True))
    else:
        name = f"pulse_bench_keep_{size}" if keep else None
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
    if keep and marker.exists():
        built = json.loads(marker.read_text())
        if built.get("schema") != schema_head():
            built = migrated(url, size, built)
            marker.write_text(json.dumps(built))
        else:
            take_out_probe_rows(url, size)
        return url, {**built, "reused": True}, None
    if database == "sqlite":
        path.unlink(missing_ok=True)
    else:
        url, remove = scratch_postgres(server, name)
        drop = None if keep else remove
    marker.unlink(missing_ok=True)
    loaded: dict[str, Any] = {**load(url, data.get()), "schema": schema_head()}
    if keep:
        marker.write_text(json.dumps(loaded))
    return url, {**loaded, "reused": False}, drop


def run(
    size: int, databases: list[str], server: str, workdir: Path, keep: bool = False
) -> list[dict[str, Any]]:
    data = Data(size)
    parquet = workdir / f"interactions-{size}.parquet"
    if not (keep and parquet.exists()):
        synthetic.parquet(data.get()["interaction"], str(parquet))
    duck = median_time(lambda: approaches.duckdb_over_parquet(parquet, WINDOW), 3)
    exact_by_team, _ = approaches.duckdb_over_parquet(parquet, WINDOW)
    results = []
    for database in databases:
        url, loaded, drop = prepared(size, database, data, server, workdir, keep)
        try:
            error = percentile_error(url, exact_by_team)  # before the probe adds rows
            uptime = load_average()
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
            if keep:
                take_out_probe_rows(url, size)
        finally:
            if drop:
                drop()
        results.append(
            {"size": size, "database": database, "generate": data.generated, "duckdb": duck,
             "read_then_group": naive, "percentile_error": error, "load_average": uptime,
             **loaded, **engine_figures}
        )  # fmt: skip
        print(json.dumps(results[-1]), file=sys.stderr)
    if not keep:
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
    ("load rows / build all cells", lambda r: f"{r['load_rows']:.0f} s / {r['build_cells']:.0f} s"
                                          + (" (kept)" if r.get("reused") else "")),
    ("load average at the probe", lambda r: r["load_average"]),
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
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build each size once into DIR (and a kept PostgreSQL database) and reuse it",
    )
    arguments = parser.parse_args()
    results = []
    sizes = [int(s) for s in arguments.sizes.split(",")]
    databases = arguments.databases.split(",")
    if arguments.keep:
        Path(arguments.keep).mkdir(parents=True, exist_ok=True)
        for size in sizes:
            results += run(size, databases, arguments.postgres, Path(arguments.keep), keep=True)
    else:
        with tempfile.TemporaryDirectory(prefix="pulse-bench-") as workdir:
            for size in sizes:
                results += run(size, databases, arguments.postgres, Path(workdir))
    machine = f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}; load average at the end: {load_average()}")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
