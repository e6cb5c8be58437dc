"""Accounts, passwords and sessions behave as issue 7 says, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlmodel import Session, select

from data_sources import sign_in
from data_sources.account_changes import grant_teams, set_disabled, set_password
from data_sources.accounts import HASHER, AccountError, add_account, find_account
from data_sources.models import Account, AuditEvent, Person, SignInSession
from data_sources.sign_in import (
    SESSION_LIFETIME,
    account_for_email,
    account_for_token,
    authenticate,
    end_session,
    start_session,
)
from tests.access_builders import NOW, build_office

PASSWORD = "correct horse battery"


def _add_ana(session: Session, *, password: str | None = PASSWORD) -> Account:
    return add_account(
        session, email="Ana@Office.example", name="Ana", role="agent", now=NOW, password=password
    )


def test_a_password_is_stored_as_an_argon2_hash_that_verifies(engine: Engine) -> None:
    """It stores an argon2id hash, not the password, and the hash verifies the password."""
    with Session(engine) as session:
        account = _add_ana(session)
        session.commit()
        stored = account.password_hash or ""
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert HASHER.verify(stored, PASSWORD)


def test_an_email_is_lower_cased_and_unique_whatever_its_case(engine: Engine) -> None:
    """It keeps Ana@Office.example as ana@office.example and refuses a second ANA@…."""
    with Session(engine) as session:
        assert _add_ana(session).email == "ana@office.example"
        with pytest.raises(AccountError, match="already exists"):
            add_account(session, email="ANA@office.example", name="Ana", role="agent", now=NOW)


def test_an_account_gets_a_person_of_its_own_or_an_existing_one(engine: Engine) -> None:
    """It makes a person for a new e-mail and reuses the person who already has that e-mail."""
    with Session(engine) as session:
        session.add(Person(key="zd:77", name="Ben Imported", email="ben@office.example"))
        session.flush()
        ben = add_account(session, email="Ben@office.example", name="", role="agent", now=NOW)
        ana = _add_ana(session, password=None)
        people = {p.id: p for p in session.exec(select(Person))}
        assert people[ben.person_id].key == "zd:77"
        assert people[ana.person_id].key == "account:ana@office.example"
        assert people[ana.person_id].name == "Ana"


def test_bad_requests_are_refused_with_a_message(engine: Engine) -> None:
    """It names the unknown role, the unknown team, a short password and teams for an agent."""
    build_office(engine)
    with Session(engine) as session:
        with pytest.raises(AccountError, match="unknown role 'chief'"):
            add_account(session, email="x@office.example", name="X", role="chief", now=NOW)
        with pytest.raises(AccountError, match="unknown team"):
            add_account(
                session, email="x@office.example", name="X", role="qa", now=NOW, teams=["Nope"]
            )
        with pytest.raises(AccountError, match="at least 12 characters"):
            add_account(
                session, email="x@office.example", name="X", role="qa", now=NOW, password="short"
            )
        with pytest.raises(AccountError, match="takes no teams"):
            add_account(
                session,
                email="x@office.example",
                name="X",
                role="agent",
                now=NOW,
                teams=["Billing"],
            )
        _add_ana(session, password=None)
        with pytest.raises(AccountError, match="takes no teams"):
            grant_teams(session, "ana@office.example", ["Billing"])


def test_the_right_password_signs_in_and_is_audited(engine: Engine) -> None:
    """It returns the account, stamps the sign-in time and records a sign_in event."""
    with Session(engine) as session:
        _add_ana(session)
        account = authenticate(session, " ANA@office.example ", PASSWORD, now=NOW)
        session.commit()
        assert account is not None
        assert account.last_sign_in_at == NOW
        events = session.exec(select(AuditEvent)).all()
        assert [(e.action, e.actor_email) for e in events] == [("sign_in", "ana@office.example")]


def test_a_wrong_password_is_refused_and_audited_without_the_password(engine: Engine) -> None:
    """It returns None and records sign_in_failed, with the typed password nowhere in it."""
    with Session(engine) as session:
        _add_ana(session)
        assert authenticate(session, "ana@office.example", "guess-123456789", now=NOW) is None
        session.commit()
        (event,) = session.exec(select(AuditEvent)).all()
    assert event.action == "sign_in_failed"
    assert event.target == "ana@office.example"
    assert "guess-123456789" not in f"{event.target} {event.detail} {event.actor_email}"


def test_an_unknown_email_costs_one_argon2_verify_like_a_known_one(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It checks an unknown e-mail against a dummy hash, so timing does not tell who exists."""
    verified: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(str(hash)[:9])
            return super().verify(hash, password)

    monkeypatch.setattr(sign_in, "HASHER", CountingHasher())
    with Session(engine) as session:
        _add_ana(session)
        assert authenticate(session, "nobody@office.example", PASSWORD, now=NOW) is None
        assert authenticate(session, "not an e-mail", PASSWORD, now=NOW) is None
        assert authenticate(session, "ana@office.example", "wrong-password-1", now=NOW) is None
    assert verified == ["$argon2id"] * 3


def test_a_hash_made_with_older_parameters_is_upgraded_on_sign_in(engine: Engine) -> None:
    """It replaces a time_cost=1, 8 MiB hash with one of the current parameters."""
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with Session(engine) as session:
        account = _add_ana(session, password=None)
        account.password_hash = weak
        assert authenticate(session, "ana@office.example", PASSWORD, now=NOW) is not None
        session.commit()
        upgraded = account.password_hash or ""
    assert upgraded != weak
    assert not HASHER.check_needs_rehash(upgraded)
    assert HASHER.verify(upgraded, PASSWORD)


def test_a_disabled_account_cannot_sign_in(engine: Engine) -> None:
    """It refuses the right password of a disabled account, by password and by OIDC."""
    with Session(engine) as session:
        _add_ana(session)
        set_disabled(session, "ana@office.example", disabled=True, now=NOW)
        assert authenticate(session, "ana@office.example", PASSWORD, now=NOW) is None
        assert account_for_email(session, "ana@office.example", now=NOW) is None


def test_an_oidc_account_has_no_password_but_its_email_maps_to_it(engine: Engine) -> None:
    """It refuses any password for an account without one, and finds it by a vouched e-mail."""
    with Session(engine) as session:
        _add_ana(session, password=None)
        assert authenticate(session, "ana@office.example", PASSWORD, now=NOW) is None
        found = account_for_email(session, "Ana@Office.Example", now=NOW)
        assert found is not None and found.email == "ana@office.example"
        assert account_for_email(session, "cleo@office.example", now=NOW) is None


def test_a_session_token_resolves_until_it_expires_twelve_hours_later(engine: Engine) -> None:
    """It resolves at 11 h 59 min, not at 12 h, and stores only a hash of the token."""
    with Session(engine) as session:
        token = start_session(session, _add_ana(session), now=NOW)
        session.commit()
        (stored,) = session.exec(select(SignInSession)).all()
        assert stored.token_hash != token and token not in stored.token_hash
        assert len(token) >= 43  # 32 random bytes
        almost = NOW + SESSION_LIFETIME - timedelta(minutes=1)
        assert account_for_token(session, token, almost) is not None
        assert account_for_token(session, token, NOW + SESSION_LIFETIME) is None
        assert account_for_token(session, "forged", NOW) is None
        assert account_for_token(session, None, NOW) is None


def test_signing_out_ends_the_session(engine: Engine) -> None:
    """It stops the token resolving and records sign_out; ending it twice does nothing."""
    with Session(engine) as session:
        token = start_session(session, _add_ana(session), now=NOW)
        ended = end_session(session, token, now=NOW + timedelta(hours=1))
        assert ended is not None and ended.email == "ana@office.example"
        assert account_for_token(session, token, NOW + timedelta(hours=2)) is None
        assert end_session(session, token, now=NOW + timedelta(hours=2)) is None
        actions = session.exec(select(AuditEvent.action)).all()
        assert actions == ["sign_out"]


def test_disabling_or_a_new_password_ends_every_session(engine: Engine) -> None:
    """It stops a disabled account's token resolving, even after the account is enabled again."""
    with Session(engine) as session:
        account = _add_ana(session)
        first = start_session(session, account, now=NOW)
        set_disabled(session, account.email, disabled=True, now=NOW)
        assert account_for_token(session, first, NOW) is None
        set_disabled(session, account.email, disabled=False, now=NOW)
        assert account_for_token(session, first, NOW) is None
        second = start_session(session, account, now=NOW)
        set_password(session, account.email, "another long password", now=NOW)
        assert account_for_token(session, second, NOW) is None
        assert find_account(session, account.email) is not None


def test_a_disabled_account_stops_resolving_in_another_session(engine: Engine) -> None:
    """It lets a second app replica see the account disabled by the first, on its next read."""
    with Session(engine) as replica_a:
        token = start_session(replica_a, _add_ana(replica_a), now=NOW)
        replica_a.commit()
    with Session(engine) as replica_b:
        assert account_for_token(replica_b, token, NOW) is not None
        with Session(engine) as replica_a:
            account = find_account(replica_a, "ana@office.example")
            assert account is not None
            account.disabled = True  # directly, without ending the sessions
            replica_a.commit()
        assert account_for_token(replica_b, token, NOW) is None


def test_signing_in_again_deletes_the_accounts_spent_sessions(engine: Engine) -> None:
    """It keeps one row after an expired and an ended session are followed by a new one."""
    with Session(engine) as session:
        account = _add_ana(session)
        start_session(session, account, now=NOW - SESSION_LIFETIME * 2)  # long expired
        end_session(session, start_session(session, account, now=NOW), now=NOW)
        live = start_session(session, account, now=NOW + timedelta(minutes=1))
        session.commit()
        assert len(session.exec(select(SignInSession)).all()) == 1
        assert account_for_token(session, live, NOW + timedelta(minutes=2)) is not None


def test_a_failed_sign_in_with_no_email_shape_logs_no_target(engine: Engine) -> None:
    """It leaves out text that is not an e-mail, which may be a password typed in that box."""
    with Session(engine) as session:
        assert authenticate(session, "my secret words", "x", now=NOW) is None
        (event,) = session.exec(select(AuditEvent)).all()
    assert (event.action, event.target) == ("sign_in_failed", None)
    assert "my secret words" not in (event.detail or "")
