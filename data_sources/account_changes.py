"""Changing an account: disable or enable it, a new password, another role, more or fewer teams.

Each change is read by ``scope_for`` on the person's next rerun. Disabling and a new password
also end the account's open sessions, so a browser signed in before must sign in again (and
re-enabling does not bring an old session back). Functions work in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from data_sources.accounts import (
    TEAM_ROLES,
    AccountError,
    account_named,
    hash_password,
    role_of,
    team_ids_named,
)
from data_sources.models import Account, AccountTeam, SignInSession

_account_team = AccountTeam.__table__  # type: ignore[attr-defined]


def set_disabled(session: Session, email: str, *, disabled: bool, now: datetime) -> Account:
    """Disable (and sign out everywhere) or re-enable an account."""
    account = account_named(session, email)
    account.disabled = disabled
    if disabled:
        end_all_sessions(session, account, now=now)
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, email: str, password: str, *, now: datetime) -> Account:
    """A new password; the account's open sessions end, so an old browser must sign in again."""
    account = account_named(session, email)
    account.password_hash = hash_password(password)
    end_all_sessions(session, account, now=now)
    session.add(account)
    session.flush()
    return account


def set_role(session: Session, email: str, role: str) -> Account:
    account = account_named(session, email)
    chosen = role_of(role)
    account.role = chosen.value
    if chosen not in TEAM_ROLES:
        session.connection().execute(
            delete(_account_team).where(_account_team.c.account_id == account.id)
        )
    session.add(account)
    session.flush()
    return account


def grant_teams(session: Session, email: str, teams: Iterable[str]) -> Account:
    account = account_named(session, email)
    if role_of(account.role) not in TEAM_ROLES:
        raise AccountError(f"a {account.role} account takes no teams (only leader and qa do)")
    held = set(
        session.exec(select(AccountTeam.team_id).where(AccountTeam.account_id == account.id))
    )
    for team_id in team_ids_named(session, teams):
        if team_id not in held:
            session.add(AccountTeam(account_id=account.id or 0, team_id=team_id))
    session.flush()
    return account


def withdraw_teams(session: Session, email: str, teams: Iterable[str]) -> Account:
    account = account_named(session, email)
    team_ids = team_ids_named(session, teams)
    session.connection().execute(
        delete(_account_team).where(
            _account_team.c.account_id == account.id, _account_team.c.team_id.in_(team_ids)
        )
    )
    session.flush()
    return account


def end_all_sessions(session: Session, account: Account, *, now: datetime) -> None:
    open_sessions = select(SignInSession).where(
        SignInSession.account_id == account.id,
        SignInSession.revoked_at.is_(None),  # type: ignore[union-attr]
    )
    for signed_in in session.exec(open_sessions):
        signed_in.revoked_at = now
        session.add(signed_in)
