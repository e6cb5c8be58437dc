"""``pulse migrate``: bring the database schema up to date (``make run`` calls it first)."""

from __future__ import annotations

import argparse
from typing import Any

from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser("migrate", help=summary("migrate"))
    add_database_option(command)
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    engine = open_database(arguments)
    print(f"schema up to date: {engine.url.render_as_string(hide_password=True)}")
    return 0
