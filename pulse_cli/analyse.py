"""``pulse analyse``: run the transcript checks again on stored interactions.

Imports and the demo analyse what they write; this command is for a database filled before
the checks existed, and for after the phrase lists were edited (the stored findings keep the
lists of the day they were made until then). Each batch is its own transaction, so an
interrupted run keeps the batches it finished and can simply be run again.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time
from time import perf_counter
from typing import Any

from sqlalchemy import select
from tqdm import tqdm

from data_sources.bulk import table_of
from data_sources.models import Interaction
from data_sources.transcript_analysis import analyse_after_write, phrase_lists
from pulse_cli.common import add_database_option, open_database

TRANSACTION = 20_000  # interactions per committed batch


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser(
        "analyse",
        help="run the transcript checks again on stored interactions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--since",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="only interactions created on or after this UTC day (default: all)",
    )
    add_database_option(command)
    command.set_defaults(run=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run(arguments: argparse.Namespace) -> int:
    engine = open_database(arguments)
    interaction = table_of(Interaction)
    query = select(interaction.c.id).order_by(interaction.c.id)
    if arguments.since is not None:
        since = datetime.combine(arguments.since, time(), tzinfo=UTC)
        query = query.where(interaction.c.created_at >= since)
    with engine.connect() as connection:
        ids = list(connection.execute(query).scalars())
        lists = phrase_lists(connection)
    began, messages = perf_counter(), 0
    with tqdm(total=len(ids), unit=" interactions", disable=not ids) as bar:
        for first in range(0, len(ids), TRANSACTION):
            with engine.begin() as connection:
                messages += analyse_after_write(
                    connection,
                    interaction_ids=ids[first : first + TRANSACTION],
                    phrases=lists,
                    on_progress=bar.update,
                )
    seconds = perf_counter() - began
    print(
        f"analysed {len(ids):,} interactions ({messages:,} messages) in {seconds:.1f} s"
        + (f" since {arguments.since}" if arguments.since else "")
    )
    return 0
