"""The registry of import formats: the native format and one reader per source system.

Each format is a ``Format`` built from a reader module (the interface is written down in
``rows.py``). The system readers are found by name: ``SYSTEM_MODULES`` lists the modules of
``data_sources/importing/systems/`` tried in order with ``importlib``; a name whose module is
not there (yet) is skipped, so the registry never needs a reader that does not exist. Adding a
system is adding its module and its name here. ``--format auto`` asks each format, native first,
whether it recognises the file's first 64 KiB.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from data_sources.importing import native
from data_sources.importing.rows import Kind, SourceRow, UnreadableFile

SYSTEM_MODULES = ("zendesk", "freshdesk", "chatwoot", "asterisk", "twitter")
SYSTEMS_PACKAGE = "data_sources.importing.systems"


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    kinds: tuple[Kind, ...]
    recognises: Callable[[bytes, str], bool]
    read: Callable[..., Iterator[SourceRow]]
    native: bool = False


def _from_module(module: ModuleType) -> Format:
    return Format(
        name=module.FORMAT,
        kinds=tuple(module.KINDS),
        recognises=module.recognises,
        read=module.read,
    )


@cache
def registry() -> tuple[Format, ...]:
    """Every format this installation can read, native first."""
    formats = [
        Format(native.FORMAT, native.KINDS_READ, native.recognises, native.read, native=True)
    ]
    for name in SYSTEM_MODULES:
        qualified = f"{SYSTEMS_PACKAGE}.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as error:
            if error.name != qualified:
                raise  # the module exists but something it imports is missing: say so
            continue
        formats.append(_from_module(module))
    return tuple(formats)


def names() -> list[str]:
    return [entry.name for entry in registry()]


def by_name(name: str) -> Format:
    for entry in registry():
        if entry.name == name:
            return entry
    raise UnreadableFile(f"unknown format {name!r}; known: auto, {', '.join(names())}")


def recognise(head: bytes, path: Path) -> Format:
    """The first format that recognises the file, or ``UnreadableFile`` saying none did."""
    for entry in registry():
        try:
            if entry.recognises(head, path.name):
                return entry
        except Exception:
            continue
    raise UnreadableFile(
        "unknown format: no reader recognises this file "
        f"(tried {', '.join(names())}); give --format, or check its columns against design/data.md"
    )


def describe(entry: Format) -> dict[str, Any]:
    return {"name": entry.name, "kinds": list(entry.kinds)}
