"""The dashboard's entrypoint with a stopwatch: what ``bench/pages.py`` serves.

Runs exactly what ``dashboard/app.py`` runs (sign-in, navigation, sidebar, the chosen page;
page paths are written relative to the entrypoint's folder, and ``bench/`` sits beside
``dashboard/`` as ``pages/`` does), and appends one JSON line per script run to the file
named by ``PULSE_BENCH_RUN_LOG``: the run's server-side seconds, from the script starting to
its end, however it ends (``st.stop``, a rerun, an error). When the file named by
``PULSE_BENCH_CLEAR_FLAG`` exists, the run first empties ``st.cache_data`` (and deletes the
file), so that the page it runs is measured with a cold cache. With ``PULSE_BENCH_PROFILE``
naming a folder, each run is also profiled (``cProfile``) into ``<folder>/<end time>.prof``,
to find where a slow page spends its time.
"""

import cProfile
import json
import os
import time
from pathlib import Path

import streamlit as st

from dashboard.navigation import run

RUN_LOG = "PULSE_BENCH_RUN_LOG"
CLEAR_FLAG = "PULSE_BENCH_CLEAR_FLAG"
PROFILE = "PULSE_BENCH_PROFILE"


def timed_run() -> None:
    if (flag := os.environ.get(CLEAR_FLAG)) and os.path.exists(flag):
        os.remove(flag)
        st.cache_data.clear()
    profile = cProfile.Profile() if os.environ.get(PROFILE) else None
    started = time.perf_counter()
    try:
        if profile:
            profile.runcall(run)
        else:
            run()
    finally:
        seconds = time.perf_counter() - started
        if profile:
            profile.dump_stats(Path(os.environ[PROFILE]) / f"{time.time():.3f}.prof")
        if log := os.environ.get(RUN_LOG):
            with open(log, "a", encoding="utf-8") as runs:
                runs.write(json.dumps({"seconds": seconds, "ended": time.time()}) + "\n")


if __name__ == "__main__":  # how Streamlit runs its entrypoint
    timed_run()
