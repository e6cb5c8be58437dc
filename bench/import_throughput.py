"""Import throughput: N native interactions (CSV) into SQLite and PostgreSQL, with peak memory.

Run ``python -m bench.import_throughput [--rows 1000000] [--postgres URL]``. The file is written
once (seeded, hand-checkable shape: 12 teams, 80 agents, six channels, times over 90 days), then
each database imports it in a fresh child process, so the peak resident memory (``ru_maxrss``)
is the import's alone. PostgreSQL gets a scratch schema that is dropped afterwards; without
``--postgres`` (or ``PULSE_BENCH_POSTGRES_URL``) only SQLite is measured.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

CHANNELS = ("email", "phone", "chat", "social", "sms", "web")
HEADER = (
    "interaction_id", "created_at", "channel", "team", "agent", "customer_id", "topic",
    "first_response_at", "resolved_at", "transfers", "reopens", "csat",
)  # fmt: skip


def write_file(path: Path, rows: int, seed: int = 7) -> None:
    generator = random.Random(seed)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for number in range(rows):
            created = start + timedelta(seconds=generator.randrange(90 * 86_400))
            answered = created + timedelta(seconds=generator.randrange(60, 86_400))
            resolved = answered + timedelta(seconds=generator.randrange(60, 3 * 86_400))
            writer.writerow((
                f"T{number:08d}", created.strftime("%Y-%m-%dT%H:%M:%SZ"), CHANNELS[number % 6],
                f"Team {number % 12:02d}", f"agent{number % 80:02d}",
                f"C{generator.randrange(200_000)}",
                "billing", answered.strftime("%Y-%m-%dT%H:%M:%SZ"),
                resolved.strftime("%Y-%m-%dT%H:%M:%SZ") if number % 5 else "",
                number % 3, 0, (number % 5) + 1 if number % 4 == 0 else "",
            ))  # fmt: skip


def measure_one(url: str, path: Path) -> dict[str, object]:
    """Import ``path`` into ``url`` in this process; the figures as a dict."""
    from data_sources.engine import make_engine
    from data_sources.importing import pipeline
    from data_sources.schema import upgrade

    engine = make_engine(url)
    upgrade(engine)
    cells = _time_cell_upkeep(pipeline)
    began, cpu = time.perf_counter(), time.process_time()
    summary = pipeline.import_file(engine, path)
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": summary.rows_read,
        "inserted": summary.inserted,
        "quarantined": summary.quarantined,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),  # this process only: PostgreSQL's own work is not in it
        "rows_per_second": round(summary.rows_read / seconds),
        "peak_rss_mb": round(peak_mb),
        # Issue 3 allows summary-cell upkeep at most a quarter of the import's time.
        "cells_share": round(cells[0] / seconds, 3),
    }


def _time_cell_upkeep(pipeline: Any) -> list[float]:
    """Wrap the pipeline's summary-cell refresh so its seconds add up in the returned list."""
    spent = [0.0]
    refresh = pipeline.refresh_after_write

    def timed(connection: Any, *, days: Any) -> None:
        began = time.perf_counter()
        refresh(connection, days=days)
        spent[0] += time.perf_counter() - began

    pipeline.refresh_after_write = timed
    return spent


def _child(url: str, path: Path) -> dict[str, object]:
    command = [sys.executable, "-m", "bench.import_throughput", "--child", url, str(path)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("PULSE_BENCH_POSTGRES_URL"))
    parser.add_argument("--child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        print(json.dumps(measure_one(arguments.child[0], Path(arguments.child[1]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="pulse-bench-") as scratch:
        path = Path(scratch) / "interactions.csv"
        write_file(path, arguments.rows)
        size_mb = path.stat().st_size / 1e6
        load = os.getloadavg()[0]  # the machine is shared: say how busy it was
        print(f"{arguments.rows:,} native interactions, CSV {size_mb:.0f} MB, load {load:.1f}")
        results = {"sqlite": _child(f"sqlite:///{Path(scratch) / 'bench.db'}", path)}
        if arguments.postgres:
            results["postgresql"] = _postgres(arguments.postgres, path)
        for name, figures in results.items():
            print(
                f"  {name:<10} {figures['rows_per_second']:>9,} rows/s  "
                f"{figures['seconds']:>7} s (importer CPU {figures['cpu_seconds']} s)  "
                f"peak RSS {figures['peak_rss_mb']} MB, summary cells "
                f"{float(str(figures['cells_share'])):.0%} of the time"
            )
    return 0


def _postgres(url: str, path: Path) -> dict[str, object]:
    from data_sources.engine import make_engine

    schema = f"pulse_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in url else "?"
        return _child(f"{url}{separator}options=-csearch_path%3D{schema}", path)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
