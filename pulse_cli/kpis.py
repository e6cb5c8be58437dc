"""``pulse kpis``: print the KPIs of ``design/kpis.md`` for a window, as a table, JSON or CSV.

Dates (``2026-03-02``) mean midnight UTC; timestamps are ISO 8601 and taken as UTC when they
carry no offset. The window is ``[--start, --end)``; by default the 30 UTC days up to and
including the day of ``--as-of`` (default: now). The command line sees every team.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, select

from data_sources.models import Channel, Person, Team
from data_sources.report import GROUPINGS, kpi_report
from data_sources.scope import Scope
from kpis.window import Window
from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database
from pulse_cli.kpi_output import as_csv, as_json, as_table, iso

DEFAULT_DAYS = 30


class UsageError(Exception):
    """Input the command cannot act on; printed as is, exit status 2."""


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser(
        "kpis", help=summary("kpis"), description=__doc__
    )
    add_database_option(command)
    command.add_argument("--start", metavar="D", help="window start, included (date or time)")
    command.add_argument("--end", metavar="D", help="window end, excluded (date or time)")
    command.add_argument("--as-of", metavar="T", help="the moment the report is taken")
    command.add_argument("--team", action="append", default=[], help="team name (repeatable)")
    command.add_argument(
        "--agent", action="append", default=[], help="agent key or name (repeatable)"
    )
    command.add_argument("--channel", action="append", default=[], help="channel (repeatable)")
    command.add_argument("--by", choices=GROUPINGS, help="one group per team, agent, …")
    command.add_argument("--format", choices=("table", "json", "csv"), default="table")
    command.set_defaults(run=run)


def moment(text: str, *, option: str) -> datetime:
    """A date or an ISO 8601 timestamp, in UTC."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.min, tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"{option}: {text!r} is neither a date nor an ISO 8601 time") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _ids(connection: Connection, table: Any, names: list[str], *, what: str) -> list[int]:
    ids = []
    for name in names:
        found = [
            row[0]
            for column in ("key", "name")
            if column in table.c
            for row in connection.execute(select(table.c.id).where(table.c[column] == name))
        ]
        unique = sorted(set(found))
        if len(unique) != 1:
            problem = "unknown" if not unique else "ambiguous"
            known = sorted(connection.execute(select(table.c.name)).scalars())
            hint = f"; known: {', '.join(known)}" if known and len(known) <= 40 else ""
            raise UsageError(f"{problem} {what} {name!r}{hint}")
        ids.append(unique[0])
    return ids


def window_of(arguments: argparse.Namespace, as_of: datetime) -> Window:
    end = (
        moment(arguments.end, option="--end")
        if arguments.end
        else datetime.combine(as_of.date() + timedelta(days=1), time.min, tzinfo=UTC)
    )
    start = (
        moment(arguments.start, option="--start")
        if arguments.start
        else end - timedelta(days=DEFAULT_DAYS)
    )
    if end <= start:
        raise UsageError(f"--end ({iso(end)}) must come after --start ({iso(start)})")
    return Window(start, end)


def run(arguments: argparse.Namespace) -> int:
    try:
        as_of = moment(arguments.as_of, option="--as-of") if arguments.as_of else datetime.now(UTC)
        window = window_of(arguments, as_of)
        unknown = sorted(set(arguments.channel) - {str(c) for c in Channel})
        if unknown:
            raise UsageError(f"unknown channel {unknown[0]!r}; known: {', '.join(Channel)}")
        engine = open_database(arguments)
        with engine.connect() as connection:
            teams = _ids(connection, Team.__table__, arguments.team, what="team")  # type: ignore[attr-defined]
            agents = _ids(connection, Person.__table__, arguments.agent, what="agent")  # type: ignore[attr-defined]
            frame = kpi_report(
                connection,
                window=window,
                as_of=as_of,
                scope=Scope.everything(),
                teams=teams,
                agents=agents,
                channels=arguments.channel,
                by=arguments.by,
            )
    except UsageError as problem:
        print(f"pulse kpis: {problem}", file=sys.stderr)
        return 2
    printers = {"json": as_json, "csv": as_csv, "table": as_table}
    print(printers[arguments.format](frame, window=window, as_of=as_of, by=arguments.by))
    return 0
