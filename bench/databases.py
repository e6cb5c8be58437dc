"""What the benchmarks share: scratch PostgreSQL databases, the schema's head, the load."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def scratch_postgres(server: str, name: str | None = None) -> tuple[str, Any]:
    """A new PostgreSQL database (``name``, else a random one) and the function that drops it."""
    name = name or f"pulse_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    return url, drop


def migration_names() -> list[str]:
    """Every migration's file name, oldest first."""
    versions = Path(__file__).resolve().parent.parent / "data_sources" / "migrations" / "versions"
    return sorted(path.stem for path in versions.glob("[0-9]*.py"))


def schema_head() -> str:
    """The newest migration's file name: a kept database built under an older one is migrated."""
    return migration_names()[-1]


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: the machine is shared, so every figure says it."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
