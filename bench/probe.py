"""The engine as the serving process sees it, in a fresh process: ``python -m bench.probe URL``.

Times, on an already built database: the overview (every KPI per team over 90 days, plus the
weekly trend, as one ``kpi_reports`` call that reads the window once for both groupings),
one team by agent, then an import of 10,000 more interactions (rows, then the summary-cell
upkeep, timed apart: adding the new interactions to the cells, and for comparison
recomputing the whole days they touched) and the first report after it. Prints one JSON
object, with the process's peak resident memory.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench import synthetic
from data_sources.aggregates import refresh_after_write
from data_sources.engine import make_engine
from data_sources.report import kpi_report, kpi_reports
from data_sources.scope import Scope
from kpis.window import Window

WINDOW = Window(synthetic.END - timedelta(days=90), synthetic.END)
AS_OF = synthetic.END
REPEATS = 5


def peak_memory_mb() -> float:
    """This process's peak resident memory (``VmHWM``; ``ru_maxrss`` survives exec on Linux,
    so it would report the parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(url: str, first_id: int) -> dict[str, Any]:
    engine = make_engine(url)
    scope = Scope.everything()

    def overview() -> None:  # every team and every week of the window, read once
        with engine.connect() as connection:
            kpi_reports(
                connection, window=WINDOW, as_of=AS_OF, scope=scope, groupings=("team", "week")
            )

    def one_team() -> None:
        with engine.connect() as connection:
            kpi_report(connection, window=WINDOW, as_of=AS_OF, scope=scope, teams=[1], by="agent")

    cold = timed(overview)
    overview_times = [timed(overview) for _ in range(REPEATS)]
    agent_times = [timed(one_team) for _ in range(REPEATS)]
    more = synthetic.interactions(10_000, days=1, seed=99, first_id=first_id)
    with engine.begin() as connection:
        rows = timed(lambda: synthetic.write(connection, "interaction", more))
        added = more.arrays[0].tolist()
        cells = timed(lambda: refresh_after_write(connection, days=(), added=added))
        days = synthetic.days_of(more.arrays[4])
        whole_days = timed(lambda: refresh_after_write(connection, days=days))
    after_import = timed(overview)
    return {
        "overview_cold": cold,
        "overview": statistics.median(overview_times),
        "one_team_by_agent": statistics.median(agent_times),
        "import_10k_rows": rows,
        "import_10k_cells": cells,
        "import_10k_cells_whole_days": whole_days,
        "first_overview_after_import": after_import,
        "peak_rss_mb": peak_memory_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
