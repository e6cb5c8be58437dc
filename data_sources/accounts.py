"""Local accounts: who may sign in, with which role and teams (``pulse users`` writes them).

Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher`` and its RFC 9106
defaults); only the hash is stored. An account belongs to a ``Person``: an existing one (by
``person_key``, else by e-mail) or one made for it. A leader's and a QA reviewer's extra
teams are ``AccountTeam`` rows. Every function works inside the caller's session and
transaction and never commits; changes are written to the audit log by the caller's actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import func
from sqlmodel import Session, col, select

from data_sources.models import Account, AccountRole, AccountTeam, Person, Team

HASHER = PasswordHasher()
MIN_PASSWORD_LENGTH = 12
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
