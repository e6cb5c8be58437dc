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

from sqlalchemy import func, select
from tqdm import tqdm

from data_sources import data_version
from data_sources.bulk import table_of
from data_sources.models import Interaction
from data_sources.transcript_analysis import analyse_after_write, phrase_lists
from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database

TRANSACTION = 20_000  # interactions per committed batch


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser(
        "analyse",
        help=summary("analyse"),
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
    conditions = []
    if arguments.since is not None:
        since = datetime.combine(arguments.since, time(), tzinfo=UTC)
        conditions.append(interaction.c.created_at >= since)
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(interaction).where(*conditions)
        ).scalar_one()
        lists = phrase_lists(connection)
    began, done, messages, after = perf_counter(), 0, 0, 0
    with tqdm(total=total, unit=" interactions", disable=not total) as bar:
        while True:
            # Keyset pages of ids: memory stays bounded by one batch at any size.
            with engine.begin() as connection:
                ids = list(
                    connection.execute(
                        select(interaction.c.id)
                        .where(*conditions, interaction.c.id > after)
                        .order_by(interaction.c.id)
                        .limit(TRANSACTION)
                    ).scalars()
                )
                if not ids:
                    break
                messages += analyse_after_write(
                    connection, interaction_ids=ids, phrases=lists, on_progress=bar.update
                )
                data_version.changed(connection)
            after, done = ids[-1], done + len(ids)
    seconds = perf_counter() - began
    print(
        f"analysed {done:,} interactions ({messages:,} messages) in {seconds:.1f} s"
        + (f" since {arguments.since}" if arguments.since else "")
    )
    return 0
