"""``pulse import --watch DIR``: import each file of DIR when it lands or changes.

The directory is polled (every ``interval`` seconds) rather than subscribed to: polling works
the same on every file system, network shares included, and needs no extra library. A file is
imported once its size and modification time have stayed the same for one whole interval, so
a file still being copied in is not read half-written; a file that changes later is imported
again, which the import's idempotence makes safe (only what changed is updated). Hidden files
and files ending in ``.part``, ``.tmp`` or ``.crdownload`` are left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

IGNORED_SUFFIXES = (".part", ".tmp", ".crdownload")


def _candidates(directory: Path) -> dict[Path, tuple[int, int]]:
    found: dict[Path, tuple[int, int]] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.suffix in IGNORED_SUFFIXES or not path.is_file():
            continue
        try:
            status = path.stat()
        except FileNotFoundError:  # removed between listing and looking
            continue
        found[path] = (status.st_size, status.st_mtime_ns)
    return found


def changed_files(
    directory: Path, imported: dict[Path, tuple[int, int]], previous: dict[Path, tuple[int, int]]
) -> tuple[list[Path], dict[Path, tuple[int, int]]]:
    """Files whose state is steady since the previous look and differs from when imported."""
    current = _candidates(directory)
    ready = [
        path
        for path, state in current.items()
        if previous.get(path) == state and imported.get(path) != state
    ]
    return ready, current


def watch(
    directory: Path,
    import_one: Callable[[Path], object],
    *,
    interval: float = 2.0,
    rounds: int | None = None,
) -> None:
    """Poll ``directory``; call ``import_one`` on new or changed files (stop after ``rounds``)."""
    if not directory.is_dir():
        raise NotADirectoryError(f"{directory} is not a directory")
    print(f"watching {directory} (every {interval:g} s; Ctrl+C stops)", flush=True)
    imported: dict[Path, tuple[int, int]] = {}
    previous: dict[Path, tuple[int, int]] = {}
    count = 0
    while rounds is None or count < rounds:
        ready, previous = changed_files(directory, imported, previous)
        for path in ready:
            import_one(path)
            imported[path] = previous[path]
        count += 1
        if rounds is None or count < rounds:
            time.sleep(interval)
