"""A page's independent reads started side by side, each in a thread of its own.

A cold page (the cache empty, as after a restart or on the first run after a write moved
the data version) reads several things that do not depend on each other: the overview its
KPI report, recurring themes, channels, hours and leaders. One after another, each waits for
the one before, though SQLite and psycopg release the interpreter lock while the database
works. ``start_reads`` starts every read at once and returns at once; ``reads[name]`` waits
for that read and gives its result, or raises its exception there, where the page asked for
it, as the read would have raised had the page called it itself (a database that cannot be
read says so as before).

Each thread carries the script run's context (``add_script_run_ctx``), so the cached loaders
it calls (``st.cache_data``, with its compute lock per key) fill the same cache the page then
reads. A page that stops early (a drill-down opening another page) leaves the remaining reads
to finish into the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from streamlit.runtime.scriptrunner import add_script_run_ctx


class Reads:
    """The started reads by name: ``reads[name]`` waits for one and returns its result."""

    def __init__(self, futures: dict[str, Future[Any]]) -> None:
        self._futures = futures

    def __getitem__(self, name: str) -> Any:
        return self._futures[name].result()


def _settle(future: Future[Any], read: Callable[[], Any]) -> None:
    try:
        future.set_result(read())
    except BaseException as error:  # handed to whoever asks for the result
        future.set_exception(error)


def start_reads(**reads: Callable[[], Any]) -> Reads:
    """Start each read (a function of no arguments) in a thread with this script run's
    context; returns at once."""
    futures: dict[str, Future[Any]] = {}
    for name, read in reads.items():
        future: Future[Any] = Future()
        thread = threading.Thread(
            target=_settle, args=(future, read), name=f"read {name}", daemon=True
        )
        add_script_run_ctx(thread)
        thread.start()
        futures[name] = future
    return Reads(futures)
