"""Failed sign-ins are throttled per e-mail, on SQLite and PostgreSQL.

Ana (ana@office.example) has the password ``PASSWORD``; Ben has an account too. Unless a test
says otherwise the limit is 5 failures in 15 minutes, and the failures come one a minute
from 09:00 (``NOW``) to 09:04: the oldest, at 09:00, leaves the window at 09:15, so an
attempt at 09:05 waits 10 minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, inspect
from sqlmodel import Session, select

from data_sources import audit, sign_in
from data_sources.account_changes import set_disabled
from data_sources.accounts import add_account
from data_sources.environment import SettingError
from data_sources.models import Account, AuditEvent
from data_sources.schema import alembic_config, upgrade
from data_sources.sign_in import authenticate
from data_sources.sign_in_throttle import (
    Throttled,
    ThrottleSettings,
    settings_from,
    too_many_message,
    unlock,
)
from tests.access_builders import NOW

PASSWORD = "correct horse battery"
ANA, BEN, NOBODY = "ana@office.example", "ben@office.example", "nobody@office.example"
FIVE_IN_15 = ThrottleSettings(attempts=5, window=timedelta(minutes=15))


def minute(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as opened:
        for email in (ANA, BEN):
            add_account(
                opened, email=email, name=email[:3], role="agent", now=NOW, password=PASSWORD
            )
        opened.commit()
        yield opened


def attempt(
    session: Session,
    email: str,
    password: str,
    at: datetime,
    throttle: ThrottleSettings = FIVE_IN_15,
) -> Account | Throttled | None:
    outcome = authenticate(session, email, password, now=at, throttle=throttle)
    session.commit()
    return outcome


def fail_five_times(session: Session, email: str) -> None:
    """Five wrong passwords at 09:00, 09:01, 09:02, 09:03 and 09:04, each checked and refused."""
    for n in range(5):
        assert attempt(session, email, "wrong-password-1", minute(n)) is None


def actions(session: Session) -> list[tuple[str, str | None]]:
    events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()  # type: ignore[arg-type]
    return [(event.action, event.target) for event in events]


def test_five_failures_refuse_the_sixth_even_with_the_right_password(session: Session) -> None:
    """At 09:05 the right password is refused unchecked: wait 10 minutes, audited as throttled."""
    fail_five_times(session, ANA)
    outcome = attempt(session, ANA, PASSWORD, minute(5))
    assert outcome == Throttled(wait=timedelta(minutes=10))
    assert isinstance(outcome, Throttled)
    assert outcome.message == "Too many failed sign-ins for this e-mail. Try again in 10 minutes."
    assert actions(session) == [("sign_in_failed", ANA)] * 5 + [("sign_in_throttled", ANA)]
    (refused,) = audit.recent(session, action="sign_in_throttled")
    assert audit.detail_of(refused) == {
        "reason": "too many failed sign-ins",
        "retry_at": "2026-03-02T09:15:00+00:00",
    }
    ana = session.exec(select(Account).where(Account.email == ANA)).one()
    assert ana.last_sign_in_at is None


def test_the_password_is_not_checked_while_throttled(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It refuses without an argon2 verify, so a throttled guess costs the server nothing."""
    fail_five_times(session, ANA)
    fail_five_times(session, NOBODY)

    def no_check(password_hash: str | None, password: str) -> bool:
        raise AssertionError("the password was checked")

    monkeypatch.setattr(sign_in, "_password_matches", no_check)
    assert isinstance(attempt(session, ANA, PASSWORD, minute(5)), Throttled)
    assert isinstance(attempt(session, NOBODY, PASSWORD, minute(5)), Throttled)


def test_refused_attempts_do_not_push_the_wait_further(session: Session) -> None:
    """Refused at 09:05, 09:10 and 09:14:59 (wait 10 min, 5 min, 1 s shown as 1 minute); the
    right password signs in at 09:15, when the 09:00 failure has left the window."""
    fail_five_times(session, ANA)
    waits = [attempt(session, ANA, PASSWORD, minute(n)) for n in (5, 10, 14 + 59 / 60)]
    assert waits == [
        Throttled(timedelta(minutes=10)),
        Throttled(timedelta(minutes=5)),
        Throttled(timedelta(seconds=1)),
    ]
    assert waits[2].message.endswith("Try again in 1 minute.")  # type: ignore[union-attr]
    signed_in = attempt(session, ANA, PASSWORD, minute(15))
    assert isinstance(signed_in, Account) and signed_in.last_sign_in_at == minute(15)


def test_a_wrong_password_after_the_wait_counts_and_throttles_again(session: Session) -> None:
    """At 09:15 four failures (09:01-09:04) are left in the window, so a wrong password is
    checked and counts; 09:15:30 then waits 30 s, until 09:01's failure leaves at 09:16."""
    fail_five_times(session, ANA)
    assert attempt(session, ANA, "wrong-password-1", minute(15)) is None
    assert attempt(session, ANA, PASSWORD, minute(15.5)) == Throttled(timedelta(seconds=30))
    assert isinstance(attempt(session, ANA, PASSWORD, minute(16)), Account)


def test_four_failures_leave_the_right_password_alone_and_a_sign_in_starts_afresh(
    session: Session,
) -> None:
    """Four failures (09:00-09:03) and the right password at 09:04 signs in; five more
    failures from 09:05 are all checked (the fifth, at 09:09, has four since the sign-in, not
    eight before it); 09:10 waits until 09:05's failure leaves the window: 10 minutes."""
    for n in range(4):
        assert attempt(session, ANA, "wrong-password-1", minute(n)) is None
    assert isinstance(attempt(session, ANA, PASSWORD, minute(4)), Account)
    for n in range(5, 10):
        assert attempt(session, ANA, "wrong-password-1", minute(n)) is None
    assert attempt(session, ANA, PASSWORD, minute(10)) == Throttled(timedelta(minutes=10))


def test_other_emails_are_not_held_back(session: Session) -> None:
    """Ben signs in at 09:05 while Ana waits; a third e-mail is checked as usual."""
    fail_five_times(session, ANA)
    assert isinstance(attempt(session, BEN, PASSWORD, minute(5)), Account)
    assert attempt(session, NOBODY, PASSWORD, minute(5)) is None
    assert isinstance(attempt(session, ANA, PASSWORD, minute(5)), Throttled)


def test_an_unknown_email_is_throttled_exactly_like_a_known_one(session: Session) -> None:
    """Nobody's five failures give the same wait, message and audit rows as Ana's: the
    throttle does not tell which e-mails have accounts."""
    fail_five_times(session, ANA)
    fail_five_times(session, NOBODY)
    known = attempt(session, ANA, PASSWORD, minute(5))
    unknown = attempt(session, NOBODY, PASSWORD, minute(5))
    assert known == unknown == Throttled(timedelta(minutes=10))
    refused = audit.recent(session, action="sign_in_throttled")
    assert [(event.target, audit.detail_of(event)) for event in reversed(refused)] == [
        (email, {"reason": "too many failed sign-ins", "retry_at": "2026-03-02T09:15:00+00:00"})
        for email in (ANA, NOBODY)
    ]


def test_the_same_email_however_typed_shares_one_count(session: Session) -> None:
    """Failures as ' ANA@Office.example ' count for ana@office.example."""
    for n in range(5):
        assert attempt(session, " ANA@Office.example ", "wrong-password-1", minute(n)) is None
    assert isinstance(attempt(session, ANA, PASSWORD, minute(5)), Throttled)


def test_a_disabled_account_and_text_that_is_no_email(session: Session) -> None:
    """A disabled account's failures count like any; text that is not an e-mail names nobody,
    so its sixth attempt is still checked (and fails)."""
    set_disabled(session, BEN, disabled=True, now=NOW)
    fail_five_times(session, BEN)
    assert isinstance(attempt(session, BEN, PASSWORD, minute(5)), Throttled)
    for n in range(6):
        assert attempt(session, "not an e-mail", PASSWORD, minute(n)) is None


def test_unlocking_lets_the_email_try_again_at_once(session: Session) -> None:
    """An unlock at 09:05 clears the five failures (they stay in the log); 09:06 signs in."""
    fail_five_times(session, ANA)
    cleared = unlock(session, ANA, now=minute(5), settings=FIVE_IN_15)
    session.commit()
    assert cleared == [minute(n) for n in (4, 3, 2, 1, 0)]
    assert isinstance(attempt(session, ANA, PASSWORD, minute(6)), Account)
    assert actions(session) == [("sign_in_failed", ANA)] * 5 + [
        ("sign_in_unlocked", ANA),
        ("sign_in", ANA),
    ]


def test_the_limit_and_window_come_from_the_environment(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 2 attempts in 60 minutes, failures at 09:00 and 09:01 hold Ana back until 10:00:
    at 09:02 she waits 58 minutes."""
    monkeypatch.setenv("PULSE_SIGN_IN_ATTEMPTS", "2")
    monkeypatch.setenv("PULSE_SIGN_IN_WINDOW_MINUTES", "60")
    for n in range(2):
        assert authenticate(session, ANA, "wrong-password-1", now=minute(n)) is None
    refused = authenticate(session, ANA, PASSWORD, now=minute(2))
    assert refused == Throttled(timedelta(minutes=58))
    assert isinstance(authenticate(session, ANA, PASSWORD, now=minute(60)), Account)


def test_settings_default_to_five_in_fifteen_minutes() -> None:
    """Unset or blank means the default; whole numbers in range are taken."""
    assert settings_from({}) == FIVE_IN_15
    assert settings_from({"PULSE_SIGN_IN_ATTEMPTS": " ", "PULSE_SIGN_IN_WINDOW_MINUTES": ""}) == (
        FIVE_IN_15
    )
    chosen = {"PULSE_SIGN_IN_ATTEMPTS": "10", "PULSE_SIGN_IN_WINDOW_MINUTES": " 60 "}
    assert settings_from(chosen) == ThrottleSettings(attempts=10, window=timedelta(hours=1))


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("PULSE_SIGN_IN_ATTEMPTS", "five", "from 1 to 1000 (default 5), not 'five'"),
        ("PULSE_SIGN_IN_ATTEMPTS", "0", "from 1 to 1000 (default 5), not '0'"),
        ("PULSE_SIGN_IN_ATTEMPTS", "-3", "not '-3'"),
        ("PULSE_SIGN_IN_ATTEMPTS", "1001", "not '1001'"),
        ("PULSE_SIGN_IN_WINDOW_MINUTES", "2.5", "from 1 to 10080 (default 15), not '2.5'"),
        ("PULSE_SIGN_IN_WINDOW_MINUTES", "١٥", "not '١٥'"),  # Arabic-Indic digits
        ("PULSE_SIGN_IN_WINDOW_MINUTES", "10081", "not '10081'"),
    ],
)
def test_an_unusable_setting_is_refused_with_its_name(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(SettingError, match=rf"^{variable} must be a whole number .*") as e:
        settings_from({variable: value})
    assert str(e.value).endswith(message)


@pytest.mark.parametrize(
    ("wait", "words"),
    [
        (timedelta(minutes=12), "Try again in 12 minutes."),
        (timedelta(minutes=11, seconds=1), "Try again in 12 minutes."),
        (timedelta(seconds=61), "Try again in 2 minutes."),
        (timedelta(seconds=60), "Try again in 1 minute."),
        (timedelta(seconds=1), "Try again in 1 minute."),
    ],
)
def test_the_message_rounds_the_wait_up_to_whole_minutes(wait: timedelta, words: str) -> None:
    assert too_many_message(wait) == f"Too many failed sign-ins for this e-mail. {words}"


def test_migration_0007_adds_and_removes_the_throttle_index(engine: Engine) -> None:
    """Downgrading to 0006 drops ix_auditevent_action_target_at; upgrading puts it back."""
    from alembic import command

    def indexes() -> set[str]:
        return {index["name"] or "" for index in inspect(engine).get_indexes("auditevent")}

    assert "ix_auditevent_action_target_at" in indexes()
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        assert "ix_auditevent_action_target_at" not in indexes()
    finally:
        upgrade(engine)
    assert "ix_auditevent_action_target_at" in indexes()
