"""Load: N browser sessions on the overview and team pages while a 100,000-row import runs.

``python -m bench.load [--interactions 1000000] [--sessions 5,10,20,40] [--databases
sqlite,postgresql] [--postgres URL] [--keep DIR] [--import-rows 100000] [--duration 120]
[--think 5,15] [--replicas K] [--still]``
(part of ``make bench``; ``make bench-load`` runs it alone). Never part of ``make test``.

The demo organisation is built as ``bench/pages.py`` builds it (``--keep DIR`` reuses the
same built database). For each database and each N, in a fresh copy of that database (so
every row starts from the same data, without the previous row's import):

1. the app is served through ``bench/timed_app.py`` (the stopwatch logs every script run with
   its page), its output written to a log that is searched for errors afterwards, by
   ``--replicas`` Streamlit processes on the same database, as behind a load balancer with
   session affinity: session n is served by process n mod K throughout (one process runs
   Python on one core at a time, whatever the threads; K processes can use K cores);
2. one Chromium (Debian's, through Playwright) gets N browser contexts — N cookie jars, so N
   signed-in people — signed in through the real form, the even ones as the demo CEO, the odd
   ones as the demo leader. One browser with N contexts rather than N browsers: each context
   gets its own renderer anyway, but N browsers would each add a browser, GPU and network
   process (≈ 150 MB and a start-up each), which 40 sessions on two cores cannot spare. With
   ``--still`` the pages draw no CSS animation or transition (``STILL``: the running
   indicator, spinners, placeholders' shimmer and fades, redrawn every frame in every page
   that waits for a run, on the server's own cores; a person's browser draws them on their
   own machine); what is shown, and when, is the same;
3. ``pulse import`` of ``--import-rows`` new interactions (a native CSV the bench writes, in
   the demo's own teams and agents, over the last 30 days of the demo) starts in its own
   process, and at the same moment every session starts its loop, as people use the app
   (``next_step``, seeded per session). Its one whole page load was its sign-in (a ``goto``
   of the address and the form: Streamlit's frontend loaded, a websocket session opened,
   landing on the overview, the first page of both roles), before the clock for three
   sessions in four, timed as a ``form`` load for the late ones. It first takes a look of its
   own (0 to the longest think time, so that the sessions do not all click in the same
   second); from then on it stays in the app, each step one of:

   - ``sidebar-page``: it clicks the other page (Overview or Team) in the sidebar's
     navigation: a rerun over the same websocket, no reload. On its own page a person goes
     to the other page one step in five (``AWAY_SHARE``), away from it back three in five
     (``RETURN_SHARE``), so about three steps in four are on their own page;
   - ``widget``: it picks on the page it is on, through the page's widgets: another window
     in the sidebar's *Window* box (45 %), a channel in the sidebar's *Channels* (or, when
     one is picked, *Clear all*: 30 %), or — the CEO only — a team (25 %): the team page's
     own *Team* box, or on the overview the sidebar's *Teams* (one added, or cleared);
   - ``link``: one step in ten (``LINK_SHARE``) opens an address again, as someone opening
     a shared link or reloading (a ``goto``: the whole page loads, Streamlit's frontend and
     a new websocket session), so that cost stays measured: the person's own page three
     times in four, with a window, sometimes a channel, the CEO sometimes a team
     (``next_link``). After a failed step the next one opens their own page by its address
     (a person reloads a page that hung).

   Between two steps it looks at the page for 5–15 s (``--think``). The loop lasts
   ``--duration`` seconds and in any case until the import has ended, so the whole import
   runs under the load.

A step is timed in the browser from the click (or from asking for the address) until the new
content is shown. A link: the page loaded, then a KPI tile (or the "nothing matches" note)
drawn, the script run over and no placeholder left (the same waits as
``tests/browser/app_state.py``: on what the app shows, never the clock). A click: the address
says the step was taken (the new page's path, or the query parameter the widget writes),
then a script run that started after the click has ended (the frontend marks the app
element ``running`` and ``notRunning``; ``WATCH_RUNS`` counts the runs since the click), then
the same content waits — so the previous page's content, still on screen while the new run
starts, never counts as the new page. A step fails when that does not happen within
``LOAD_TIMEOUT`` seconds, or when the page shows an exception or an error message. A session
fails when any of its steps failed. Every load records ``how`` ("form" for a sign-in, "link",
"sidebar-page", "widget" with the widget picked) and the table gives p50 / p95 per kind beside
the overall ones. Server time is each script run's seconds from the stopwatch (and its
thread's CPU seconds); the stopwatch also logs the most connections the app's pool had out
at once and how long checkouts waited. Memory is the resident size (RSS) of the Streamlit
processes and any children, summed over the replicas, sampled every ``SAMPLE_SECONDS``, and
the proportional size (PSS) of the Chromium processes; CPU is taken per process tree (server,
Chromium: also per page load) and for the whole machine (``/proc/stat``).

The target's page time is the browser's (from asking until the content is shown: what a
person waits, queueing for the interpreter included); the server's script-run seconds are
kept beside it to tell a slow page from a queue.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import math
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from bench.databases import DEFAULT_POSTGRES, load_average
from bench.pages import TIMED_APP, UNTIL, each_demo
from bench.timed_app import RUN_LOG
from dashboard.local_server import CHROMIUM, CHROMIUM_ARGS, COOKIE, READY, ROOT, running_app
from data_sources.demo_accounts import DEMO_PASSWORDS, create_demo_accounts, demo_email
from data_sources.engine import make_engine
from data_sources.models import AccountRole, Channel

TARGET_SESSIONS, TARGET_P95 = 20, 2.0  # issue 8: 0 failures and p95 <= 2 s at 20 sessions
REPLICAS = 2  # Streamlit processes serving the app (2 cores; see bench/README.md, Load)
LOAD_TIMEOUT = 60.0  # seconds a page may take before the load counts as failed
IMPORT_CAP = 3600.0  # an import still running after this long is stopped and reported
SAMPLE_SECONDS = 0.5
SIGN_IN_AT_ONCE = 4  # sessions signing in together (each sign-in hashes a password)
CONTROL = {"StopException", "RerunException"}  # how Streamlit ends a run on purpose
PRESETS = ("7d", "30d", "90d")
PRESET_LABELS = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days"}
CHANNELS = ("email", "phone", "chat")
ALL_CHANNELS = tuple(channel.value for channel in Channel)  # the sidebar's Channels
LINK_SHARE = 0.1  # steps that open an address (a shared link, a reload): a whole page load
AWAY_SHARE = 0.2  # on their own page, steps that go to the other page in the sidebar
RETURN_SHARE = 0.6  # on the other page, steps that go back to their own page
WIDGETS = {"window": 0.45, "channel": 0.3, "team": 0.25}  # what a widget step picks (team: CEO)
PROBLEM = '[data-testid="stException"], [data-testid="stAlertContentError"]'
CONTENT = '[data-testid="stMetricValue"], [data-testid="stAlertContentInfo"]'
LOCKED = "database is locked"
SIGN_IN_BUSY = "busy saving an import"  # dashboard.sign_in_form.BUSY: a locked sign-in
SOURCE = "load-bench"


@dataclass(frozen=True)
class PageLoad:
    session: int
    role: str
    page: str  # "overview", "team", or "sign-in"
    how: str  # "link" (an address opened), "sidebar-page", "widget" or "form" (see Step)
    seconds: float | None  # None: the content was never shown
    problem: str | None = None  # what the page said instead, or the timeout
    widget: str = ""  # "window", "channel" or "team" when ``how`` is "widget"


@dataclass(frozen=True)
class Organisation:
    """What the sessions click through and the import writes into: the demo's teams."""

    teams: dict[int, str]  # id -> name
    agents: list[tuple[str, str]]  # (person key, team name)
    last_day: date


@dataclass(frozen=True)
class Pace:
    """How long the sessions load pages (at least until the import ends) and how many seconds
    a person looks at a page before the next step (drawn between the two)."""

    duration: float = 120.0
    think: tuple[float, float] = (5.0, 15.0)


@dataclass
class Samples:
    """Peak memory, and CPU seconds of the server's and Chromium's processes since ``phase``
    was set (the import's start): each process's last reading is kept after it ends."""

    server_mb: float = 0.0
    browser_mb: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)
    phase: threading.Event = field(default_factory=threading.Event)
    cpu: dict[str, dict[int, float]] = field(default_factory=lambda: {"server": {}, "browser": {}})
    cpu_at_phase: dict[str, float] = field(default_factory=dict)
    machine_at_phase: tuple[float, float] | None = None
    machine_busy: float = math.nan  # cores the whole machine kept busy in the phase

    def cpu_seconds(self, kind: str) -> float:
        """CPU seconds of ``kind``'s processes in the phase (NaN before it started)."""
        return sum(self.cpu[kind].values()) - self.cpu_at_phase.get(kind, math.nan)


# ---- pure parts (tests/test_bench_load.py) ------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below it
    (p95 of 1..20 is 19, p50 of 1..4 is 2). NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def error_lines(log: str) -> Counter[str]:
    """The server log's error lines, counted: each exception's last line of a traceback, and
    any other line naming an error or a locked database."""
    found: Counter[str] = Counter()
    lines = log.splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        after = lines[number + 1] if number + 1 < len(lines) else ""
        ends_traceback = re.match(r"^[\w.]+(Error|Exception|Exit)\b", stripped) and not (
            after.startswith((" ", "\t"))
        )
        if ends_traceback or LOCKED in stripped.lower() or " ERROR " in f" {stripped} ":
            found[stripped[:200]] += 1
    return found


def _locked(said: str) -> bool:
    """SQLite's "database is locked", in a traceback or as the sign-in form says it."""
    return LOCKED in said.lower() or SIGN_IN_BUSY in said


KINDS = ("link", "sidebar-page", "widget", "form")


def by_kind(loads: Sequence[PageLoad]) -> dict[str, tuple[int, int, float, float]]:
    """(loads, failed, p50, p95 of those shown) for each way of asking (``KINDS``, in that
    order, those that happened), then each widget picked (``"widget: window"``…)."""
    groups: dict[str, list[PageLoad]] = {kind: [] for kind in KINDS}
    for load in loads:
        groups.setdefault(load.how, []).append(load)
    for load in sorted(loads, key=lambda x: list(WIDGETS).index(x.widget) if x.widget else 0):
        if load.how == "widget":
            groups.setdefault(f"widget: {load.widget}", []).append(load)
    found = {}
    for kind, group in groups.items():
        shown = [x.seconds for x in group if x.seconds is not None and not x.problem]
        if group:
            failed = len(group) - len(shown)
            found[kind] = (len(group), failed, percentile(shown, 0.5), percentile(shown, 0.95))
    return found


def summary(
    database: str,
    sessions: int,
    loads: Sequence[PageLoad],
    runs: Sequence[dict[str, Any]],
    log_errors: Counter[str],
    measured: dict[str, Any],
) -> dict[str, Any]:
    """One row of the table from what one N measured."""
    shown = [load.seconds for load in loads if load.seconds is not None and not load.problem]
    problems = [load.problem for load in loads if load.problem]
    failed_runs = [run["by"] for run in runs if run.get("by") and run["by"] not in CONTROL]
    cpu = [run["cpu"] for run in runs if "cpu" in run]
    page_errors = Counter(
        f"{load.page} by {load.how}{f' ({load.widget})' * bool(load.widget)}: "
        f"{re.sub(r'[0-9.]+ms', 'N ms', load.problem.splitlines()[0])}"
        for load in loads
        if load.problem
    )
    locked = sum(n for said, n in (page_errors + log_errors).items() if _locked(said))
    return {
        "database": database,
        "sessions": sessions,
        "failed_sessions": len({load.session for load in loads if load.problem}),
        "loads": len(loads),
        "failed_loads": len(problems),
        "locked": locked,
        "other_errors": len(problems) + sum(log_errors.values()) - locked,
        "failed_runs": len(failed_runs),
        "browser_p50": percentile(shown, 0.5),
        "browser_p95": percentile(shown, 0.95),
        "server_p50": percentile([run["seconds"] for run in runs], 0.5),
        "server_p95": percentile([run["seconds"] for run in runs], 0.95),
        "server_runs": len(runs),
        "cpu_p50": percentile(cpu, 0.5),
        "cpu_p95": percentile(cpu, 0.95),
        "errors": dict((page_errors + log_errors).most_common(8)),
        "by_kind": by_kind(loads),
        **measured,
    }


def _s(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f} s"


def _p95(row: dict[str, Any]) -> str:
    mark = " ✗" if row["sessions"] <= TARGET_SESSIONS and row["browser_p95"] > TARGET_P95 else ""
    return _s(row["browser_p95"]) + mark


def _loads(row: dict[str, Any]) -> str:
    return f"{row['loads']} ({row['failed_loads']}), {row['loads_per_minute']:.1f}/min"


def _kinds(row: dict[str, Any]) -> str:
    return "; ".join(
        f"{kind} {_s(p50).removesuffix(' s')} / {_s(p95)} ({n}{f', {bad} failed' * bool(bad)})"
        for kind, (n, bad, p50, p95) in row["by_kind"].items()
    )


def _pool(row: dict[str, Any]) -> str:
    waits = f"{row['pool_wait']:.1f} s, {row['pool_longest']:.1f} s"
    return f"{row['pool_peak']} / {row['pool_limit']} ({waits})"


def _import(row: dict[str, Any]) -> str:
    rate = f"{row['import_rate']:,.0f}/s"
    return f"{row['import_seconds']:.0f} s ({rate}, {row['import_cpu']:.0f} s){row['import_note']}"


COLUMNS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("database", lambda r: r["database"]),
    ("sessions", lambda r: str(r["sessions"])),
    ("processes", lambda r: str(r.get("replicas", 1))),
    ("failed sessions", lambda r: f"{r['failed_sessions']}{' ✗' if r['failed_sessions'] else ''}"),
    ("page loads (failed), per min", lambda r: _loads(r)),
    ("database is locked", lambda r: str(r["locked"])),
    ("other errors", lambda r: str(r["other_errors"])),
    ("browser p50 / p95", lambda r: f"{_s(r['browser_p50'])} / {_p95(r)}"),
    ("server runs p50 / p95 (n)", lambda r: f"{_s(r['server_p50'])} / {_s(r['server_p95'])} "
                                            f"({r['server_runs']})"),
    ("server CPU per run p50 / p95", lambda r: f"{_s(r['cpu_p50'])} / {_s(r['cpu_p95'])}"),
    ("p50 / p95 by kind (loads)", lambda r: _kinds(r)),
    ("server / Chromium / machine CPU (cores)", lambda r: f"{r['server_cpu_share']:.2f} / "
                                                          f"{r['browser_cpu_share']:.2f} / "
                                                          f"{r['machine_busy']:.2f}"),
    ("Chromium CPU-s per load", lambda r: f"{r['browser_cpu_per_load']:.2f}"),
    ("connections out, peak / pool (waits: all, longest)", lambda r: _pool(r)),
    ("server peak RSS", lambda r: f"{r['server_peak_mb']:.0f} MB"),
    ("Chromium peak PSS", lambda r: f"{r['browser_peak_mb']:.0f} MB"),
    ("import: s (rows/s, CPU s)", lambda r: _import(r)),
    ("load average (start → end)", lambda r: f"{r['load_start']} → {r['load_end']}"),
]  # fmt: skip


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The Markdown table of every row, then each row's errors in words."""
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(row) for _, cell in COLUMNS) + " |" for row in rows]
    for row in rows:
        for said, count in row["errors"].items():
            lines.append(f"- {row['database']}, {row['sessions']} sessions, {count}×: {said}")
    return "\n".join(lines)


# ---- the database of one row ---------------------------------------------------------------


@contextmanager
def fresh_copy(url: str, label: str) -> Iterator[str]:
    """A copy of the built database for one row (SQLite: the file; PostgreSQL: a database made
    from it as a template), removed afterwards."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        source = Path(parsed.database or "")
        with make_engine(url).connect() as connection:  # fold the write-ahead log into the file
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = source.with_name(f"{source.stem}-load-{label}.db")
        shutil.copyfile(source, copy)
        try:
            yield f"sqlite:///{copy}"
        finally:
            for path in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                path.unlink(missing_ok=True)
        return
    name, copy_name = parsed.database, f"{parsed.database}_load_{label}"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)'))
        connection.execute(  # a template must have no other connection
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        connection.execute(text(f'CREATE DATABASE "{copy_name}" TEMPLATE "{name}"'))
    try:
        yield parsed.set(database=copy_name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)'))
        admin.dispose()


def organisation(url: str) -> Organisation:
    """The demo's teams and agents, and its last day; the demo accounts set to their passwords."""
    engine = make_engine(url)
    with Session(engine) as session:
        create_demo_accounts(session)
        session.commit()
    with engine.connect() as connection:
        teams: dict[int, str] = {
            id_: name
            for id_, name in connection.execute(text("SELECT id, name FROM team ORDER BY id"))
        }
        agents = connection.execute(
            text(
                "SELECT person.key, team.name FROM person JOIN team ON team.id = person.team_id "
                "WHERE person.role = 'agent' ORDER BY person.id"
            )
        ).all()
    engine.dispose()
    return Organisation(teams, [(key, team) for key, team in agents], date.fromisoformat(UNTIL))


def write_import(path: Path, rows: int, org: Organisation, seed: int = 8) -> None:
    """``rows`` new native interactions in the demo's teams and agents, over its last 30 days."""
    generator = random.Random(seed)
    end = datetime.combine(org.last_day, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
    channels = ("email", "phone", "chat", "social", "sms", "web")
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow((
            "interaction_id", "created_at", "channel", "team", "agent", "customer_id",
            "topic", "first_response_at", "resolved_at", "transfers", "reopens", "csat",
        ))  # fmt: skip
        for number in range(rows):
            agent, team = org.agents[generator.randrange(len(org.agents))]
            created = end - timedelta(seconds=generator.randrange(60, 30 * 86_400))
            answered = created + timedelta(seconds=generator.randrange(30, 4 * 3600))
            resolved = answered + timedelta(seconds=generator.randrange(60, 2 * 86_400))
            stamp = "%Y-%m-%dT%H:%M:%SZ"
            writer.writerow((
                f"LOAD{number:07d}", created.strftime(stamp), channels[number % 6], team, agent,
                f"LC{generator.randrange(50_000)}", "billing",
                answered.strftime(stamp) if answered < end else "",
                resolved.strftime(stamp) if number % 4 and resolved < end else "",
                number % 3, 0, (number % 5) + 1 if number % 3 == 0 else "",
            ))  # fmt: skip


# ---- memory ----------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with suppress(OSError):  # the task ended meanwhile
            found += [int(child) for child in task.read_text().split()]
    return found


def _tree(pid: int) -> list[int]:
    tree, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        tree.append(current)
        waiting += _children(current)
    return tree


def _memory_mb(pids: Sequence[int], field: str) -> float:
    """The sum of ``field`` (``Rss``, or ``Pss``: shared pages divided among the processes that
    map them, so that many Chromium processes are not each counted with the whole library)."""
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(rf"^{field}:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total / 1024


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def sample_memory(samples: Samples, ports: Sequence[int]) -> None:
    """Until ``samples.stop``: the peak RSS of the servers' process trees (found by their
    ports), summed, and the peak PSS of this process's Chromium processes
    (``/usr/bin/chromium`` starts them from ``/usr/lib/chromium/``)."""
    while not samples.stop.wait(SAMPLE_SECONDS):
        mine = _tree(os.getpid())[1:]
        servers = [
            p
            for p in mine
            if "streamlit" in (c := _cmdline(p)) and any(f" {port} " in c for port in ports)
        ]
        server = [p for s in servers for p in _tree(s)]
        browser = [p for p in mine if "/chromium/" in _cmdline(p)]  # /usr/lib/chromium/...
        samples.server_mb = max(samples.server_mb, _memory_mb(server, "Rss"))
        samples.browser_mb = max(samples.browser_mb, _memory_mb(browser, "Pss"))
        for kind, pids in (("server", server), ("browser", browser)):
            samples.cpu[kind].update(_cpu_seconds(pids))
        if samples.phase.is_set() and not samples.cpu_at_phase:
            samples.cpu_at_phase = {kind: sum(cpu.values()) for kind, cpu in samples.cpu.items()}
            samples.machine_at_phase = machine_cpu()
    if samples.machine_at_phase:
        busy, every = machine_cpu()
        share = (busy - samples.machine_at_phase[0]) / (every - samples.machine_at_phase[1])
        samples.machine_busy = share * (os.cpu_count() or 1)


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine so far, every core (``/proc/stat``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


def _cpu_seconds(pids: Sequence[int]) -> dict[int, float]:
    """Each process's user and system CPU seconds so far (``/proc/PID/stat``)."""
    found = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        with suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return found


# ---- the sessions ----------------------------------------------------------------------------


async def shown(page: Any, timeout: float) -> tuple[float | None, str | None]:
    """Until the page shows its content (a KPI tile, the run over, no placeholder) or a
    problem; (seconds, None) or (None, what went wrong)."""
    started = time.perf_counter()
    problem = page.locator(PROBLEM).first
    # A KPI tile, or the note that nothing matches these filters.
    content = page.locator(
        '[data-testid="stMetricValue"], [data-testid="stAlertContentInfo"]'
    ).first
    try:
        await content.or_(problem).first.wait_for(timeout=timeout * 1000)
        if not await problem.count():
            left = max(1.0, timeout - (time.perf_counter() - started)) * 1000
            await page.wait_for_selector(READY, timeout=left)
            await page.wait_for_selector(
                '[data-testid="stSkeleton"]', state="detached", timeout=left
            )
        if await problem.count():
            main = await page.get_by_test_id("stMain").inner_text(timeout=5000)
            return None, " ".join(main.split())[-300:]
    except Exception as error:  # a timeout or a closed page: a failed load
        return None, f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"
    return time.perf_counter() - started, None


async def sign_in(page: Any, base: str, role: AccountRole) -> None:
    """The real sign-in form, as ``dashboard.local_server.sign_in`` fills it, asynchronously;
    raises ``AssertionError`` with what the page said when it refused or failed."""
    await page.goto(base + "/", timeout=LOAD_TIMEOUT * 1000)
    await page.get_by_role("textbox", name="E-mail").fill(demo_email(role))
    await page.get_by_role("textbox", name="Password").fill(DEMO_PASSWORDS[role])
    await page.get_by_role("button", name="Sign in", exact=True).click()
    signed, problem = page.get_by_text("Signed in as"), page.locator(PROBLEM).first
    await signed.or_(problem).first.wait_for(timeout=LOAD_TIMEOUT * 1000)
    if not await signed.count():
        said = await page.get_by_test_id("stMain").inner_text(timeout=5000)
        raise AssertionError(" ".join(said.split())[-300:])
    deadline = time.monotonic() + LOAD_TIMEOUT
    while not any(c["name"] == COOKIE for c in await page.context.cookies()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the session cookie of {role} was not written")
        await page.wait_for_timeout(100)


def arrives_late(number: int) -> bool:
    """Whether session ``number`` signs in after the import started (one in four: people keep
    arriving, and signing in writes the session, the account's last sign-in and an audit
    event, while the import holds the database's writes on SQLite)."""
    return number % 4 == 3


def arrival(number: int) -> float:
    """Seconds after the import's start at which a late session signs in: 15 s, then one more
    every 20 s (3 → 15 s, 7 → 35 s, … 39 → 195 s), so that some arrive while the import
    writes (on SQLite it holds the one writer's lock from its first row to its commit)."""
    return 15.0 + 20.0 * (number // 4) if arrives_late(number) else 0.0


def next_link(
    role: str, org: Organisation, chooser: random.Random, *, first: bool = False
) -> tuple[str, str]:
    """(page, path with query) a person of ``role`` opens by its address: first their own page
    (the CEO the overview, the leader the team), then that page three times in four."""
    home = chooser.random() < 0.75 or first
    page = "overview" if home == (role == AccountRole.CEO) else "team"
    query: dict[str, Any] = {"window": chooser.choice(PRESETS)}
    if chooser.random() < 0.3:
        query["channel"] = chooser.choice(CHANNELS)
    if role == AccountRole.CEO and chooser.random() < 0.5:
        team = chooser.choice(list(org.teams))
        query["team_view" if page == "team" else "team"] = team
    return page, f"/{'' if page == 'overview' else 'team'}?{urlencode(query)}"


@dataclass(frozen=True)
class Step:
    """What a person does next. ``how``: "link" (opens an address: the whole page loads),
    "sidebar-page" (clicks the other page in the sidebar's navigation) or "widget" (picks
    ``widget`` — "window", "channel" or "team" — on the page in place)."""

    how: str
    page: str  # the page shown after the step
    path: str = ""  # a link's path with its query
    widget: str = ""


def home_page(role: str) -> str:
    return "overview" if role == AccountRole.CEO else "team"


def next_step(
    role: str, current: str, org: Organisation, chooser: random.Random, *, first: bool = False
) -> Step:
    """The next step of a person of ``role`` on page ``current``, as people use the app: one
    step in ten (``LINK_SHARE``) opens an address (a shared link, a reload: ``next_link``), and
    so does the step after a failed one (``first``: their own page); the rest stay in the app.
    Away from their own page they go back to it in the sidebar more often than not
    (``RETURN_SHARE``), on it they go to the other page now and then (``AWAY_SHARE``: about
    three steps in four are then on their own page), and otherwise they pick a widget on the
    page they are on (``WIDGETS``: the window, a channel, or — the CEO only — a team)."""
    if first or chooser.random() < LINK_SHARE:
        page, path = next_link(role, org, chooser, first=first)
        return Step("link", page, path=path)
    other = "team" if current == "overview" else "overview"
    leave = RETURN_SHARE if current != home_page(role) else AWAY_SHARE
    if chooser.random() < leave:
        return Step("sidebar-page", other)
    widgets = [*WIDGETS.items()] if role == AccountRole.CEO else [*WIDGETS.items()][:2]
    widget = chooser.choices([name for name, _ in widgets], [w for _, w in widgets])[0]
    return Step("widget", current, widget=widget)


def _query(address: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(address).query)


def _page_of(address: str) -> str:
    """The page an address shows ("/" is the default page, the overview for both roles)."""
    return "team" if urlsplit(address).path.rstrip("/").endswith("/team") else "overview"


# Counts the runs that start in this document from now on (the frontend marks the app element
# "running" when a script run begins): a step's page counts as shown only once a run it caused
# has ended, never on what the page showed before the click.
WATCH_RUNS = """() => {
  window.__pulseRuns = 0;
  if (!window.__pulseWatch) {  // on the document: React may put a new app element in place
    window.__pulseWatch = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.target.getAttribute('data-test-script-state') === 'running') {
          window.__pulseRuns += 1;
        }
      }
    });
    window.__pulseWatch.observe(document.documentElement, {
      attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
  }
}"""
RUN_OVER = """() => window.__pulseRuns > 0 && document.querySelector(
  '[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""


async def _after_click(
    page: Any, click: Callable[[], Any], address_done: Callable[[str], bool]
) -> tuple[float, float | None, str | None]:
    """Click (``click``), then wait until the address says the step was taken, a run started
    since the click has ended, and the content is shown; (started, seconds, problem)."""
    await page.evaluate(WATCH_RUNS)
    started = time.perf_counter()
    try:
        await click()
        await page.wait_for_url(address_done, timeout=LOAD_TIMEOUT * 1000)
        left = LOAD_TIMEOUT - (time.perf_counter() - started)
        await page.wait_for_function(RUN_OVER, polling=100, timeout=max(1.0, left) * 1000)
    except Exception as error:  # never taken, or the run never ended
        said = f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"
        address = urlsplit(page.url)
        return started, None, f"{said} (at {address.path}?{address.query})"
    left = max(1.0, LOAD_TIMEOUT - (time.perf_counter() - started))
    seconds, problem = await shown(page, left)
    return started, None if seconds is None else time.perf_counter() - started, problem


async def _pick_option(
    page: Any, box: Any, chooser: random.Random, *, avoid: str, among: Sequence[str] = ()
) -> str | None:
    """Open the select ``box`` and give the name of an option other than ``avoid`` (and one of
    ``among`` when given: a multiselect also offers "Select all") drawn by ``chooser``, the
    list left open to click it; None (the list closed) when there is none."""
    await box.click(timeout=10_000)
    options = [o.strip() for o in await page.get_by_role("option").all_inner_texts()]
    options = [o for o in options if o and o != avoid and (not among or o in among)]
    if not options:
        await page.keyboard.press("Escape")
        return None
    return chooser.choice(options)


async def take_step(
    page: Any, base: str, step: Step, org: Organisation, chooser: random.Random
) -> tuple[float | None, str | None]:
    """Do ``step`` on ``page`` as a person would and time it, from the click (or the address
    asked for) until the new content is shown: (seconds, None), (None, what went wrong), or
    (None, None) when the widget was not there to pick (the step is then not a load)."""
    if step.how == "link":
        started = time.perf_counter()
        try:
            await page.goto(base + step.path, timeout=LOAD_TIMEOUT * 1000)
            seconds, problem = await shown(page, LOAD_TIMEOUT)
        except Exception as error:  # the address never loaded
            seconds, problem = None, f"{type(error).__name__}: {str(error)[:160]}"
        return (None if seconds is None else time.perf_counter() - started), problem
    # A person clicks on a page that is there: a run still going (the sign-in's landing, the
    # team page's live refresh) ends first, untimed; a click during a run would restart it
    # without the app element ever leaving "running", and the step could not be seen ending.
    await page.wait_for_selector(READY, timeout=LOAD_TIMEOUT * 1000)
    sidebar = page.get_by_test_id("stSidebar")
    if step.how == "sidebar-page":
        title = {"overview": "Overview", "team": "Team"}[step.page]
        link = sidebar.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
        _, seconds, problem = await _after_click(
            page, lambda: link.click(timeout=10_000), lambda a: _page_of(a) == step.page
        )
        return seconds, problem
    now = _query(page.url)
    if step.widget == "window":
        box = sidebar.get_by_test_id("stSelectbox").first
        shown_now = PRESET_LABELS.get(now.get("window", ["30d"])[0], "")
        among = list(PRESET_LABELS.values())  # not the custom range's calendar
        wanted = await _pick_option(page, box, chooser, avoid=shown_now, among=among)
        key, value = "window", next((k for k, v in PRESET_LABELS.items() if v == wanted), None)
        done: Callable[[str], bool] = lambda a: _query(a).get(key) == [value]  # noqa: E731
    elif step.widget == "channel" and now.get("channel"):  # one picked: back to all channels
        box = sidebar.get_by_test_id("stMultiSelect").nth(1)
        wanted = "Clear all"
        done = lambda a: "channel" not in _query(a)  # noqa: E731
    elif step.widget == "channel":
        box = sidebar.get_by_test_id("stMultiSelect").nth(1)
        wanted = await _pick_option(page, box, chooser, avoid="", among=ALL_CHANNELS)
        done = lambda a: _query(a).get("channel") == [wanted]  # noqa: E731
    elif step.page == "team":  # the team page's own choice of team
        box = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first
        current = org.teams.get(int(now.get("team_view", ["0"])[0] or 0), "")
        wanted = await _pick_option(page, box, chooser, avoid=current)
        ids = {name: id_ for id_, name in org.teams.items()}
        done = lambda a: _query(a).get("team_view") == [str(ids.get(wanted or ""))]  # noqa: E731
    elif now.get("team"):  # the overview's teams filter: back to every team
        box = sidebar.get_by_test_id("stMultiSelect").first
        wanted = "Clear all"
        done = lambda a: "team" not in _query(a)  # noqa: E731
    else:
        box = sidebar.get_by_test_id("stMultiSelect").first
        wanted = await _pick_option(page, box, chooser, avoid="", among=[*org.teams.values()])
        ids = {name: id_ for id_, name in org.teams.items()}
        done = lambda a: _query(a).get("team") == [str(ids.get(wanted or ""))]  # noqa: E731
    if wanted is None:
        return None, None
    if wanted == "Clear all":
        target = box.get_by_role("button", name="Clear all")
    else:
        target = page.get_by_role("option", name=wanted, exact=True)
    _, seconds, problem = await _after_click(page, lambda: target.click(timeout=10_000), done)
    if step.widget in ("channel", "team") and wanted != "Clear all":
        await page.keyboard.press("Escape")  # a multiselect's list stays open after a pick
    return seconds, problem


async def person(
    number: int, context: Any, base: str, org: Organisation, until: Callable[[], bool],
    loads: list[PageLoad], *, signed: bool, think: tuple[float, float],
) -> None:  # fmt: skip
    """One person, signing in first unless ``signed``, then taking steps (``next_step``) until
    ``until()`` says stop."""
    role = AccountRole.CEO if number % 2 == 0 else AccountRole.LEADER
    chooser = random.Random(number)
    page = context.pages[0]
    # Signing in is the session's one whole page load (``goto`` and the form): it lands on the
    # overview, the first page of both roles, in a frontend that then stays open.
    current, opened = "overview", signed
    # People signed in before the clock do not all click at the same second: each takes a
    # first look of its own (a late arrival comes at its own time anyway).
    await asyncio.sleep(arrival(number) or chooser.uniform(0, think[1]))
    seconds: float | None
    problem: str | None
    while not until():
        if not signed:
            step, started = Step("form", "sign-in"), time.perf_counter()
            try:
                await sign_in(page, base, role)
                signed, seconds, problem = True, time.perf_counter() - started, None
                current, opened = "overview", True
            except Exception as error:  # refused, failed or timed out: tried again later
                seconds, problem = None, f"{type(error).__name__}: {str(error)[:300]}"
        else:
            step = next_step(role, current, org, chooser, first=not opened)
            try:
                seconds, problem = await take_step(page, base, step, org, chooser)
            except Exception as error:  # the widget or link to click never answered
                seconds, problem = None, f"{type(error).__name__}: {str(error)[:160]}"
            if seconds is None and problem is None:  # nothing to pick there: another step
                continue
            # After a failed step the page may be anywhere: the next one opens a link (home).
            opened = problem is None
            current = step.page if problem is None else current
        if seconds is not None and seconds > LOAD_TIMEOUT:  # each wait had its own timeout
            seconds, problem = None, f"not shown within {LOAD_TIMEOUT:.0f} s"
        loads.append(PageLoad(number, role, step.page, step.how, seconds, problem, step.widget))
        await asyncio.sleep(chooser.uniform(*think))


# With --still: the bench's pages draw no CSS animation or transition (the running
# indicator, spinners, placeholders' shimmer, fades), which would otherwise be redrawn every
# frame in every waiting page, on the server's own cores.
STILL = """document.addEventListener('DOMContentLoaded', () => {
  const still = document.createElement('style');
  still.textContent = '*, *::before, *::after { animation: none !important; '
    + 'transition: none !important; }';
  document.head.appendChild(still);
});"""


async def drive(
    bases: Sequence[str], sessions: int, org: Organisation, start_import: Callable[[], Any],
    pace: Pace, import_running: Callable[[], bool], *, still: bool = False,
) -> list[PageLoad]:  # fmt: skip
    """Sign ``sessions`` people in, start the import, load pages until both the duration is
    over and the import has ended. Person n is served by ``bases[n % len(bases)]`` throughout
    (session affinity)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        motion = "reduce" if still else "no-preference"
        screen = {"width": 1440, "height": 900}
        contexts = [
            await browser.new_context(viewport=screen, reduced_motion=motion)
            for _ in range(sessions)
        ]
        for context in contexts:
            context.set_default_timeout(LOAD_TIMEOUT * 1000)
            if still:
                await context.add_init_script(STILL)
            await context.new_page()
        gate, ready = asyncio.Semaphore(SIGN_IN_AT_ONCE), set()

        def served_by(number: int) -> str:
            return bases[number % len(bases)]

        async def signed(number: int) -> None:
            """Signed in before the clock starts; one that fails signs in in its loop."""
            async with gate:
                role = AccountRole.CEO if number % 2 == 0 else AccountRole.LEADER
                with suppress(Exception):
                    await sign_in(contexts[number].pages[0], served_by(number), role)
                    ready.add(number)

        await asyncio.gather(*(signed(n) for n in range(sessions) if not arrives_late(n)))
        start_import()
        began = time.monotonic()

        def over() -> bool:
            elapsed = time.monotonic() - began
            return elapsed >= IMPORT_CAP or (elapsed >= pace.duration and not import_running())

        per_session: list[list[PageLoad]] = [[] for _ in range(sessions)]
        await asyncio.gather(
            *(
                person(
                    n,
                    contexts[n],
                    served_by(n),
                    org,
                    over,
                    per_session[n],
                    signed=n in ready,
                    think=pace.think,
                )
                for n in range(sessions)
            )
        )
        for context in contexts:
            await context.close()
        await browser.close()
    return [load for loads in per_session for load in loads]


class Importing:
    """``pulse import`` in its own process: its wall seconds, and its own CPU seconds (user and
    system, from ``os.wait4``: not the other children's, such as Chromium's)."""

    def __init__(self, command: list[str], log: Path) -> None:
        self.load_start = load_average()
        self.began, self.began_at = time.perf_counter(), time.time()
        self.seconds = self.cpu = math.nan
        self.exit: int | None = None
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )
        self._waiter = threading.Thread(target=self._wait, daemon=True)
        self._waiter.start()

    def _wait(self) -> None:
        _, status, usage = os.wait4(self.process.pid, 0)
        self.seconds = time.perf_counter() - self.began
        self.cpu = usage.ru_utime + usage.ru_stime
        self.exit = os.waitstatus_to_exitcode(status)
        self.process.returncode = self.exit  # reaped here: Popen must not wait for it again

    def running(self) -> bool:
        return self._waiter.is_alive()

    def stop(self) -> None:
        """Stop it if still running (the hour's cap, or the bench interrupted); wait for it."""
        if self.running():
            self.process.terminate()
        self._waiter.join()


# ---- one row ---------------------------------------------------------------------------------


def measure(
    database: str, url: str, sessions: int, import_file: Path, pace: Pace, workdir: Path,
    replicas: int = REPLICAS, still: bool = False,
) -> dict[str, Any]:  # fmt: skip
    org = organisation(url)
    run_logs = [workdir / f"runs-{n}.jsonl" for n in range(replicas)]
    server_logs = [workdir / f"server-{n}.log" for n in range(replicas)]
    import_log = workdir / "import.log"
    for path in (*run_logs, *server_logs, import_log):
        path.unlink(missing_ok=True)
    samples = Samples()
    command = [Path(sys.executable).parent / "pulse", "import", import_file, "--source", SOURCE]
    importing: list[Importing] = []

    def start_import() -> None:
        importing.append(Importing([*map(str, command), "--db", url], import_log))
        samples.phase.set()

    with ExitStack() as servers:
        bases = [
            servers.enter_context(
                running_app(
                    url,
                    timeout=300,
                    script=TIMED_APP,
                    variables={RUN_LOG: str(run_log)},
                    output=server_log,
                )
            )
            for run_log, server_log in zip(run_logs, server_logs, strict=True)
        ]
        ports = [int(urlsplit(base).port or 0) for base in bases]
        sampler = threading.Thread(target=sample_memory, args=(samples, ports), daemon=True)
        sampler.start()
        try:
            running = lambda: importing[0].running()  # noqa: E731
            loads = asyncio.run(
                drive(bases, sessions, org, start_import, pace, running, still=still)
            )
        finally:
            ended = time.time()
            samples.stop.set()
            sampler.join()
            for run in importing:
                run.stop()
    if not importing:
        raise RuntimeError("the sessions never started: the import was not run")
    done = importing[0]
    note = "" if done.exit == 0 else f" ✗ exit {done.exit}: {import_log.read_text()[-300:]!r}"
    runs = [
        json.loads(line)
        for run_log in run_logs
        if run_log.exists()
        for line in run_log.read_text().splitlines()
        if line
    ]
    runs = [run for run in runs if run["ended"] >= done.began_at]  # not the sign-ins before
    minutes = (ended - done.began_at) / 60
    rows = sum(1 for _ in import_file.open()) - 1
    measured = {
        "loads_per_minute": len(loads) / minutes,
        "server_cpu_share": samples.cpu_seconds("server") / (60 * minutes),
        "browser_cpu_share": samples.cpu_seconds("browser") / (60 * minutes),
        "browser_cpu_per_load": samples.cpu_seconds("browser") / max(1, len(loads)),
        "machine_busy": samples.machine_busy,
        "pool_peak": max((run.get("pool_peak", 0) for run in runs), default=0),
        "pool_limit": max((run.get("pool_limit", 0) for run in runs), default=0),
        "pool_wait": sum(run.get("pool_wait", 0.0) for run in runs),
        "pool_longest": max((run.get("pool_longest", 0.0) for run in runs), default=0.0),
        "server_peak_mb": samples.server_mb,
        "browser_peak_mb": samples.browser_mb,
        "import_seconds": done.seconds,
        "import_rate": rows / done.seconds,
        "import_cpu": done.cpu,
        "import_note": note,
        "load_start": done.load_start,
        "load_end": load_average(),
    }
    log_errors = sum(
        (error_lines(log.read_text(errors="replace")) for log in server_logs), Counter()
    )
    row = summary(database, sessions, loads, runs, log_errors, measured)
    row["replicas"] = replicas
    row["still"] = still
    print(json.dumps(row, default=str), file=sys.stderr)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--sessions", default="5,10,20,40")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres", default=os.environ.get("PULSE_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--keep", metavar="DIR", help="build the demo once into DIR and reuse it")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--duration",
        type=float,
        default=Pace.duration,
        help="seconds of load (at least the import)",
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=REPLICAS,
        help="Streamlit processes serving the app; sessions are spread over them round-robin",
    )
    parser.add_argument(
        "--still",
        action="store_true",
        help="the bench's pages draw no CSS animation or transition (see STILL)",
    )
    parser.add_argument(
        "--think",
        default="5,15",
        help="seconds a person looks at a page before the next step, drawn between MIN,MAX",
    )
    arguments = parser.parse_args(argv)
    sessions = [int(n) for n in arguments.sessions.split(",")]
    if min(sessions) < 1 or arguments.import_rows < 1 or arguments.duration <= 0:
        parser.error("--sessions, --import-rows and --duration must be positive")
    if arguments.replicas < 1:
        parser.error("--replicas must be at least 1")
    try:
        low, high = (float(part) for part in arguments.think.split(","))
    except ValueError:
        parser.error(f"--think takes MIN,MAX in seconds, e.g. 5,15; got {arguments.think!r}")
    if not 0 <= low <= high:
        parser.error(f"--think needs 0 <= MIN <= MAX; got {arguments.think!r}")
    pace = Pace(arguments.duration, (low, high))
    if not CHROMIUM.exists():
        parser.error(f"the load run needs Debian's Chromium at {CHROMIUM}")
    rows = []
    for database, url, scratch in each_demo(arguments, prefix="pulse-bench-load-"):
        import_file = scratch / "import.csv"
        write_import(import_file, arguments.import_rows, organisation(url))
        for count in sessions:
            # The servers' logs and run logs: kept beside the demo with --keep, else scratch.
            logs = Path(arguments.keep) / f"logs-{database}-{count}" if arguments.keep else scratch
            logs.mkdir(exist_ok=True)
            with fresh_copy(url, str(count)) as copy:
                rows.append(
                    measure(
                        database,
                        copy,
                        count,
                        import_file,
                        pace,
                        logs,
                        arguments.replicas,
                        arguments.still,
                    )
                )
    machine = f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(
        f"{arguments.interactions:,} interactions (bench.pages' demo), {arguments.import_rows:,}"
        f"-row import under load, {pace.duration:.0f} s or the import's length, "
        f"{low:g}–{high:g} s between a person's steps, {arguments.replicas} Streamlit "
        f"process(es); {machine}"
    )
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
