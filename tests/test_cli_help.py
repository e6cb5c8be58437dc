"""``pulse --help`` lists every command without importing any command's module (it took
about 3 CPU-seconds when every module, with pandas and SQLAlchemy, was imported up front)."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from pulse_cli.commands import COMMANDS
from pulse_cli.main import parser

HEAVY = ("pandas", "sqlalchemy", "streamlit", "data_sources")


def test_help_lists_the_seven_commands_and_imports_nothing_heavy() -> None:
    script = (
        "import sys\n"
        "from pulse_cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    for name in ("migrate", "demo", "import", "analyse", "kpis", "serve", "users"):
        assert f"    {name} " in shown
    assert "LOADED []" in shown


def registered(root: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    """The parser of command ``name`` (argparse keeps subcommands in a private action)."""
    action = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[name]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_only_the_command_run_is_registered_in_full(name: str) -> None:
    """The module ``commands.py`` names for a command registers that very command with its
    options (``--db``, or ``users``' actions); without it on the command line, the command is
    a name and a help line only."""
    full = registered(parser([name]), name)
    bare = registered(parser([]), name)
    assert [action.option_strings for action in bare._actions] == [["-h", "--help"]]
    assert len(full._actions) > len(bare._actions)
