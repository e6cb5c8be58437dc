"""Signing in and staying signed in: password checks and sessions kept in the database.

``authenticate`` takes about the same time whether or not the e-mail has an account (an
unknown e-mail is checked against a dummy hash), answers None for every failure without
saying which, records ``sign_in`` or ``sign_in_failed`` in the audit log, and rehashes a
password whose hash was made with older argon2 parameters. Before any of that it asks the
throttle (``data_sources.sign_in_throttle``): an e-mail with too many recent failures gets a
``Throttled`` answer, saying how long to wait, without its password being checked.

A session is a random token (``secrets.token_urlsafe(32)``, 256 bits) handed to the browser;
the database keeps only its SHA-256. Sessions live ``SESSION_LIFETIME`` (12 hours) from
sign-in and do not slide: a fixed end needs no write on every rerun (several app replicas
share one database) and bounds how long a stolen token is worth anything. A session stops
resolving when it is ended, expires, or its account is disabled; an account's spent sessions
are deleted when it next signs in, so the table stays small.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, or_
from sqlmodel import Session, select

from data_sources import audit
from data_sources.accounts import HASHER, AccountError, find_account, normalise_email
from data_sources.models import Account, AuditAction, SignInSession
from data_sources.sign_in_throttle import (
    Throttled,
    ThrottleSettings,
    refuse,
    settings_from,
    wait_before_next,
)

SESSION_LIFETIME = timedelta(hours=12)
_signed_in = SignInSession.__table__  # type: ignore[attr-defined]


@cache
def _dummy_hash() -> str:
    """A hash with the current parameters, so an unknown e-mail costs one full verify too."""
    return HASHER.hash(secrets.token_urlsafe(16))


def _password_matches(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    now: datetime,
    throttle: ThrottleSettings | None = None,
) -> Account | Throttled | None:
    """The account whose e-mail and password match and which is enabled; ``Throttled`` when
    the e-mail has too many recent failures (``throttle``, default: the environment's); else
    None."""
    try:
        target: str | None = normalise_email(email)
    except AccountError:  # not an e-mail: perhaps a password typed in the wrong box
        target = None
    if target is not None:  # before the account is looked up: unknown e-mails wait the same
        wait = wait_before_next(session, target, now=now, settings=throttle or settings_from())
        if wait is not None:
            return refuse(session, target, wait, now=now)
    account = None if target is None else find_account(session, target)
    matches = _password_matches(account.password_hash if account else None, password)
    if account is None or not matches or account.disabled:
        reason = (
            "no such account"
            if account is None
            else "wrong password"
            if not matches
            else "account disabled"
        )
        audit.record(session, None, AuditAction.SIGN_IN_FAILED, target, {"reason": reason}, at=now)
        return None
    if HASHER.check_needs_rehash(account.password_hash or ""):
        account.password_hash = HASHER.hash(password)
    account.last_sign_in_at = now
    session.add(account)
    audit.record(
        session, account, AuditAction.SIGN_IN, account.email, {"method": "password"}, at=now
    )
    return account


def account_for_email(session: Session, email: str, *, now: datetime) -> Account | None:
    """OpenID Connect: the enabled account of an e-mail the identity provider vouched for."""
    try:
        account = find_account(session, email)
    except AccountError:
        return None
    if account is None or account.disabled:
        return None
    account.last_sign_in_at = now
    session.add(account)
    audit.record(session, account, AuditAction.SIGN_IN, account.email, {"method": "oidc"}, at=now)
    return account


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session, account: Account, *, now: datetime, lifetime: timedelta = SESSION_LIFETIME
) -> str:
    """A new session for ``account``; the returned token is the only copy there is."""
    token = secrets.token_urlsafe(32)
    session.flush()
    session.connection().execute(  # the account's spent sessions are of no more use
        delete(_signed_in).where(
            _signed_in.c.account_id == account.id,
            or_(_signed_in.c.expires_at <= now, _signed_in.c.revoked_at.is_not(None)),
        )
    )
    session.add(
        SignInSession(
            token_hash=token_hash(token),
            account_id=account.id or 0,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return token


def account_for_token(session: Session, token: str | None, now: datetime) -> Account | None:
    """The enabled account of a live session, read afresh; None when there is none."""
    if not token:
        return None
    query = (
        select(Account)
        .join(SignInSession, SignInSession.account_id == Account.id)  # type: ignore[arg-type]
        .where(
            SignInSession.token_hash == token_hash(token),
            SignInSession.revoked_at.is_(None),  # type: ignore[union-attr]
            SignInSession.expires_at > now,
            Account.disabled.is_(False),  # type: ignore[attr-defined]
        )
        .execution_options(populate_existing=True)
    )
    return session.exec(query).first()


def end_session(session: Session, token: str | None, *, now: datetime) -> Account | None:
    """Sign out: the session stops resolving on every replica. Returns whose it was."""
    if not token:
        return None
    signed_in = session.exec(
        select(SignInSession).where(SignInSession.token_hash == token_hash(token))
    ).first()
    if signed_in is None or signed_in.revoked_at is not None:
        return None
    signed_in.revoked_at = now
    session.add(signed_in)
    account = session.get(Account, signed_in.account_id)
    audit.record(session, account, AuditAction.SIGN_OUT, account.email if account else None, at=now)
    return account
