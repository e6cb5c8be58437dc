"""``pulse``: the command line of Service Pulse (``design/data.md``, "The command line").

Each command lives in a module of its own with ``register(subparsers)``; this file only
collects them. Every command takes ``--db URL`` (else ``PULSE_DATABASE_URL``, else the
default SQLite file) and brings the schema up to date before it touches data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from pulse_cli import analyse, demo, imports, kpis, migrate, serve, users

COMMANDS = (migrate, demo, imports, analyse, kpis, serve, users)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="pulse", description="Service Pulse: customer-service quality, measured."
    )
    subparsers = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return int(arguments.run(arguments) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except SQLAlchemyError as error:
        # The database failed (full, read-only, unreachable): its own words, no traceback.
        words = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"pulse {arguments.command}: the database failed: {words}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
