"""``pulse import PATH... [--format F] [--kind K] [--source NAME] [--tz ZONE] [--watch DIR]``.

Imports each file in its own transaction and prints what was inserted, updated, unchanged and
quarantined. Exit status: 0 when every file was read (quarantined rows included), 2 when a file
was refused (the others are still imported). ``--watch DIR`` keeps running and imports each
file of DIR when it lands or changes (see ``data_sources/importing/watch.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from tqdm import tqdm

from data_sources.importing import formats
from data_sources.importing.pipeline import import_file
from data_sources.importing.rows import KINDS
from data_sources.importing.summary import ImportSummary
from data_sources.importing.watch import watch
from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database

REFUSED = 2


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help=summary("import"),
    )
    command.add_argument("paths", nargs="*", metavar="PATH", type=Path, help="files to import")
    command.add_argument(
        "--format",
        default="auto",
        help=f"auto (recognise from the file) or one of: {', '.join(formats.names())}",
    )
    command.add_argument(
        "--kind", choices=KINDS, default=None, help="record kind (default: from the columns)"
    )
    command.add_argument(
        "--source", default=None, help="source system name (default: file, or the format)"
    )
    command.add_argument(
        "--tz", default="UTC", help="time zone of timestamps without an offset (UTC)"
    )
    command.add_argument(
        "--watch",
        metavar="DIR",
        type=Path,
        default=None,
        help="keep importing files that land in DIR",
    )
    add_database_option(command)
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    if not arguments.paths and arguments.watch is None:
        print("pulse import: give at least one PATH, or --watch DIR", file=sys.stderr)
        return REFUSED
    engine = open_database(arguments)
    status = 0
    for path in arguments.paths:
        summary = import_one(engine, path, arguments)
        if summary.refused:
            status = REFUSED
    if arguments.watch is not None:
        watch(arguments.watch, lambda path: import_one(engine, path, arguments))
    return status


def import_one(engine: Engine, path: Path, arguments: argparse.Namespace) -> ImportSummary:
    with tqdm(desc=path.name, unit=" lines", disable=None, leave=False, file=sys.stderr) as bar:

        def progress(done: int, total: int | None) -> None:
            if total is not None and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        summary = import_file(
            engine,
            path,
            format=arguments.format,
            kind=arguments.kind,
            source=arguments.source,
            tz=arguments.tz,
            imported_by=os.environ.get("USER") or None,
            progress=progress,
        )
    stream = sys.stderr if summary.refused else sys.stdout
    print("\n".join(summary.lines()), file=stream, flush=True)
    return summary
