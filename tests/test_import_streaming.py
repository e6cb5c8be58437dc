"""Files are read as streams: memory follows the batch, not the file."""

from __future__ import annotations

import itertools
import json
import tracemalloc
from datetime import UTC
from pathlib import Path

import pytest

from data_sources.importing import native

ROWS = 200_000


def _csv(path: Path) -> Path:
    with path.open("w") as stream:
        stream.write("interaction_id,created_at,channel,team,topic\n")
        for number in range(ROWS):
            stream.write(f"S{number},2026-03-02T09:00:00Z,chat,Billing,{'x' * 80}\n")
    return path


def _jsonl(path: Path) -> Path:
    with path.open("w") as stream:
        for number in range(ROWS):
            record = {"interaction_id": f"S{number}", "created_at": "2026-03-02T09:00:00Z"}
            stream.write(
                json.dumps({**record, "channel": "chat", "team": "B", "topic": "x" * 80}) + "\n"
            )
    return path


@pytest.mark.parametrize("make", [_csv, _jsonl], ids=["csv", "jsonl"])
def test_reading_the_first_rows_of_a_big_file_reads_only_a_little(
    tmp_path: Path, make: object
) -> None:
    """Ten rows of a 20 MB file cost under 3 MB (a 1 MiB read chunk): the file is not loaded."""
    path = make(tmp_path / "big")  # type: ignore[operator]
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    rows = native.read(path, tz=UTC)
    first = list(itertools.islice(rows, 10))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [row.values["interaction_id"] for row in first[:2]] == ["S0", "S1"]
    assert peak < 3_000_000
    assert sum(1 for _ in rows) == ROWS - 10
