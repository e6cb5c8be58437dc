"""``pulse``: the command line of Service Pulse (``design/data.md``, "The command line").

Each command lives in a module of its own with ``register(subparsers)``; ``commands.py``
names them, and only the module of the command being run is imported (``pulse --help``
imports none: a command's module brings pandas, SQLAlchemy and more). Every command takes
``--db URL`` (else ``PULSE_DATABASE_URL``, else the default SQLite file) and brings the
schema up to date before it touches data.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pulse_cli.commands import COMMANDS


def parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: the command it names registered in full, the others by name
    and help line only (enough to list them and to say which exist)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = arguments[0] if arguments and arguments[0] in COMMANDS else None
    root = argparse.ArgumentParser(
        prog="pulse", description="Service Pulse: customer-service quality, measured."
    )
    subparsers = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, text) in COMMANDS.items():
        if name == chosen:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=text)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser(argv).parse_args(argv)
    try:
        return int(arguments.run(arguments) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError  # only once something failed

        if not isinstance(error, SQLAlchemyError):
            raise
        # The database failed (full, read-only, unreachable): its own words, no traceback.
        words = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"pulse {arguments.command}: the database failed: {words}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
