"""The load run's pure parts (bench/load.py): percentiles, errors read from a log, the table,
what each person opens."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.load import (
    Organisation,
    PageLoad,
    Step,
    _page_of,
    arrival,
    arrives_late,
    by_kind,
    error_lines,
    next_link,
    next_step,
    percentile,
    summary,
    table,
)
from dashboard.sign_in_form import BUSY

TRACEBACK = """\
2026-11-23 21:20:01.123 Uncaught app execution
Traceback (most recent call last):
  File "/work/main/pages/overview.py", line 3, in <module>
    raise x
sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) database is locked
2026-11-23 21:20:02.000 everything fine
ValueError: bad window
"""


def test_percentile_is_the_nearest_rank() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.0
    assert percentile([float(n) for n in range(1, 21)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 21)], 1.0) == 20.0
    assert percentile([7.0], 0.95) == 7.0
    assert math.isnan(percentile([], 0.5))


def test_error_lines_are_the_last_line_of_each_traceback_and_lock_messages() -> None:
    found = error_lines(TRACEBACK)
    assert found == Counter(
        {
            "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) database is locked": 1,
            "ValueError: bad window": 1,
        }
    )


def _load(
    session: int, seconds: float | None, problem: str | None = None, how: str = "link",
    widget: str = "",
) -> PageLoad:  # fmt: skip
    return PageLoad(session, "ceo", "overview", how, seconds, problem, widget)


def test_summary_counts_failed_sessions_errors_and_percentiles() -> None:
    loads = [
        _load(0, 1.0),
        _load(0, 3.0),
        _load(1, 2.0),
        _load(1, None, "TimeoutError: Timeout 60000ms exceeded."),
        _load(2, None, "Cannot read the database: OperationalError. database is locked"),
        _load(3, None, f"AssertionError: Sign in … {BUSY}"),
    ]
    runs: list[dict[str, Any]] = [
        {"seconds": 0.5, "cpu": 0.25, "by": None},
        {"seconds": 1.5, "cpu": 0.5, "by": "RerunException"},
        {"seconds": 2.5, "cpu": 2.0, "by": "KeyError"},
    ]
    log = Counter({"sqlalchemy.exc.OperationalError: database is locked": 2, "KeyError: 'x'": 1})
    row = summary("sqlite", 3, loads, runs, log, {"server_peak_mb": 300.0})
    assert row["failed_sessions"] == 3  # sessions 1, 2 and 3
    assert (row["loads"], row["failed_loads"]) == (6, 3)
    assert row["locked"] == 4  # one on a page, one at the sign-in, two in the log
    assert row["other_errors"] == 2  # the timeout and the KeyError in the log
    assert row["failed_runs"] == 1  # the KeyError; a rerun is Streamlit's own end
    assert (row["browser_p50"], row["browser_p95"]) == (2.0, 3.0)
    assert (row["server_p50"], row["server_p95"], row["server_runs"]) == (1.5, 2.5, 3)
    assert (row["cpu_p50"], row["cpu_p95"]) == (0.5, 2.0)
    assert row["server_peak_mb"] == 300.0
    assert row["errors"] == {
        "sqlalchemy.exc.OperationalError: database is locked": 2,
        "overview by link: TimeoutError: Timeout N ms exceeded.": 1,
        "overview by link: Cannot read the database: OperationalError. database is locked": 1,
        f"overview by link: AssertionError: Sign in … {BUSY}": 1,
        "KeyError: 'x'": 1,
    }


def test_table_marks_failures_and_a_slow_p95_at_20_sessions() -> None:
    measured = {
        "loads_per_minute": 8.04,
        "server_cpu_share": 0.954,
        "browser_cpu_share": 1.1,
        "browser_cpu_per_load": 3.456,
        "machine_busy": 1.97,
        "pool_peak": 12,
        "pool_limit": 40,
        "pool_wait": 3.04,
        "pool_longest": 0.56,
        "server_peak_mb": 412.4,
        "browser_peak_mb": 2048.0,
        "import_seconds": 125.0,
        "import_rate": 800.0,
        "import_cpu": 90.2,
        "import_note": "",
        "load_start": "3.10 2.00 1.00",
        "load_end": "5.00 3.00 1.50",
    }
    slow = [_load(n, 2.5) for n in range(20)]
    runs = [{"seconds": 1.0, "cpu": 0.4, "by": None}]
    row = summary("postgresql", 20, slow, runs, Counter(), measured) | {"replicas": 2}
    lines = table([row]).splitlines()
    assert lines[0].startswith("| database | sessions | processes | failed sessions |")
    cells = [cell.strip() for cell in lines[2].strip("|").split("|")]
    assert cells.pop(2) == "2"
    assert cells[:7] == [
        "postgresql",
        "20",
        "0",
        "20 (0), 8.0/min",
        "0",
        "0",
        "2.50 s / 2.50 s ✗",
    ]
    assert cells[7:] == [
        "1.00 s / 1.00 s (1)",
        "0.40 s / 0.40 s",
        "link 2.50 / 2.50 s (20)",
        "0.95 / 1.10 / 1.97",
        "3.46",
        "12 / 40 (3.0 s, 0.6 s)",
        "412 MB",
        "2048 MB",
        "125 s (800/s, 90 s)",
        "3.10 2.00 1.00 → 5.00 3.00 1.50",
    ]


def test_people_start_on_their_own_page_then_mostly_stay_there() -> None:
    org = Organisation({3: "Billing", 5: "Delivery"}, [("a1", "Billing")], date(2026, 11, 20))
    ceo, leader = random.Random(0), random.Random(1)
    assert next_link("ceo", org, ceo, first=True)[0] == "overview"
    assert next_link("leader", org, leader, first=True)[0] == "team"
    links = [next_link("ceo", org, ceo) for _ in range(400)]
    overview = [path for page, path in links if page == "overview"]
    assert 0.65 < len(overview) / len(links) < 0.85  # three in four, drawn
    for page, path in links:
        address = urlsplit(path)
        assert address.path == ("/" if page == "overview" else "/team")
        query = parse_qs(address.query)
        assert query["window"][0] in {"7d", "30d", "90d"}
        assert set(query.get("team", []) + query.get("team_view", [])) <= {"3", "5"}
    leader_links = [next_link("leader", org, leader) for _ in range(50)]
    assert not any("team" in parse_qs(urlsplit(path).query) for _, path in leader_links)


def test_one_session_in_four_signs_in_during_the_import_20_s_apart() -> None:
    assert [n for n in range(8) if arrives_late(n)] == [3, 7]
    assert [arrival(n) for n in (0, 1, 2, 3, 7, 11, 39)] == [0, 0, 0, 15, 35, 55, 195]


ORG = Organisation({3: "Billing", 5: "Delivery"}, [("a1", "Billing")], date(2026, 11, 20))


def test_after_a_failed_step_a_person_opens_their_own_page_by_link() -> None:
    assert next_step("ceo", "overview", ORG, random.Random(0), first=True) == Step(
        "link", "overview", path=next_link("ceo", ORG, random.Random(0), first=True)[1]
    )
    first = next_step("leader", "overview", ORG, random.Random(0), first=True)
    assert (first.how, first.page, urlsplit(first.path).path) == ("link", "team", "/team")


def test_steps_stay_in_the_app_but_one_in_ten_opens_a_link() -> None:
    chooser, current, steps = random.Random(8), "overview", []
    for _ in range(2000):
        step = next_step("ceo", current, ORG, chooser)
        steps.append((current, step))
        current = step.page
    kinds = Counter(step.how for _, step in steps)
    assert set(kinds) == {"link", "sidebar-page", "widget"}
    assert 0.08 < kinds["link"] / len(steps) < 0.12  # LINK_SHARE, drawn
    for before, step in steps:
        if step.how == "sidebar-page":  # the other page, never the one shown
            assert step.page != before and not step.path and not step.widget
        if step.how == "widget":  # picked on the page shown
            assert step.page == before and step.widget in {"window", "channel", "team"}
    widgets = Counter(step.widget for _, step in steps if step.how == "widget")
    assert 0.38 < widgets["window"] / sum(widgets.values()) < 0.52  # 0.45, drawn
    # On their own page they leave one step in five (0.2), away they come back 0.6 of the
    # time; with links, about three steps in four end on their own page.
    home = sum(step.page == "overview" for _, step in steps) / len(steps)
    assert 0.65 < home < 0.82


def test_a_leader_picks_a_window_or_a_channel_never_a_team() -> None:
    chooser = random.Random(3)
    steps = [next_step("leader", "team", ORG, chooser) for _ in range(500)]
    assert {s.widget for s in steps if s.how == "widget"} == {"window", "channel"}
    assert all(s.page == "team" for s in steps if s.how == "widget")
    assert {s.page for s in steps if s.how == "sidebar-page"} == {"overview"}


def test_page_times_by_kind_and_by_widget() -> None:
    loads = [
        _load(0, 4.0),
        _load(0, 6.0),
        _load(1, None, "TimeoutError", how="link"),
        _load(1, 0.5, how="sidebar-page"),
        _load(0, 1.0, how="widget", widget="window"),
        _load(1, 3.0, how="widget", widget="channel"),
        _load(2, 2.0, how="widget", widget="window"),
    ]
    assert by_kind(loads) == {
        "link": (3, 1, 4.0, 6.0),  # (loads, failed, p50, p95 of the 2 shown)
        "sidebar-page": (1, 0, 0.5, 0.5),
        "widget": (3, 0, 2.0, 3.0),
        "widget: window": (2, 0, 1.0, 2.0),
        "widget: channel": (1, 0, 3.0, 3.0),
    }


def test_the_page_an_address_shows() -> None:
    assert _page_of("http://127.0.0.1:8501/team?window=7d&team_view=3") == "team"
    assert _page_of("http://127.0.0.1:8501/?window=7d&team=3") == "overview"  # the default page
    assert _page_of("http://127.0.0.1:8501/") == "overview"
