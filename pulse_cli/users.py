"""``pulse users``: add, list, disable, enable accounts, set passwords, roles and teams, and
unlock an e-mail the sign-in throttle holds back (``data_sources.sign_in_throttle``).

A password is read from standard input (``--password-stdin``) or, for ``add`` without it,
generated and printed once; it is never taken as an argument, where it would be seen in the
process list and the shell's history. Each change is written to the audit log as done from
the command line. An unknown e-mail, team or role ends with exit 2 and a message saying which.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from data_sources import account_changes, accounts, audit, data_version, sign_in_throttle
from data_sources.access import scope_for, viewer_of
from data_sources.account_list import list_accounts
from data_sources.environment import SettingError
from data_sources.models import AccountRole, AuditAction
from pulse_cli.commands import summary
from pulse_cli.common import add_database_option, open_database

Action = Callable[[Session, argparse.Namespace, datetime], int]
GENERATED_PASSWORD_BYTES = 18  # 24 URL-safe characters, 144 bits


def register(subparsers: Any) -> None:
    command: argparse.ArgumentParser = subparsers.add_parser("users", help=summary("users"))
    actions = command.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add an account (prints a generated password once)")
    add.add_argument("email")
    add.add_argument("--name", default="", help="the person's name (for a new person)")
    add.add_argument("--role", required=True, choices=[role.value for role in AccountRole])
    add.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="NAME",
        help="a team a leader leads or a QA reviewer reviews (repeatable)",
    )
    add.add_argument("--person", metavar="KEY", help="tie the account to an existing person")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    actions.add_parser("list", help="list every account")
    for name, text in (("disable", "stop an account signing in"), ("enable", "let it again")):
        actions.add_parser(name, help=text).add_argument("email")
    passwd = actions.add_parser("passwd", help="set a password read from standard input")
    passwd.add_argument("email")
    passwd.add_argument("--password-stdin", action="store_true", required=True)
    role = actions.add_parser("role", help="give an account another role (takes effect at once)")
    role.add_argument("email")
    role.add_argument("role", choices=[role.value for role in AccountRole])
    teams = actions.add_parser("teams", help="grant or withdraw a leader's or QA's teams")
    teams.add_argument("email")
    teams.add_argument("--grant", action="append", default=[], metavar="NAME")
    teams.add_argument("--withdraw", action="append", default=[], metavar="NAME")
    unlock = actions.add_parser(
        "unlock", help="let an e-mail held back by failed sign-ins try again at once"
    )
    unlock.add_argument("email")
    for action in actions.choices.values():
        add_database_option(action)
        action.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    engine = open_database(arguments)
    now = datetime.now(UTC)
    try:
        with Session(engine) as session:
            code = ACTIONS[arguments.action](session, arguments, now)
            if arguments.action not in READ_OR_SIGN_IN_ONLY:  # scopes and reviewers changed
                data_version.changed(session.connection())
            session.commit()
            return code
    except (accounts.AccountError, SettingError) as problem:
        print(f"pulse users {arguments.action}: {problem}", file=sys.stderr)
        return 2


def _add(session: Session, arguments: argparse.Namespace, now: datetime) -> int:
    generated = not arguments.password_stdin
    password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES) if generated else _read_password()
    account = accounts.add_account(
        session,
        email=arguments.email,
        name=arguments.name,
        role=arguments.role,
        now=now,
        teams=arguments.team,
        password=password,
        person_key=arguments.person,
    )
    detail = {"change": "added", "role": account.role, "teams": arguments.team}
    _changed(session, account.email, detail, now)
    print(f"added {account.email} ({account.role})")
    if scope_for(viewer_of(session, account), session).sees_nothing:
        print("note: this leader leads no team yet and sees nothing until a team names them")
    if generated:
        print(f"password (shown once, keep it safe): {password}")
    return 0


def _list(session: Session, _arguments: argparse.Namespace, _now: datetime) -> int:
    rows = [("e-mail", "name", "role", "teams", "disabled", "last sign-in (UTC)")]
    for entry in list_accounts(session):
        last = entry.last_sign_in_at.strftime("%Y-%m-%d %H:%M") if entry.last_sign_in_at else "-"
        teams = ", ".join(entry.teams) or "-"
        rows.append((entry.email, entry.name, entry.role, teams, _yes(entry.disabled), last))
    if len(rows) == 1:
        print("no accounts yet: add one with `pulse users add EMAIL --name NAME --role ROLE`")
        return 0
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def _set_disabled(disabled: bool) -> Action:
    def change(session: Session, arguments: argparse.Namespace, now: datetime) -> int:
        account = account_changes.set_disabled(session, arguments.email, disabled=disabled, now=now)
        word = "disabled" if disabled else "enabled"
        _changed(session, account.email, {"change": word}, now)
        print(f"{word} {account.email}" + (" (its sessions have ended)" if disabled else ""))
        return 0

    return change


def _passwd(session: Session, arguments: argparse.Namespace, now: datetime) -> int:
    account = account_changes.set_password(session, arguments.email, _read_password(), now=now)
    _changed(session, account.email, {"change": "new password"}, now)
    print(f"password changed for {account.email} (its sessions have ended)")
    return 0


def _role(session: Session, arguments: argparse.Namespace, now: datetime) -> int:
    account = account_changes.set_role(session, arguments.email, arguments.role)
    _changed(session, account.email, {"change": "role", "role": account.role}, now)
    print(f"{account.email} is now {account.role} (from their next page load)")
    return 0


def _teams(session: Session, arguments: argparse.Namespace, now: datetime) -> int:
    if not arguments.grant and not arguments.withdraw:
        raise accounts.AccountError("name a team with --grant NAME or --withdraw NAME")
    account = account_changes.grant_teams(session, arguments.email, arguments.grant)
    account_changes.withdraw_teams(session, arguments.email, arguments.withdraw)
    detail = {"change": "teams", "granted": arguments.grant, "withdrawn": arguments.withdraw}
    _changed(session, account.email, detail, now)
    print(f"teams of {account.email} changed (from their next page load)")
    return 0


def _unlock(session: Session, arguments: argparse.Namespace, now: datetime) -> int:
    """Any e-mail, with an account or not: the throttle holds back unknown e-mails too."""
    email = accounts.normalise_email(arguments.email)
    settings = sign_in_throttle.settings_from()
    cleared = sign_in_throttle.unlock(session, email, now=now, settings=settings)
    minutes = int(settings.window.total_seconds() // 60)
    held = "was held back" if len(cleared) >= settings.attempts else "was not held back"
    print(
        f"unlocked {email}: it {held}; its {len(cleared)} failed sign-ins of the last "
        f"{minutes} minutes no longer count"
    )
    return 0


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise accounts.AccountError("no password on standard input")
    return password


def _changed(session: Session, email: str, detail: dict[str, Any], now: datetime) -> None:
    audit.record(
        session, None, AuditAction.ACCOUNT_CHANGED, email, {**detail, "by": "command line"}, at=now
    )


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


READ_OR_SIGN_IN_ONLY = frozenset({"list", "unlock"})
ACTIONS: dict[str, Action] = {
    "add": _add,
    "list": _list,
    "disable": _set_disabled(True),
    "enable": _set_disabled(False),
    "passwd": _passwd,
    "role": _role,
    "teams": _teams,
    "unlock": _unlock,
}
