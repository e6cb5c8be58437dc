"""Small helpers the import tests share: write a file, import it, read back what was stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from data_sources.importing.pipeline import import_file
from data_sources.importing.summary import ImportSummary

HEADER = "interaction_id,created_at,channel,team,agent,csat\n"


def write(directory: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = directory / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def run(
    engine: Engine, directory: Path, content: str | bytes, name: str = "in.csv", **options: Any
) -> ImportSummary:
    return import_file(engine, write(directory, name, content), **options)


def rows(engine: Engine, sql: str, **parameters: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), parameters)]


def count(engine: Engine, table: str) -> int:
    return int(rows(engine, f'SELECT count(*) FROM "{table}"')[0][0])


def quarantine(engine: Engine) -> list[tuple[Any, ...]]:
    """(line, column, reason) of every quarantined row, in line order."""
    return rows(engine, 'SELECT line, "column", reason FROM quarantinedrow ORDER BY line, id')


def stored_ids(engine: Engine) -> list[str]:
    return [
        row[0] for row in rows(engine, "SELECT external_id FROM interaction ORDER BY external_id")
    ]
