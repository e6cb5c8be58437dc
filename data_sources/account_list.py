"""Every account with its person's name and the teams its role reaches (``pulse users list``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from data_sources.models import Account, AccountRole, AccountTeam, Person, Team


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
