"""Alembic environment: uses the caller's connection, else the URL from ``pulse``'s rules."""

from __future__ import annotations

from alembic import context

import data_sources.models  # noqa: F401  (registers every table on the metadata)
from data_sources.engine import make_engine
from data_sources.models import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.begin() as fresh:
        _migrate(fresh)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
