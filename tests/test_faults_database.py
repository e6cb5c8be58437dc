"""PostgreSQL becoming unreachable while the app runs, and coming back.

The shared PostgreSQL server is never stopped: a small TCP proxy of this test's own sits
between the app and 127.0.0.1:5432. Cutting it closes its listening socket and every open
connection (as a stopped server or a broken network would); restoring it listens again on
the same port. The app (AppTest) then says the database cannot be read — a clear message,
no traceback — and shows its page again by itself on the next rerun.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Iterator

import pytest
from app_dataset import fill
from app_harness import open_app
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from data_sources.engine import make_engine


class Proxy:
    """127.0.0.1:<port> forwarded to ``target``; ``cut()`` and ``restore()`` it."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self.lock:
            if self.listener is not None:
                # shutdown wakes the thread blocked in accept(); close alone would not
                with contextlib.suppress(OSError):
                    self.listener.shutdown(socket.SHUT_RDWR)
                self.listener.close()
                self.listener = None
            for open_socket in self.sockets:
                with contextlib.suppress(OSError):
                    open_socket.shutdown(socket.SHUT_RDWR)
                open_socket.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxied_url(postgres_schema_url: str) -> Iterator[tuple[str, Proxy]]:
    """The session's PostgreSQL schema, emptied and filled, reached through a proxy."""
    from postgres_support import empty_postgres

    engine = make_engine(postgres_schema_url)
    empty_postgres(engine)
    fill(engine)
    engine.dispose()
    url = make_url(postgres_schema_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432))
    yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    proxy.cut()


def shown_normally(app: AppTest) -> bool:
    return not app.exception and not app.error and any(app.dataframe)


@pytest.mark.slow
def test_the_app_says_the_database_is_unreachable_and_recovers_by_itself(
    proxied_url: tuple[str, Proxy], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Overview drawn; proxy cut: "Cannot read the database …: OperationalError." with the
    driver's "connection refused" as text, no exception, on two reruns, though every figure
    is still cached; proxy back: the next rerun draws the Overview again, nothing else done."""
    url, proxy = proxied_url
    app = open_app(monkeypatch, url)
    assert shown_normally(app), [e.value for e in app.exception] + [e.value for e in app.error]
    proxy.cut()
    for _ in range(2):
        # Every figure is still cached: the run's read of the data version finds the outage.
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        errors = " ".join(str(e.value) for e in app.error)
        assert "Cannot read the database" in errors
        assert "OperationalError" in errors
        assert str(proxy.port) in errors
        said = " ".join(str(t.value) for t in app.text)
        assert "Traceback" not in said
        assert re.search(r"connection refused|connection failed|server closed", said, re.I), said
    proxy.restore()
    app.run()
    assert shown_normally(app), [e.value for e in app.exception] + [e.value for e in app.error]
