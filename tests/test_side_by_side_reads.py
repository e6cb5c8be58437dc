"""``dashboard.side_by_side_reads``: a page's reads run at the same time, each result (or error)
handed over where the page asks for it, and cached reads fill the page's own cache."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.side_by_side_reads import start_reads


def test_the_reads_run_at_the_same_time() -> None:
    """Two reads that each wait for the other at a barrier: one after another, the first
    would wait alone and the barrier break after 5 s."""
    meet = threading.Barrier(2, timeout=5)

    def read(value: int) -> int:
        meet.wait()
        return value

    reads = start_reads(first=lambda: read(1), second=lambda: read(2))
    assert (reads["first"], reads["second"]) == (1, 2)


def test_start_returns_before_the_reads_end() -> None:
    """A read held until the page has its Reads back: start_reads does not wait for it."""
    release = threading.Event()
    reads = start_reads(held=lambda: release.wait(timeout=5) and "read")
    release.set()
    assert reads["held"] == "read"


def test_an_error_is_raised_where_the_page_asks_for_that_read() -> None:
    """The failing read raises its own exception (same class, same words) when asked for;
    the other read's result is still there."""

    def unreachable() -> None:
        raise ConnectionRefusedError("connection refused")

    reads = start_reads(failing=unreachable, fine=lambda: 42)
    assert reads["fine"] == 42
    with pytest.raises(ConnectionRefusedError, match="connection refused"):
        reads["failing"]


def _page(log: str) -> None:
    """A page whose cached read, started side by side, is then called by the page itself."""
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from dashboard.side_by_side_reads import start_reads

    @st.cache_data
    def answer(question: str) -> str:
        with open(log, "a", encoding="utf-8") as computed:
            computed.write(question + "\n")
        return question.upper()

    reads = start_reads(answer=lambda: answer("asked"), run=get_script_run_ctx)
    st.text(reads["answer"])
    st.text(f"in the script run: {reads['run'] is get_script_run_ctx()}")
    st.text(answer("asked"))  # from the cache the read filled


def test_a_cached_read_fills_the_cache_the_page_reads(tmp_path: Path) -> None:
    """Computed once (one line in the log), shown twice, no exception in the app; the read's
    thread is in the page's script run (as ``st.cache_data`` and ``st.*`` need)."""
    log = tmp_path / "computed.txt"
    app = AppTest.from_function(_page, args=(str(log),)).run()
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.text] == ["ASKED", "in the script run: True", "ASKED"]
    assert log.read_text().splitlines() == ["asked"]
