"""``pulse users`` adds, lists, disables and enables accounts, sets passwords and unlocks
e-mails held back by failed sign-ins."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from typing import Protocol

import pytest
from sqlmodel import Session, select

from data_sources.access import scope_for
from data_sources.engine import make_engine
from data_sources.models import Account, AuditEvent
from data_sources.scope import Scope
from data_sources.sign_in import authenticate
from data_sources.sign_in_throttle import Throttled
from pulse_cli.main import main
from tests.access_builders import NOW, build_office


class Pulse(Protocol):
    def __call__(self, database_url: str, *arguments: str, stdin: str = "") -> int: ...


@pytest.fixture
def pulse_users(monkeypatch: pytest.MonkeyPatch) -> Pulse:
    """``pulse users …`` with ``stdin`` as its standard input; returns the exit code."""

    def run(database_url: str, *arguments: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main(["users", *arguments, "--db", database_url])

    return run


def _signs_in(database_url: str, email: str, password: str) -> bool:
    engine = make_engine(database_url)
    with Session(engine) as session:
        signed_in = isinstance(authenticate(session, email, password, now=NOW), Account)
    engine.dispose()
    return signed_in


def test_add_prints_a_generated_password_once_that_signs_in(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It prints a 24-character password once, and that password signs the CEO in."""
    assert (
        pulse_users(database_url, "add", "Carla@Office.example", "--name", "Carla", "--role", "ceo")
        == 0
    )
    out = capsys.readouterr().out
    (password,) = re.findall(r"password \(shown once, keep it safe\): (\S+)", out)
    assert len(password) == 24
    assert _signs_in(database_url, "carla@office.example", password)


def test_add_reads_the_password_from_stdin_and_list_shows_the_account(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It adds a QA reviewer of Returns with a given password and lists e-mail, role and team."""
    build_office(make_engine(database_url))
    code = pulse_users(
        database_url, "add", "quinn@office.example", "--person", "quinn", "--role", "qa",
        "--team", "Returns", "--password-stdin", stdin="quinn's long password\n",
    )  # fmt: skip
    assert code == 0
    assert "shown once" not in capsys.readouterr().out
    assert _signs_in(database_url, "quinn@office.example", "quinn's long password")
    assert pulse_users(database_url, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "e-mail",
        "name",
        "role",
        "teams",
        "disabled",
        "last",
        "sign-in",
        "(UTC)",
    ]
    assert lines[1].split() == ["quinn@office.example", "Quinn", "qa", "Returns", "no", "-"]


def test_a_leader_is_listed_with_the_teams_they_lead(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It lists Lena, leader of Billing and Shipping, with both teams."""
    build_office(make_engine(database_url))
    assert (
        pulse_users(
            database_url, "add", "lena@office.example", "--person", "lena", "--role", "leader"
        )
        == 0
    )
    capsys.readouterr()
    pulse_users(database_url, "list")
    row = capsys.readouterr().out.splitlines()[1]
    assert row.split()[:5] == ["lena@office.example", "Lena", "leader", "Billing,", "Shipping"]


def test_unknown_team_email_or_role_exit_2_and_change_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It names the unknown team and e-mail, refuses the role "chief", and adds no account."""
    build_office(make_engine(database_url))
    assert (
        pulse_users(
            database_url, "add", "x@office.example", "--name", "X", "--role", "qa", "--team", "Nope"
        )
        == 2
    )
    assert "unknown team(s): Nope" in capsys.readouterr().err
    assert pulse_users(database_url, "disable", "nobody@office.example") == 2
    assert "no account with the e-mail nobody@office.example" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        pulse_users(database_url, "add", "x@office.example", "--name", "X", "--role", "chief")
    assert refused.value.code == 2
    engine = make_engine(database_url)
    with Session(engine) as session:
        assert session.exec(select(Account)).all() == []
    engine.dispose()


def test_disable_enable_and_passwd_change_who_can_sign_in(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It stops a disabled account, lets it in again, and swaps the old password for a new one."""
    old, new = "the first password", "the second password"
    pulse_users(database_url, "add", "ana@office.example", "--name", "Ana", "--role", "agent",
           "--password-stdin", stdin=old)  # fmt: skip
    assert pulse_users(database_url, "disable", "ANA@office.example") == 0
    assert not _signs_in(database_url, "ana@office.example", old)
    assert pulse_users(database_url, "enable", "ana@office.example") == 0
    assert _signs_in(database_url, "ana@office.example", old)
    assert (
        pulse_users(database_url, "passwd", "ana@office.example", "--password-stdin", stdin=new)
        == 0
    )
    assert not _signs_in(database_url, "ana@office.example", old)
    assert _signs_in(database_url, "ana@office.example", new)
    assert new not in capsys.readouterr().out
    engine = make_engine(database_url)
    with Session(engine) as session:
        changes = session.exec(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "account_changed")
            .order_by(AuditEvent.id)
        ).all()
    engine.dispose()
    assert [re.search(r'"change": "([^"]+)"', c or "")[1] for c in changes] == [  # type: ignore[index]
        "added", "disabled", "enabled", "new password",
    ]  # fmt: skip
    assert not any(old in (c or "") or new in (c or "") for c in changes)


def test_passwd_without_a_password_on_stdin_exits_2(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It refuses an empty standard input rather than setting an empty password."""
    pulse_users(database_url, "add", "ana@office.example", "--name", "Ana", "--role", "agent")
    assert (
        pulse_users(database_url, "passwd", "ana@office.example", "--password-stdin", stdin="") == 2
    )
    assert "no password on standard input" in capsys.readouterr().err


def test_a_leader_of_no_team_is_told_they_will_see_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It warns when a new leader leads no team, since deny-by-default shows them nothing."""
    assert (
        pulse_users(
            database_url, "add", "cleo@office.example", "--name", "Cleo", "--role", "leader"
        )
        == 0
    )
    assert "leads no team yet and sees nothing" in capsys.readouterr().out


def test_role_and_teams_change_what_the_account_sees(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """It grants Omar Shipping beside Returns, withdraws it, then makes him an agent."""
    engine = make_engine(database_url)
    office = build_office(engine)
    omar = office.account("Omar", "leader")
    assert pulse_users(database_url, "teams", omar.email, "--grant", "Shipping") == 0
    with Session(engine) as session:
        assert scope_for(omar, session).team_ids == {
            office.teams["Returns"],
            office.teams["Shipping"],
        }
    assert pulse_users(database_url, "teams", omar.email, "--withdraw", "Shipping") == 0
    with Session(engine) as session:
        assert scope_for(omar, session).team_ids == {office.teams["Returns"]}
    assert pulse_users(database_url, "role", omar.email, "agent") == 0
    with Session(engine) as session:
        assert scope_for(omar, session) == Scope.of_agent(office.people["Omar"])
    assert pulse_users(database_url, "teams", omar.email, "--grant", "Billing") == 2
    assert "takes no teams" in capsys.readouterr().err
    engine.dispose()


def _attempt(database_url: str, email: str, password: str, at: datetime) -> object:
    engine = make_engine(database_url)
    with Session(engine) as session:
        outcome = authenticate(session, email, password, now=at)
        session.commit()
    engine.dispose()
    return outcome


def test_unlock_lets_an_email_held_back_by_failed_sign_ins_in_at_once(
    database_url: str, capsys: pytest.CaptureFixture[str], pulse_users: Pulse
) -> None:
    """Five wrong passwords two minutes ago hold Ana back; after `unlock` her password works."""
    pulse_users(database_url, "add", "ana@office.example", "--name", "Ana", "--role", "agent",
                "--password-stdin", stdin="ana's long password")  # fmt: skip
    started = datetime.now(UTC) - timedelta(minutes=2)
    for n in range(5):
        wrong = _attempt(database_url, "ana@office.example", "wrong-password-1", started)
        assert wrong is None, n
    held = _attempt(database_url, "ana@office.example", "ana's long password", started)
    assert isinstance(held, Throttled)
    capsys.readouterr()
    assert pulse_users(database_url, "unlock", "Ana@Office.example") == 0
    assert capsys.readouterr().out == (
        "unlocked ana@office.example: it was held back; its 5 failed sign-ins of the last "
        "15 minutes no longer count\n"
    )
    now = datetime.now(UTC)
    assert isinstance(
        _attempt(database_url, "ana@office.example", "ana's long password", now), Account
    )
    engine = make_engine(database_url)
    with Session(engine) as session:
        unlocks = session.exec(
            select(AuditEvent.target, AuditEvent.detail).where(
                AuditEvent.action == "sign_in_unlocked"
            )
        ).all()
    engine.dispose()
    assert unlocks == [("ana@office.example", '{"by": "command line", "failures_cleared": 5}')]


def test_unlock_takes_any_email_and_refuses_what_is_none(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    pulse_users: Pulse,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An e-mail without an account can be unlocked (it is throttled too); 'nobody' is no
    e-mail, and an unusable window setting is named: both exit 2."""
    assert pulse_users(database_url, "unlock", "nobody@office.example") == 0
    assert capsys.readouterr().out == (
        "unlocked nobody@office.example: it was not held back; its 0 failed sign-ins of the "
        "last 15 minutes no longer count\n"
    )
    assert pulse_users(database_url, "unlock", "nobody") == 2
    assert "pulse users unlock: 'nobody' is not an e-mail address" in capsys.readouterr().err
    monkeypatch.setenv("PULSE_SIGN_IN_WINDOW_MINUTES", "0")
    assert pulse_users(database_url, "unlock", "nobody@office.example") == 2
    assert capsys.readouterr().err == (
        "pulse users unlock: PULSE_SIGN_IN_WINDOW_MINUTES must be a whole number from 1 to "
        "10080 (default 15), not '0'\n"
    )


def test_serve_refuses_to_start_with_an_unusable_sign_in_setting(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pulse serve` stops before starting the app, naming the variable and its value."""
    monkeypatch.setenv("PULSE_SIGN_IN_ATTEMPTS", "lots")
    assert main(["serve", "--db", database_url]) == 2
    assert capsys.readouterr().err == (
        "pulse serve: PULSE_SIGN_IN_ATTEMPTS must be a whole number from 1 to 1000 (default 5), "
        "not 'lots'\n"
    )
