"""``pulse serve [--port P]``: start the dashboard (Streamlit) on this machine."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from data_sources.engine import DATABASE_URL_VARIABLE, database_url
from data_sources.environment import SettingError
from data_sources.pool_settings import pool_settings
from data_sources.sign_in_throttle import settings_from
from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database

PROJECT = Path(__file__).resolve().parents[1]
ENTRYPOINT = PROJECT / "dashboard" / "app.py"


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser("serve", help=summary("serve"))
    add_database_option(command)
    command.add_argument("--port", type=int, default=8501, help="port to listen on (8501)")
    command.add_argument("--address", default=None, help="address to bind (Streamlit's default)")
    command.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    try:
        # A mistyped setting stops the start, not the first sign-in or page.
        settings_from()
        pool_settings(database_url(arguments.db))
    except SettingError as problem:
        print(f"pulse serve: {problem}", file=sys.stderr)
        return 2
    open_database(arguments)
    # The app process reads the same database the command was pointed at.
    os.environ[DATABASE_URL_VARIABLE] = database_url(arguments.db)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ENTRYPOINT),
        "--server.port",
        str(arguments.port),
        "--browser.gatherUsageStats",
        "false",
    ]
    if arguments.address:
        command += ["--server.address", arguments.address]
    print(f"Service Pulse on http://localhost:{arguments.port}", flush=True)
    # Streamlit reads .streamlit/config.toml (XSRF, upload limit, theme) from the working
    # directory; the database URL was resolved above, so moving does not change it.
    os.chdir(PROJECT)
    os.execv(sys.executable, command)
    return 0  # not reached: execv replaces this process
