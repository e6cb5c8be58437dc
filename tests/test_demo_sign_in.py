"""``pulse demo`` prints one account per role, and those accounts sign in with what it prints;
a database holding real (imported) data never gets demo passwords."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from data_sources.demo_accounts import WARNING
from data_sources.models import Account, Interaction, Team
from data_sources.sign_in import authenticate
from pulse_cli.demo import SIGN_IN_HINT
from pulse_cli.main import main

NOW = datetime(2026, 4, 1, tzinfo=UTC)


def printed_accounts(out: str) -> dict[str, tuple[str, str]]:
    """e-mail -> (role, password) from the lines under "sign in with"."""
    lines = out.split("sign in with (e-mail, role, password):\n", 1)[1].splitlines()
    rows = [line.split() for line in lines if line.startswith("  ") and "@" in line]
    return {email: (role, password) for email, role, password in rows}


def test_the_demo_prints_an_account_per_role_that_signs_in(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["demo", "--db", database_url, "--interactions", "500", "--until", "2026-03-31"]) == 0
    )
    out = capsys.readouterr().out
    accounts = printed_accounts(out)
    assert sorted(role for role, _ in accounts.values()) == ["agent", "ceo", "leader", "qa"]
    assert WARNING in out  # the passwords are said to be demo-only
    with Session(engine) as session:
        for email, (role, password) in accounts.items():
            account = authenticate(session, email, password, now=NOW)
            assert account is not None and account.role == role, email
    # make run's --if-empty on the same demo prints them again, still valid.
    assert main(["demo", "--db", database_url, "--if-empty"]) == 0
    assert printed_accounts(capsys.readouterr().out) == accounts


def test_real_data_gets_no_demo_accounts(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Session(engine) as session:
        team = Team(name="Imported team")
        session.add(team)
        session.flush()
        session.add(
            Interaction(
                source="zendesk", external_id="1", channel="email", created_at=NOW,
                team_id=team.id or 0,
            )
        )  # fmt: skip
        session.commit()
    assert main(["demo", "--db", database_url, "--if-empty"]) == 0
    out = capsys.readouterr().out
    assert SIGN_IN_HINT in out and "pulse-demo" not in out
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Account)).scalar_one() == 0
