"""Local accounts: who may sign in, with which role and teams (``pulse users`` writes them).

Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher`` and its RFC 9106
defaults); only the hash is stored. An account belongs to a ``Person``: an existing one (by
``person_key``, else by e-mail) or one made for it. A leader's and a QA reviewer's extra
teams are ``AccountTeam`` rows. Every function works inside the caller's session and
transaction and never commits; changes are written to the audit log by the caller's actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from data_sources.models import Account, AccountRole, AccountTeam, Person, SignInSession, Team

HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 12
_account_team = AccountTeam.__table__  # type: ignore[attr-defined]
TEAM_ROLES = frozenset({AccountRole.LEADER, AccountRole.QA})  # the roles that take --team


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message says why."""


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, at, domain = cleaned.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in cleaned):
        raise AccountError(f"{email!r} is not an e-mail address")
    return cleaned


def role_of(text: str) -> AccountRole:
    try:
        return AccountRole(text.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in AccountRole)
        raise AccountError(f"unknown role {text!r}: choose one of {choices}") from None


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return HASHER.hash(password)


def find_account(session: Session, email: str) -> Account | None:
    return session.exec(select(Account).where(Account.email == normalise_email(email))).first()


def account_named(session: Session, email: str) -> Account:
    """The account of ``email``, or an ``AccountError`` that names it."""
    account = find_account(session, email)
    if account is None:
        raise AccountError(f"no account with the e-mail {normalise_email(email)}")
    return account


def team_ids_named(session: Session, names: Iterable[str]) -> list[int]:
    wanted = list(dict.fromkeys(names))
    found = {
        name: team_id
        for name, team_id in session.exec(
            select(Team.name, Team.id).where(col(Team.name).in_(wanted))
        )
        if team_id is not None
    }
    missing = [name for name in wanted if name not in found]
    if missing:
        raise AccountError(f"unknown team(s): {', '.join(missing)}")
    return [found[name] for name in wanted]


def add_account(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    now: datetime,
    teams: Iterable[str] = (),
    password: str | None = None,
    person_key: str | None = None,
) -> Account:
    """A new account; ``password`` None makes an account that signs in only through OIDC."""
    address, chosen = normalise_email(email), role_of(role)
    team_names = list(teams)
    if team_names and chosen not in TEAM_ROLES:
        raise AccountError(f"a {chosen.value} account takes no teams (only leader and qa do)")
    if find_account(session, address) is not None:
        raise AccountError(f"an account with the e-mail {address} already exists")
    team_ids = team_ids_named(session, team_names)
    person = _person_for(session, address=address, name=name, role=chosen, key=person_key)
    if session.exec(select(Account).where(Account.person_id == person.id)).first():
        raise AccountError(f"{person.name} ({person.key}) already has an account")
    account = Account(
        person_id=person.id or 0,
        email=address,
        role=chosen.value,
        password_hash=hash_password(password) if password is not None else None,
        created_at=now,
    )
    session.add(account)
    session.flush()
    session.add_all(AccountTeam(account_id=account.id or 0, team_id=t) for t in team_ids)
    session.flush()
    return account


def _person_for(
    session: Session, *, address: str, name: str, role: AccountRole, key: str | None
) -> Person:
    if key is not None:
        person = session.exec(select(Person).where(Person.key == key)).first()
        if person is None:
            raise AccountError(f"no person with the key {key!r}")
        return person
    same_email = select(Person).where(func.lower(Person.email) == address)
    person = session.exec(same_email).first()
    if person is None:
        if not name.strip():
            raise AccountError("a new person needs a name (--name)")
        person = Person(key=f"account:{address}", name=name.strip(), email=address, role=role)
        session.add(person)
        session.flush()
    return person


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


@dataclass(frozen=True)
class AccountSummary:
    email: str
    name: str
    role: str
    teams: tuple[str, ...]  # led (Team.leader_id) or granted (AccountTeam), by name
    disabled: bool
    last_sign_in_at: datetime | None


def list_accounts(session: Session) -> list[AccountSummary]:
    """Every account by e-mail, with the teams its role reaches."""
    rows = session.exec(
        select(Account, Person).join(Person, Account.person_id == Person.id).order_by(Account.email)  # type: ignore[arg-type]
    ).all()
    granted: dict[int, set[str]] = {}
    for account_id, team_name in session.exec(
        select(AccountTeam.account_id, Team.name).join(Team, AccountTeam.team_id == Team.id)  # type: ignore[arg-type]
    ):
        granted.setdefault(account_id, set()).add(team_name)
    led: dict[int, set[str]] = {}
    for leader_id, team_name in session.exec(select(Team.leader_id, Team.name)):
        if leader_id is not None:
            led.setdefault(leader_id, set()).add(team_name)
    return [
        AccountSummary(
            email=account.email,
            name=person.name,
            role=account.role,
            teams=tuple(
                sorted(
                    granted.get(account.id or 0, set())
                    | (
                        led.get(person.id or 0, set())
                        if account.role == AccountRole.LEADER
                        else set()
                    )
                )
            ),
            disabled=account.disabled,
            last_sign_in_at=account.last_sign_in_at,
        )
        for account, person in rows
    ]
