"""``make bench``: how long analysing 1 M messages takes at import (issue 6: at most 2 minutes).

``python -m bench.transcripts [--messages 1000000] [--databases sqlite,postgresql]
[--postgres URL]`` writes a demo organisation large enough to hold about ``--messages``
messages, every interaction with its transcript (the demo's ``FULL_TRANSCRIPTS`` is raised
for the run), into a scratch SQLite file and a scratch PostgreSQL database, in one
transaction each as ``pulse demo`` does. The demo's last stage is the same
``analyse_after_write`` the importers call on what they wrote; it is timed alone (from the
stage's start to the end of the demo) and split into its parts: reading the messages, the
checks, storing findings / flags / themes, and bringing the text counters of the summary
cells along. It prints messages, seconds, messages per second, the parts and the load.
The checks remember texts they have already seen (``kpis.transcripts.forget_seen_texts``
empties those memos before each database, so each starts cold). The demo's messages are
written from templates, so texts repeat more than in real transcripts: agents' macros and
closing lines do repeat there, customers' own words much less.
Each time is given twice: wall time, and the CPU time of this process (``process_time``),
which is the honest figure on a shared machine. On PostgreSQL the CPU time leaves out the
server's share (its own processes parse, write and index what is sent).
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import data_sources.demo.batch as demo_batch
import data_sources.demo.transcripts as demo_transcripts
from data_sources import text_cells, transcript_analysis
from data_sources.demo import generate_demo
from data_sources.engine import make_engine
from data_sources.schema import upgrade
from kpis.transcripts import forget_seen_texts

MESSAGES_PER_INTERACTION = 5.5  # the demo's transcripts average 5.5 messages
TARGET_SECONDS = 120.0
NOW = datetime(2026, 11, 1, tzinfo=UTC)
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ANALYSIS_STAGE = "what the transcripts say"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Parts:
    """Seconds spent in each part of the analysis, by wrapping its functions for the run."""

    NAMES: ClassVar[dict[str, tuple[Any, str]]] = {
        "read": (transcript_analysis, "_read_batch"),
        "flags before": (transcript_analysis, "stored_flags"),
        "checks": (transcript_analysis, "analyse_batch"),
        "store": (transcript_analysis, "_store"),
        "cell counters": (text_cells.TextCellChanges, "apply"),
    }

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(self.NAMES, 0.0)
        self.cpu_seconds = dict.fromkeys(self.NAMES, 0.0)

    @contextmanager
    def timing(self) -> Iterator[None]:
        originals = {name: getattr(owner, attr) for name, (owner, attr) in self.NAMES.items()}
        for name, (owner, attr) in self.NAMES.items():
            setattr(owner, attr, self._timed(name, originals[name]))
        try:
            yield
        finally:
            for name, (owner, attr) in self.NAMES.items():
                setattr(owner, attr, originals[name])

    def _timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            began, began_cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - began
                self.cpu_seconds[name] += time.process_time() - began_cpu

        return timed


def _unique_texts(write: Callable[..., Any]) -> Callable[..., Any]:
    """``write_transcripts`` with a reference number added to every message: the demo writes
    from templates, and the checks remember texts they have seen, so unique texts show what
    the analysis costs on transcripts that never repeat themselves."""

    def written(*args: Any, **kwargs: Any) -> Any:
        out = write(*args, **kwargs)
        out.text = [f"{text} (ref {number})" for text, number in zip(out.text, out.id, strict=True)]
        return out

    return written


def run(url: str, interactions: int, *, unique: bool = False) -> dict[str, Any]:
    """Write the demo on ``url`` and time its analysis stage (``unique``: every message's
    text made unique first)."""
    engine = make_engine(url)
    upgrade(engine)
    forget_seen_texts()  # each database starts cold, not with the texts the last one checked
    stages: dict[str, float] = {}
    stage_cpu: dict[str, float] = {}

    def on_stage(stage: str) -> None:
        stages.setdefault(stage, time.perf_counter())
        stage_cpu.setdefault(stage, time.process_time())

    parts = Parts()
    full = demo_transcripts.FULL_TRANSCRIPTS
    demo_transcripts.FULL_TRANSCRIPTS = interactions  # every interaction gets its transcript
    write = demo_batch.write_transcripts
    if unique:
        demo_batch.write_transcripts = _unique_texts(write)
    load_before = load_average()
    try:
        with parts.timing(), engine.begin() as connection:
            began = time.perf_counter()
            summary = generate_demo(
                connection,
                interactions=interactions,
                seed=42,
                now=NOW,
                on_stage=on_stage,
            )
            ended, ended_cpu = time.perf_counter(), time.process_time()
    finally:
        demo_transcripts.FULL_TRANSCRIPTS = full
        demo_batch.write_transcripts = write
        engine.dispose()
    analysis = ended - stages[ANALYSIS_STAGE]
    return {
        "interactions": interactions,
        "messages": summary.messages,
        "analysis": analysis,
        "analysis_cpu": ended_cpu - stage_cpu[ANALYSIS_STAGE],
        "demo": ended - began,
        "parts": dict(parts.seconds),
        "parts_cpu": dict(parts.cpu_seconds),
        "load": f"{load_before} → {load_average()}",
    }


def scratch_postgres(server: str) -> tuple[str, Callable[[], None]]:
    name = f"pulse_bench_transcripts_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def report(database: str, result: dict[str, Any]) -> str:
    verdict = "within" if result["analysis"] <= TARGET_SECONDS else "OVER"
    parts = ", ".join(
        f"{name} {seconds:.1f} s ({result['parts_cpu'][name]:.1f} s CPU)"
        for name, seconds in result["parts"].items()
    )
    return (
        f"| {database} | {result['interactions']:,} | {result['messages']:,} | "
        f"{result['analysis']:.1f} s | {result['analysis_cpu']:.1f} s | "
        f"{result['messages'] / result['analysis']:,.0f} | "
        f"{verdict} {TARGET_SECONDS:.0f} s | {parts} | {result['demo']:.1f} s | "
        f"{result['load']} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.transcripts", description=__doc__)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres", default=os.environ.get("PULSE_BENCH_POSTGRES", DEFAULT_POSTGRES)
    )
    parser.add_argument(
        "--unique-texts",
        action="store_true",
        help="add a reference number to every message, so that no text repeats (real "
        "transcripts repeat far less than the demo's templates)",
    )
    options = parser.parse_args(argv)
    unique = options.unique_texts
    interactions = round(options.messages / MESSAGES_PER_INTERACTION)
    print(
        f"Analysing ~{options.messages:,} messages at import; {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, load {load_average()}"
        + ("; every message's text made unique" if unique else "")
    )
    print(
        "| database | interactions | messages | analysis (wall) | analysis (CPU) | messages/s | "
        "target | parts: wall (CPU) | "
        "whole demo | load (1, 5, 15 min: before → after) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for database in options.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="pulse-bench-transcripts-") as folder:
                result = run(f"sqlite:///{folder}/pulse.db", interactions, unique=unique)
        else:
            url, drop = scratch_postgres(options.postgres)
            try:
                result = run(url, interactions, unique=unique)
            finally:
                drop()
        print(report(database, result), flush=True)


if __name__ == "__main__":
    main()
