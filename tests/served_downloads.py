"""What a page's download buttons would serve, for AppTest.

AppTest's runtime is gone once a run ends, so a deferred download's callable (as
``dashboard.downloads.csv_download`` registers it) is kept when it is registered, and called
by the test afterwards: the file a click would have produced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

Served = dict[str, Callable[[], Any]]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    """What each download button would serve, by its file id."""
    kept: Served = {}
    register = MediaFileManager.add_deferred

    def keep(self: MediaFileManager, data_callable: Any, *args: Any, **kwargs: Any) -> str:
        file_id = register(self, data_callable, *args, **kwargs)
        kept[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    yield kept


def downloads(app: AppTest, served: Served) -> dict[str, str]:
    """Every enabled download's file as text, by the button's key."""
    found: dict[str, str] = {}
    for button in app.download_button:
        file_id = button.proto.deferred_file_id
        if file_id in served:
            data = served[file_id]()
            found[str(button.key)] = data.decode() if isinstance(data, bytes) else data
    return found
