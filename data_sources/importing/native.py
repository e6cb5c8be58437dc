"""The native format (``design/data.md``) in CSV, JSON Lines and Parquet, read as a stream.

Column names are matched by name, case-insensitively (``Interaction ID`` is
``interaction_id``), never by position. The CSV delimiter is the one of ``, ; TAB |`` that
makes the most native column names out of the header line. The kind comes from ``--kind`` or
from the columns (``kinds.SIGNATURES``). Rows stream in file order with their line (CSV, JSON
Lines) or record number (Parquet); a row the reader can already tell is broken (wrong number of
fields, broken quoting, not a JSON object) carries ``problem`` and the pipeline quarantines it.
JSON Lines may nest ``messages``, ``promises`` and ``qa_reviews`` in an interaction; those rows
follow their interaction, with its ``interaction_id`` and ``source``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from data_sources.importing.encoding import FileFacts, head_encoding, inspect_file
from data_sources.importing.kinds import KIND_COLUMNS, kind_of_columns, required_columns
from data_sources.importing.rows import KINDS, Kind, SourceRow, UnreadableFile

FORMAT = "native"
KINDS_READ = KINDS
DELIMITERS = (",", ";", "\t", "|")
NESTED: dict[str, Kind] = {
    "messages": "messages",
    "promises": "promises",
    "qa_reviews": "qa_reviews",
}
ALL_COLUMNS = frozenset(column.name for columns in KIND_COLUMNS.values() for column in columns)
PARQUET_BATCH = 20_000
csv.field_size_limit(1 << 30)  # a long message body is data, not an attack on memory


def column_name(header: str) -> str:
    """``" Interaction ID "`` -> ``interaction_id``."""
    return re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").lower())


def _shape(head: bytes) -> str:
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.decode(head_encoding(head), errors="ignore").lstrip("\ufeff \r\n\t")
    return "jsonl" if text.startswith("{") else "csv"


def _first_line(head: bytes) -> str:
    text = head.decode(head_encoding(head), errors="ignore").lstrip("\ufeff")
    return text.splitlines()[0] if text.strip() else ""


def _delimiter(header_line: str) -> str:
    def known(delimiter: str) -> int:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        return sum(column_name(field) in ALL_COLUMNS for field in fields)

    return max(DELIMITERS, key=known)  # ties keep the earlier (comma)


def recognises(head: bytes, file_name: str) -> bool:
    """True for a native CSV / JSON Lines / Parquet file of a kind its columns name."""
    shape = _shape(head)
    if shape == "parquet":
        return True
    line = _first_line(head)
    if shape == "jsonl":
        try:
            record = json.loads(line)
        except ValueError:
            return False
        return (
            isinstance(record, dict)
            and kind_of_columns({column_name(k) for k in record}) is not None
        )
    fields = next(csv.reader([line], delimiter=_delimiter(line)), [])
    return kind_of_columns({column_name(field) for field in fields}) is not None


def _checked_kind(columns: list[str], kind: Kind | None, where: str) -> Kind:
    duplicated = sorted({name for name in columns if columns.count(name) > 1 and name})
    if duplicated:
        raise UnreadableFile(
            f"column {', '.join(duplicated)} appears more than once in the {where}"
        )
    present = set(columns)
    chosen = kind or kind_of_columns(present)
    if chosen is None:
        raise UnreadableFile(
            f"cannot tell the record kind from the {where} ({', '.join(columns) or 'no columns'}); "
            f"give --kind (one of {', '.join(KINDS)})"
        )
    missing = [name for name in required_columns(chosen) if name not in present]
    if missing:
        raise UnreadableFile(
            f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"for {chosen}; the {where} has: {', '.join(columns)}"
        )
    return chosen


def read(
    path: Path, *, tz: tzinfo, kind: Kind | None = None, facts: FileFacts | None = None
) -> Iterator[SourceRow]:
    """Every row of a native file, streamed; raises ``UnreadableFile`` before the first row."""
    del tz  # timestamps are read by the pipeline's validation, in the import's zone
    facts = facts or inspect_file(path)
    shape = _shape(facts.head)
    if shape == "parquet":
        return _parquet_rows(path, kind)
    if facts.size == 0 or not facts.head.strip():
        raise UnreadableFile("the file is empty")
    if facts.looks_binary:
        raise UnreadableFile("not a text file (it is full of control bytes) and not Parquet")
    stream = io.TextIOWrapper(path.open("rb"), encoding=facts.encoding, newline="")
    if shape == "jsonl":
        return _jsonl_rows(stream, kind)
    return _csv_rows(stream, kind)


def _csv_rows(stream: io.TextIOWrapper, kind: Kind | None) -> Iterator[SourceRow]:
    header_line = stream.readline()
    stream.seek(0)
    reader = csv.reader(stream, delimiter=_delimiter(header_line.rstrip("\r\n")), strict=True)
    names = [column_name(field) for field in next(reader)]
    chosen = _checked_kind(names, kind, "header")
    return _csv_records(stream, reader, names, chosen)


def _csv_records(
    stream: io.TextIOWrapper, reader: Any, names: list[str], kind: Kind
) -> Iterator[SourceRow]:
    width = len(names)
    previous_end = reader.line_num
    with stream:
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                start, previous_end = previous_end + 1, reader.line_num
                reason = str(error)
                if "unexpected end of data" in reason:
                    reason = (
                        f"a quoted field opened on line {start} is never closed "
                        f"(runs to line {previous_end})"
                    )
                yield SourceRow(kind, start, {}, problem=(None, f"broken quoting: {reason}"))
                continue
            start, previous_end = previous_end + 1, reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip() and width > 1):
                continue  # a blank line
            if len(fields) == width:
                yield SourceRow(kind, start, dict(zip(names, fields, strict=True)))
                continue
            values = {
                names[i] if i < width else f"column {i + 1}": field
                for i, field in enumerate(fields)
            }
            reason = f"the row has {len(fields)} fields, the header has {width}"
            if previous_end > start:
                reason += (
                    f" (it runs from line {start} to {previous_end}: a quote may be unbalanced)"
                )
            yield SourceRow(kind, start, values, problem=(None, reason))


def _jsonl_rows(stream: io.TextIOWrapper, kind: Kind | None) -> Iterator[SourceRow]:
    first = stream.readline()
    stream.seek(0)
    try:
        record = json.loads(first)
    except ValueError as error:
        raise UnreadableFile(f"line 1 is not JSON ({error})") from None
    if not isinstance(record, dict):
        raise UnreadableFile("line 1 is not a JSON object; JSON Lines hold one object per line")
    keys = [column_name(key) for key in record if column_name(key) not in NESTED]
    chosen = kind or kind_of_columns(set(keys))
    if chosen is None:
        raise UnreadableFile(
            f"cannot tell the record kind from the keys of line 1 ({', '.join(keys)}); give --kind"
        )
    return _jsonl_records(stream, chosen)


def _jsonl_records(stream: io.TextIOWrapper, kind: Kind) -> Iterator[SourceRow]:
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                yield SourceRow(
                    kind, number, {"line": line}, problem=(None, f"not valid JSON ({error})")
                )
                continue
            if not isinstance(record, dict):
                yield SourceRow(kind, number, {"line": line}, problem=(None, "not a JSON object"))
                continue
            values = {column_name(key): value for key, value in record.items()}
            children = {name: values.pop(name) for name in NESTED if name in values}
            yield SourceRow(kind, number, values)
            yield from _children(number, values, children)


def _children(number: int, parent: dict[str, Any], children: dict[str, Any]) -> Iterator[SourceRow]:
    inherited = {"interaction_id": parent.get("interaction_id"), "source": parent.get("source")}
    for name, items in children.items():
        if not isinstance(items, list):
            yield SourceRow(
                NESTED[name], number, {name: items}, problem=(name, "nested records must be a list")
            )
            continue
        for item in items:
            if not isinstance(item, dict):
                yield SourceRow(
                    NESTED[name],
                    number,
                    {name: item},
                    problem=(name, "a nested record must be an object"),
                )
                continue
            values = {column_name(key): value for key, value in item.items()}
            yield SourceRow(NESTED[name], number, {**inherited, **values})


def _parquet_rows(path: Path, kind: Kind | None) -> Iterator[SourceRow]:
    import pyarrow.parquet as parquet  # a heavy import only Parquet files need

    try:
        source = parquet.ParquetFile(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        raise UnreadableFile(f"not a readable Parquet file ({error})") from None
    names = [column_name(name) for name in source.schema_arrow.names]
    chosen = _checked_kind(names, kind, "Parquet schema")
    return _parquet_records(source, names, chosen)


def _parquet_records(source: Any, names: list[str], kind: Kind) -> Iterator[SourceRow]:
    number = 0
    for batch in source.iter_batches(batch_size=PARQUET_BATCH):
        columns = [column.to_pylist() for column in batch.columns]
        for values in zip(*columns, strict=True):
            number += 1
            yield SourceRow(kind, number, dict(zip(names, values, strict=True)))


def count_records(path: Path, facts: FileFacts) -> int:
    """What progress counts to: lines of a text file, records of a Parquet file."""
    if _shape(facts.head) == "parquet":
        import pyarrow.parquet as parquet

        return int(parquet.ParquetFile(path).metadata.num_rows)
    return facts.lines
