"""``pulse demo``: fill the database with a seeded, realistic demo organisation.

Six months of traffic ending at ``--until`` (default: today, UTC). With ``--until`` in the
past the demo ends at the end of that day, and the same ``--seed`` and ``--until`` always give
the same database. With today it ends at the current second, so the team leader's live view
has work waiting right now.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter, sleep
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from tqdm import tqdm

from data_sources import data_version
from data_sources.demo import generate_demo
from data_sources.demo.existing import contents, remove_demo
from data_sources.demo.generate import MINIMUM_INTERACTIONS
from data_sources.demo.live import Organisation, tick
from data_sources.demo.transcripts import FULL_TRANSCRIPTS
from data_sources.demo_accounts import WARNING, create_demo_accounts
from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database

DEFAULT_INTERACTIONS = 60_000
SIGN_IN_HINT = (
    "sign in with an account of `pulse users list`; make the first with "
    "`pulse users add EMAIL --name NAME --role ceo` (it prints a generated password once)"
)
DEFAULT_SEED = 42
LIVE_EVERY = 5.0
PROGRESS_FROM = 100_000  # smaller runs take seconds and need no progress bar

DESCRIPTION = """\
Fill the database with a seeded, realistic demo organisation: nine teams with leaders, 80
agents, QA staff, six months of traffic on every channel, transcripts, promises,
escalations, CSAT, QA reviews on a scorecard and public reviews.

The six months end at --until (default: today, UTC). With --until in the past the demo ends
at the end of that day, and the same --seed and --until always give the same database. With
today it ends at the current second, so the team leader's live view has work waiting now.
"""

EPILOG = f"""\
What happens to data already in the database:
  empty database      the demo is written.
  --if-empty          when the database already holds interactions, teams or people, nothing
                      is written and the command says so (exit 0); `make run` uses this.
  --replace           removes an earlier demo (its interactions, messages, promises, reviews,
                      customers, people, teams and scorecard) and writes a new one, in one
                      transaction. Refused when the database holds any interaction that did
                      not come from the demo: the demo never deletes imported data.
  neither             refused (exit 1) when the database is not empty.
Everything is written in one transaction: an interrupted run leaves the database as it was.

Sign-in: the demo gets one account per role (CEO, team leader, QA, agent), tied to the
demo's own people, with fixed passwords printed at the end. They are demo passwords, known
to anyone who reads the source: they are (re)set only on a database that holds nothing but
the demo, also when --if-empty finds the demo already there.
Runs above {FULL_TRANSCRIPTS:,} interactions get transcripts (messages and QA reviews) for a
sample of {FULL_TRANSCRIPTS:,} interactions; every other table is complete.
"""


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help=summary("demo"),
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--interactions",
        type=_interactions,
        default=DEFAULT_INTERACTIONS,
        metavar="N",
        help=f"how many interactions (default {DEFAULT_INTERACTIONS:,})",
    )
    command.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, metavar="S", help="random seed (default 42)"
    )
    command.add_argument(
        "--until",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="last day of the six months (default: today, UTC)",
    )
    existing = command.add_mutually_exclusive_group()
    existing.add_argument(
        "--if-empty", action="store_true", help="do nothing when the database already has data"
    )
    existing.add_argument(
        "--replace", action="store_true", help="replace an earlier demo (never imported data)"
    )
    command.add_argument(
        "--live",
        action="store_true",
        help="then keep adding new work (and answering it) every few seconds until Ctrl+C",
    )
    command.add_argument(
        "--every",
        type=float,
        default=LIVE_EVERY,
        metavar="SECONDS",
        help=f"with --live: seconds between rounds (default {LIVE_EVERY:g})",
    )
    command.add_argument(
        "--rounds", type=int, default=None, metavar="N", help="with --live: stop after N rounds"
    )
    add_database_option(command)
    command.set_defaults(run=run)


def _interactions(value: str) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < MINIMUM_INTERACTIONS:
        raise argparse.ArgumentTypeError(f"the demo needs at least {MINIMUM_INTERACTIONS}")
    return number


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-03-31") from None


def demo_now(until: date | None, *, clock: datetime) -> datetime:
    """The demo's "now": the end of ``until``, or the current second when that is later."""
    current = clock.astimezone(UTC).replace(microsecond=0)
    if until is None:
        return current
    return min(datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC), current)


def run(arguments: argparse.Namespace) -> int:
    clock = datetime.now(UTC)
    if arguments.until is not None and arguments.until > clock.date():
        print(f"--until {arguments.until} is in the future; the demo ends today at the latest")
        return 2
    if arguments.live and arguments.until is not None:
        print("--live continues the demo from now: leave out --until")
        return 2
    engine = open_database(arguments)
    status = _fill(arguments, engine, demo_now(arguments.until, clock=clock))
    if status != 0 or not arguments.live:
        return status
    return go_live(engine, every=arguments.every, rounds=arguments.rounds, seed=arguments.seed)


def _fill(arguments: argparse.Namespace, engine: Engine, now: datetime) -> int:
    """Write the demo as the options say (with --live, only into an empty database)."""
    began = perf_counter()
    if_empty = arguments.if_empty or (arguments.live and not arguments.replace)
    with engine.begin() as connection:
        found = contents(connection)
        removed_days: set[date] = set()
        if not found.empty:
            described = (
                f"{found.interactions:,} interactions, {found.teams:,} teams, "
                f"{found.people:,} people"
            )
            if if_empty:
                if arguments.live and not found.only_demo:
                    print(
                        f"refused: the database holds imported data ({described}), and live "
                        "demo traffic goes only into a database that holds nothing but the demo"
                    )
                    return 1
                print(f"the database already has data ({described}); no demo added")
                if found.only_demo and found.demo_interactions:
                    print(demo_accounts_text(connection))
                else:  # real data: no demo passwords, ever
                    print(SIGN_IN_HINT)
                return 0
            if not arguments.replace:
                print(
                    f"the database already has data ({described}); nothing written. "
                    "Use --if-empty to skip quietly, or --replace to replace an earlier demo."
                )
                return 1
            if not found.only_demo:
                print(
                    f"refused: {found.interactions - found.demo_interactions:,} interactions "
                    "did not come from the demo, and the demo never deletes imported data"
                )
                return 1
            removed_days = remove_demo(connection)
        with tqdm(
            total=arguments.interactions,
            unit=" interactions",
            disable=arguments.interactions < PROGRESS_FROM,
        ) as bar:
            summary = generate_demo(
                connection,
                interactions=arguments.interactions,
                seed=arguments.seed,
                now=now,
                on_progress=bar.update,
                on_stage=bar.set_description,
                refresh_also=removed_days,
            )
        accounts = demo_accounts_text(connection)
        data_version.changed(connection)
    where = engine.url.render_as_string(hide_password=True)
    print(
        f"demo written to {where}: up to {now:%Y-%m-%d %H:%M:%S} UTC, seed {arguments.seed}\n"
        f"  teams           {summary.teams:>10,}\n"
        f"  people          {summary.people:>10,}\n"
        f"  customers       {summary.customers:>10,}\n"
        f"  interactions    {summary.interactions:>10,}\n"
        f"  messages        {summary.messages:>10,}"
        f"   (transcripts for {summary.transcript_share:.0%} of interactions)\n"
        f"  promises        {summary.promises:>10,}\n"
        f"  reviews, notes  {summary.reviews:>10,}   (QA, peer and coaching)\n"
        f"  public reviews  {summary.public_reviews:>10,}\n"
        f"  elapsed         {perf_counter() - began:>10.1f} s\n"
        f"{accounts}"
    )
    return 0


def demo_accounts_text(connection: Connection) -> str:
    """(Re)set the demo's four accounts in this transaction and say how to sign in."""
    with Session(bind=connection) as session:
        accounts = create_demo_accounts(session)
    width = max(len(email) for email, _, _ in accounts)
    lines = [f"  {email:<{width}}  {role:<7} {password}" for email, role, password in accounts]
    return "\n".join(["sign in with (e-mail, role, password):", *lines, f"  {WARNING}"])


def go_live(engine: Engine, *, every: float, rounds: int | None, seed: int) -> int:
    """New work every ``every`` seconds, one transaction a round, until Ctrl+C (or ``rounds``).

    A round the database refuses (busy with an import on SQLite, unreachable) is said and
    skipped; the next one tries again.
    """
    with engine.connect() as connection:
        organisation = Organisation.read(connection)
    rng = np.random.default_rng(seed + int(datetime.now(UTC).timestamp()))
    print(f"live: new work every {every:g} s (Ctrl+C stops)", flush=True)
    done = 0
    try:
        while rounds is None or done < rounds:
            started = perf_counter()
            try:
                with engine.begin() as connection:
                    result = tick(connection, organisation, rng, datetime.now(UTC))
                print(
                    f"{datetime.now(UTC):%H:%M:%S}  +{result.arrived} new, "
                    f"{result.answered} answered, {result.resolved} resolved, "
                    f"{result.picked_up} escalations picked up",
                    flush=True,
                )
            except SQLAlchemyError as error:
                words = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
                print(f"{datetime.now(UTC):%H:%M:%S}  skipped: the database said: {words}")
            done += 1
            if rounds is None or done < rounds:
                sleep(max(0.0, every - (perf_counter() - started)))
    except KeyboardInterrupt:
        print("live: stopped")
    return 0
