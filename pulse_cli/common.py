"""What every ``pulse`` command shares: the ``--db`` option and an up-to-date schema."""

from __future__ import annotations

import argparse

from sqlalchemy import Engine

from data_sources.engine import make_engine
from data_sources.schema import upgrade


def add_database_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="database URL (default: $PULSE_DATABASE_URL, else data/pulse.db)",
    )


def open_database(arguments: argparse.Namespace) -> Engine:
    """The engine for ``--db``, with every migration applied."""
    engine = make_engine(arguments.db)
    upgrade(engine)
    return engine
