"""What every system reader needs from an export file: its JSON shape, streamed items, times.

JSON exports are read with ijson, item by item, so a page with thousands of tickets never sits in
memory as one document. ``json_shape`` looks at the first bytes only (the 64 KiB head that
``--format auto`` hands to ``recognises``) and tells where the records are: a top-level array, or
an array under a key of an envelope (``{"tickets": [...], "end_of_stream": true}``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import ijson

HEAD_BYTES = 64 * 1024


@dataclass(slots=True)
class JsonShape:
    """The keys seen in a JSON head: the top level, and the first item of each array in it."""

    top_is_array: bool = False
    top_keys: set[str] = field(default_factory=set)
    # ijson prefix of an array ("item", "tickets.item", "data.payload.item") -> keys of its
    # first object, as far as the head shows them.
    first_item_keys: dict[str, set[str]] = field(default_factory=dict)

    def keys_of(self, array_prefix: str) -> set[str]:
        return self.first_item_keys.get(array_prefix, set())


def json_shape(head: bytes) -> JsonShape | None:
    """The shape of a JSON document from its head, or None when the head is not JSON."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] not in (b"{", b"["):
        return None
    shape = JsonShape(top_is_array=stripped[:1] == b"[")
    open_items: dict[str, int] = {}  # array prefix -> depth of its first item, while inside it
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(stripped)):
            if event == "map_key" and prefix == "":
                shape.top_keys.add(value)
            elif event == "start_map" and prefix.endswith("item") and prefix not in open_items:
                if prefix not in shape.first_item_keys:
                    shape.first_item_keys[prefix] = set()
                    open_items[prefix] = 1
            elif event == "map_key" and prefix in open_items:
                shape.first_item_keys[prefix].add(value)
            elif event == "end_map" and prefix in open_items:
                del open_items[prefix]
    except (ijson.common.IncompleteJSONError, ijson.common.JSONError, UnicodeDecodeError):
        # The head is cut at 64 KiB: what was seen before the cut is the shape.
        pass
    return shape


def read_head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def json_items(path: Path, array_prefix: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of one array in a JSON file, numbered from 1, streamed."""
    with path.open("rb") as handle:
        for number, item in enumerate(ijson.items(handle, array_prefix, use_float=True), start=1):
            if isinstance(item, dict):
                yield number, item


def sideloads(path: Path, names: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """The objects of several top-level arrays of an envelope, in one pass over the file.

    Used for the small arrays a system sideloads beside its records (Zendesk ``users``,
    ``groups``, ``metric_sets``): at most one API page of them, so they are kept in memory while
    the records themselves are streamed in a second pass.
    """
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    item_prefixes = {f"{name}.item": name for name in names}
    builder: ijson.ObjectBuilder | None = None
    building = ""
    with path.open("rb") as handle:
        for prefix, event, value in ijson.parse(handle, use_float=True):
            if builder is None:
                if event == "start_map" and prefix in item_prefixes:
                    builder, building = ijson.ObjectBuilder(), prefix
                    builder.event(event, value)
                continue
            builder.event(event, value)
            if event == "end_map" and prefix == building:
                found[item_prefixes[building]].append(builder.value)
                builder = None
    return found


def text(value: object) -> str | None:
    """A value as text, or None when the system left it empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return result or None


def parse_time(value: object, tz: tzinfo) -> datetime | None:
    """An ISO 8601 text or a Unix epoch number as an aware datetime; naive text is read in tz.

    Returns None for an empty value and raises ValueError for one that is not a time, so the
    reader can report it as the row's problem.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), UTC)
    parsed = datetime.fromisoformat(str(value).strip())
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def time_or_text(value: object, tz: tzinfo) -> object:
    """A time as an aware datetime when it reads as one; otherwise the value as it is, for the
    pipeline to report with its line and column."""
    try:
        return parse_time(value, tz)
    except ValueError:
        return value
