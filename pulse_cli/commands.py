"""The commands of ``pulse``, named without importing them.

Each command's module brings what its work needs (pandas, SQLAlchemy, the importer…), which
took ``pulse --help`` about 3 CPU-seconds when ``main`` imported every one of them up front.
Here each command has its module and its one line of help, so ``main`` imports only the
module of the command being run, and ``pulse --help`` none.
"""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    "migrate": ("pulse_cli.migrate", "bring the database schema up to date"),
    "demo": ("pulse_cli.demo", "fill the database with a realistic, seeded demo organisation"),
    "import": (
        "pulse_cli.imports",
        "import interaction logs (native CSV / JSON Lines / Parquet, helpdesk exports)",
    ),
    "analyse": ("pulse_cli.analyse", "run the transcript checks again on stored interactions"),
    "kpis": ("pulse_cli.kpis", "print the KPIs (table, JSON or CSV)"),
    "serve": ("pulse_cli.serve", "start the dashboard"),
    "users": ("pulse_cli.users", "add, list, disable and enable the accounts that sign in"),
}


def summary(name: str) -> str:
    """The one line ``pulse --help`` shows for command ``name``."""
    return COMMANDS[name][1]
