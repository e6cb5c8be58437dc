"""Import throughput: N native interactions (CSV) into SQLite and PostgreSQL, beside references.

``python -m bench.import_throughput [--rows 1000000] [--databases sqlite,postgresql]
[--postgres URL] [--reference DIR]`` (part of ``make bench``; ``make bench-import`` alone).

The file is written once (seeded: 12 teams, 80 agents, six channels, 200,000 customers, times
over 90 days). Each database then gets, side by side in one run and each in a fresh child
process (so ``ru_maxrss`` is that process's own peak memory):

- **the import**: ``pipeline.import_file`` into an empty database: rows/s, wall and CPU
  seconds, peak RSS, and the seconds spent keeping the summary cells (the share issue 3 caps
  at 25 %);
- **whole days**: right after, in a transaction rolled back, the cells recomputed over every
  day the file touched (``refresh_after_write(days=...)``, what imports did before the cells
  were kept from the parsed rows): its seconds as a share of the same import;
- **bare insert**: the same rows, already parsed into tuples outside the timer, written into
  an empty ``interaction`` table with its indexes by ``executemany`` / ``COPY`` 5,000 at a time:
  the floor any importer of this schema pays, without validation, keys, cells or themes;
- with ``--reference DIR`` (a checkout of an earlier commit, e.g. ``git archive``), the same
  import by that code, so a before/after ratio comes from one run on one load;
- with ``--floor``, where the database's own time goes per row: the bare insert again into a
  schema without the foreign keys of ``interaction``, and into one without its secondary
  indexes, each with the CPU seconds of the process doing the database's work (SQLite: this
  process; PostgreSQL: the connection's server process, read from ``/proc``, so only when the
  server runs on this machine) — as µs per row beside the bare insert's own.

PostgreSQL gets scratch schemas that are dropped afterwards. The load average is printed with
the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

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


DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BARE_BATCH = 5_000


def measure_import(url: str, path: Path) -> dict[str, Any]:
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
    figures: dict[str, Any] = {
        "rows": summary.rows_read,
        "inserted": summary.inserted,
        "quarantined": summary.quarantined,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),  # this process only: the database server's work is not
        "rows_per_second": round(summary.rows_read / seconds),
        "peak_rss_mb": round(peak_mb),
        "cells_seconds": round(sum(cells), 2),
    }
    figures["whole_days_seconds"] = round(_whole_days(engine), 2)
    engine.dispose()
    return figures


def _time_cell_upkeep(pipeline: Any) -> list[float]:
    """Seconds of summary-cell upkeep: the new rows' cells (``Upkeep.seconds_cells``) plus any
    recompute of days (updated rows), added up in the returned list."""
    spent: list[float] = []
    refresh = pipeline.refresh_after_write

    def timed(connection: Any, *, days: Any) -> None:
        began = time.perf_counter()
        refresh(connection, days=days)
        spent.append(time.perf_counter() - began)

    pipeline.refresh_after_write = timed
    if hasattr(pipeline, "Upkeep"):  # earlier code (--reference) recomputed whole days only

        class Counted(pipeline.Upkeep):  # type: ignore[misc, name-defined]
            def finish(self) -> None:
                super().finish()
                spent.append(self.seconds_cells)

        pipeline.Upkeep = Counted
    return spent


def _whole_days(engine: Any) -> float:
    """Seconds to recompute the cells of every day holding interactions (rolled back)."""
    from data_sources.aggregates import refresh_after_write
    from data_sources.kpi_rows import interaction

    with engine.connect() as connection:
        transaction = connection.begin()
        first, last = connection.execute(
            select(func.min(interaction.c.created_at), func.max(interaction.c.created_at))
        ).one()
        days = [first.date() + timedelta(days=n) for n in range((last - first).days + 2)]
        began = time.perf_counter()
        for start in range(0, len(days), 7):  # a week at a time, as imports did
            refresh_after_write(connection, days=days[start : start + 7])
        seconds = time.perf_counter() - began
        transaction.rollback()
    return seconds


# ``--floor``: what the bare insert is measured without (``--child bare-<variant>``).
WITHOUT = ("foreign-keys", "secondary-indexes")


def measure_bare(url: str, path: Path, without: str | None = None) -> dict[str, Any]:
    """Write the file's rows, parsed outside the timer, straight into ``interaction`` (with
    ``without``, after dropping its foreign keys or its secondary indexes)."""
    from data_sources.engine import make_engine
    from data_sources.importing import bulk
    from data_sources.models import Interaction
    from data_sources.schema import upgrade

    engine = make_engine(url)
    upgrade(engine)
    table = Interaction.__table__  # type: ignore[attr-defined]
    if without is not None:
        _drop(engine, table, without)
    columns = (
        "id", "source", "external_id", "channel", "created_at", "team_id", "agent_id",
        "customer_id", "topic", "first_response_at", "resolved_at", "status", "escalated",
        "transfers", "reopens", "csat", "import_run_id", "content_hash",
    )  # fmt: skip
    spent = cpu = 0.0
    written = 0
    with engine.begin() as connection:
        run_id = _organisation(connection)
        database_cpu = _database_cpu(connection)
        for rows in _parsed(path, run_id):
            began, database_began = time.perf_counter(), database_cpu()
            bulk.insert(connection, table, columns, rows)
            spent += time.perf_counter() - began
            if database_began is not None:
                cpu += database_cpu() - database_began
            written += len(rows)
        began, database_began = time.perf_counter(), database_cpu()
    commit = time.perf_counter() - began
    committed = database_cpu()
    if database_began is not None and committed is not None:
        cpu += committed - database_began
    engine.dispose()
    seconds = spent + commit
    return {
        "rows": written,
        "seconds": round(seconds, 2),
        "rows_per_second": round(written / seconds),
        # µs of the database's CPU per row written (None: the server is not on this machine)
        "database_us_per_row": round(cpu / written * 1e6, 1)
        if database_began is not None
        else None,
    }


def _drop(engine: Any, table: Any, without: str) -> None:
    """Drop ``interaction``'s foreign keys or secondary indexes (a scratch database only)."""
    if without == "foreign-keys" and engine.dialect.name == "sqlite":
        # SQLite enforces them per connection (``engine._tune_sqlite``): switched off on every
        # connection opened from now on, and the ones already open are let go.
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _off(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=OFF")

        engine.dispose()
        return
    with engine.begin() as connection:
        if without == "foreign-keys":
            for key in table.foreign_key_constraints:
                connection.execute(text(f'ALTER TABLE interaction DROP CONSTRAINT "{key.name}"'))
        else:
            for index in table.indexes:
                connection.execute(text(f'DROP INDEX "{index.name}"'))


def _database_cpu(connection: Any) -> Any:
    """A clock of the CPU seconds spent doing this connection's database work: this process's
    on SQLite, the server process's on PostgreSQL (from ``/proc``); it answers None when that
    process is not on this machine."""
    if connection.dialect.name == "sqlite":
        return time.process_time
    pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    stat = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def server_cpu() -> float | None:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return server_cpu


def _organisation(connection: Any) -> int:
    """The teams and agents of the generated file, and a run for the rows to belong to."""
    from sqlalchemy import insert

    from data_sources.models import ImportRun, Person, Team

    team, person = Team.__table__, Person.__table__  # type: ignore[attr-defined]
    connection.execute(insert(team), [{"id": n + 1, "name": f"Team {n:02d}"} for n in range(12)])
    connection.execute(
        insert(person),
        [
            {"id": n + 1, "key": f"agent{n:02d}", "name": f"agent{n:02d}", "role": "agent",
             "team_id": n % 12 + 1}
            for n in range(80)
        ],
    )  # fmt: skip
    run = ImportRun.__table__  # type: ignore[attr-defined]
    values = dict(
        file_name="bare", source="file", format="native", started_at=datetime.now(UTC),
        status="running",
    )  # fmt: skip
    return int(connection.execute(insert(run).values(**values).returning(run.c.id)).scalar_one())


def _parsed(path: Path, run_id: int) -> Iterator[list[tuple[Any, ...]]]:
    """The file's rows as the stored tuples, ``BARE_BATCH`` at a time."""

    def moment(value: str) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    batch: list[tuple[Any, ...]] = []
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        next(reader)
        for number, row in enumerate(reader, start=1):
            ident, created, channel, team, agent, _customer, topic = row[:7]
            answered, resolved, transfers, reopens, csat = row[7:]
            batch.append((
                number, "file", ident, channel, moment(created), int(team[5:]) + 1,
                int(agent[5:]) + 1, None, topic, moment(answered), moment(resolved),
                "resolved" if resolved else "open", False, int(transfers), int(reopens),
                int(csat) if csat else None, run_id, f"{number:032x}",
            ))  # fmt: skip
            if len(batch) == BARE_BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _child(url: str, path: Path, what: str, code: Path | None = None) -> dict[str, Any]:
    environment = dict(os.environ)
    if code is not None:
        # The reference checkout's packages come first; this module is run as a script from
        # here, so it measures the earlier code the same way.
        environment["PYTHONPATH"] = str(code)
    command = [sys.executable, __file__, "--child", what, url, str(path)]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env=environment
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def _sqlite(scratch: Path, name: str) -> tuple[str, Any]:
    path = scratch / f"{name}.db"

    def drop() -> None:
        for leftover in scratch.glob(f"{name}.db*"):
            leftover.unlink()

    return f"sqlite:///{path}", drop


def _postgres(url: str) -> tuple[str, Any]:
    from data_sources.engine import make_engine

    schema = f"pulse_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}", drop


def measure(database: str, arguments: Any, scratch: Path, path: Path) -> dict[str, Any]:
    """The import, the bare insert and (with ``--reference``) the earlier code, one database."""

    def fresh(name: str) -> tuple[str, Any]:
        if database == "sqlite":
            return _sqlite(scratch, name)
        return _postgres(arguments.postgres)

    figures: dict[str, Any] = {"database": database, "load_before": _load()}
    parts: list[tuple[str, str, Path | None]] = [("import", "import", None), ("bare", "bare", None)]
    if arguments.reference:
        parts.append(("reference", "import", Path(arguments.reference).resolve()))
    if arguments.floor:
        parts += [(f"bare without {w}", f"bare-{w}", None) for w in WITHOUT]
    for label, what, code in parts:
        url, drop = fresh(label)
        try:
            figures[label] = _child(url, path, what, code)
        finally:
            drop()
        print(f"  {database} {label}: {json.dumps(figures[label])}", file=sys.stderr)
    figures["load_after"] = _load()
    return figures


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(rows: int, size_mb: float, results: list[dict[str, Any]]) -> str:
    lines = [
        f"{rows:,} native interactions, CSV {size_mb:.0f} MB",
        "| database | import rows/s | import s (CPU s) | peak RSS | cells kept | "
        "whole-day recompute | bare insert rows/s | import ÷ bare | before rows/s | "
        "after ÷ before | load (1/5/15 min) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        done, bare = result["import"], result["bare"]
        reference = result.get("reference")
        before = f"{reference['rows_per_second']:,}" if reference else "—"
        ratio = (
            f"{done['rows_per_second'] / reference['rows_per_second']:.1f}×" if reference else "—"
        )
        cells, days, seconds = done["cells_seconds"], done["whole_days_seconds"], done["seconds"]
        lines.append(
            f"| {result['database']} | {done['rows_per_second']:,} | {done['seconds']} "
            f"({done['cpu_seconds']}) | {done['peak_rss_mb']} MB | "
            f"{cells} s = {cells / seconds:.0%} | {days} s = {days / seconds:.0%} | "
            f"{bare['rows_per_second']:,} | {done['seconds'] / bare['seconds']:.2f} | {before} | "
            f"{ratio} | {result['load_before']} → {result['load_after']} |"
        )
    if any(f"bare without {w}" in result for result in results for w in WITHOUT):
        lines += ["", floor_report(results)]
    return "\n".join(lines)


def floor_report(results: list[dict[str, Any]]) -> str:
    """``--floor``: the bare insert with and without the foreign keys and secondary indexes."""
    lines = [
        "The bare insert, and what the database's work costs per row (µs of CPU: SQLite this "
        "process, driver included; PostgreSQL the server process)",
        "| database | schema | rows/s | µs of database CPU per row |",
        "|---|---|---|---|",
    ]
    for result in results:
        for label, schema in [("bare", "as migrated")] + [
            (f"bare without {w}", f"without {w.replace('-', ' ')}") for w in WITHOUT
        ]:
            if label in result:
                row = result[label]
                cost = row.get("database_us_per_row")
                lines.append(
                    f"| {result['database']} | {schema} | {row['rows_per_second']:,} | "
                    f"{'—' if cost is None else cost} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres", default=os.environ.get("PULSE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--reference", help="a checkout of earlier code to import with too")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also the bare insert without the foreign keys, and without the secondary indexes",
    )
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "URL", "FILE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        what, url, file = arguments.child
        if what == "import":
            print(json.dumps(measure_import(url, Path(file))))
        else:
            without = what.removeprefix("bare-") if what != "bare" else None
            print(json.dumps(measure_bare(url, Path(file), without)))
        return 0
    with tempfile.TemporaryDirectory(prefix="pulse-bench-") as scratch:
        path = Path(scratch) / "interactions.csv"
        write_file(path, arguments.rows)
        size_mb = path.stat().st_size / 1e6
        results = [
            measure(database, arguments, Path(scratch), path)
            for database in arguments.databases.split(",")
        ]
    machine = f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}")
    print(report(arguments.rows, size_mb, results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
