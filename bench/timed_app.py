"""The dashboard's entrypoint with a stopwatch: what ``bench/pages.py`` serves.

Runs exactly what ``dashboard/app.py`` runs (sign-in, navigation, sidebar, the chosen page;
page paths are written relative to the entrypoint's folder, and ``bench/`` sits beside
``dashboard/`` as ``pages/`` does), and appends one JSON line per script run to the file
named by ``PULSE_BENCH_RUN_LOG``: the run's server-side seconds, from the script starting to
its end, however it ends (``st.stop``, a rerun, an error), the CPU seconds of its thread (each
session's script runs in a thread of its own, so this is the run's own work however loaded
the machine is; a PostgreSQL server's work is not in it), the whole server process's CPU
seconds over the same span (``process_cpu``: the threads a page starts to read side by side
too, so with one page loading at a time it is the page's whole cost), the page's path
(``st.context.url``: a session's first address, which a rerun of that session keeps) and the
class of the exception that ended it, if any (``StopException`` and ``RerunException`` are
Streamlit's own ends, not failures), and ``pool_peak``: the most connections the process's
engine had checked out at once since the previous line (of ``pool_limit``, its pool size plus
overflow: a peak at the limit means some read waited for a connection), ``pool_wait`` and
``pool_longest``: the seconds checkouts took in all and at most over the same span (waiting
for a free connection, or opening one). When the file named by ``PULSE_BENCH_CLEAR_FLAG``
exists, the run first empties ``st.cache_data`` (and deletes the file), so that the page it
runs is measured with a cold cache. With ``PULSE_BENCH_PROFILE`` naming a folder, each run is
also profiled (``cProfile``) into ``<folder>/<end time>.prof``, to find where a slow page
spends its time.
"""

import contextlib
import cProfile
import json
import os
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from dashboard.database import current_url, engine_for
from dashboard.navigation import run

RUN_LOG = "PULSE_BENCH_RUN_LOG"
CLEAR_FLAG = "PULSE_BENCH_CLEAR_FLAG"
PROFILE = "PULSE_BENCH_PROFILE"


POOL: dict[str, float] = {"peak": 0, "limit": 0, "wait": 0.0, "longest": 0.0}
WATCHING = threading.Lock()


def _watch_pool() -> None:
    """Keep ``POOL``'s figures of the app's engine, by wrapping its pool's checkout (one
    attribute set, not an event listener: adding a listener while another thread checks out a
    connection broke that checkout)."""
    engine = engine_for(current_url())
    with WATCHING:
        if POOL["limit"]:
            return
        pool: Any = engine.pool
        POOL["limit"] = pool.size() + max(0, getattr(pool, "_max_overflow", 0))
        taking = pool._do_get  # where a checkout waits for a free connection (or opens one)

        def timed_get() -> Any:
            started = time.perf_counter()
            try:
                return taking()
            finally:
                waited = time.perf_counter() - started
                POOL["wait"] += waited
                POOL["longest"] = max(POOL["longest"], waited)
                POOL["peak"] = max(POOL["peak"], pool.checkedout())

        pool._do_get = timed_get


def timed_run() -> None:
    if (flag := os.environ.get(CLEAR_FLAG)) and os.path.exists(flag):
        os.remove(flag)
        st.cache_data.clear()
    # CPU of the script thread only: what the page costs, whatever else shares the machine.
    profile = cProfile.Profile(time.thread_time) if os.environ.get(PROFILE) else None
    with contextlib.suppress(Exception):  # the stopwatch must never break the run it times
        _watch_pool()
    started, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
    ended_by = None
    try:
        if profile:
            profile.runcall(run)
        else:
            run()
    except BaseException as error:
        ended_by = type(error).__name__
        raise
    finally:
        seconds, cpu = time.perf_counter() - started, time.thread_time() - cpu
        process = time.process_time() - process
        if profile:
            profile.dump_stats(Path(os.environ[PROFILE]) / f"{time.time():.3f}.prof")
        if log := os.environ.get(RUN_LOG):
            with open(log, "a", encoding="utf-8") as runs:
                line = {
                    "seconds": seconds, "cpu": cpu, "process_cpu": process, "ended": time.time(),
                    "page": _path(), "by": ended_by, "pool_peak": POOL["peak"],
                    "pool_limit": POOL["limit"], "pool_wait": POOL["wait"],
                    "pool_longest": POOL["longest"],
                }  # fmt: skip
                POOL.update(peak=0, wait=0.0, longest=0.0)
                runs.write(json.dumps(line) + "\n")


def _path() -> str:
    try:
        return urlsplit(st.context.url or "").path
    except Exception:  # the stopwatch must never break the run it times
        return ""


if __name__ == "__main__":  # how Streamlit runs its entrypoint
    timed_run()
