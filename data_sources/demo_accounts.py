"""One sign-in per role for the demo organisation, with fixed passwords (for the demo only).

The demo generator (``data_sources/demo/``) writes people with ``Person.role`` ceo, qa,
leader and agent, and each team's leader in ``Team.leader_id``. The demo accounts are tied
to those people: the CEO, the leader of the first team, the first QA reviewer, and the first
agent of that same team (so the leader's scope contains the agent's interactions).

The passwords are written here and printed by ``make run``: anyone who reads this file can
sign in, so they belong on a demo database and nowhere else. Running this again resets the
four accounts to these people, roles and passwords.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from data_sources.accounts import AccountError, add_account, find_account, hash_password
from data_sources.models import AccountRole, Person, Role, Team

DEMO_DOMAIN = "demo.service-pulse.example"  # the demo generator's e-mail domain
DEMO_PASSWORDS: dict[str, str] = {
    AccountRole.CEO: "pulse-demo-ceo",
    AccountRole.LEADER: "pulse-demo-leader",
    AccountRole.QA: "pulse-demo-qa-review",
    AccountRole.AGENT: "pulse-demo-agent",
}
WARNING = "These demo accounts and passwords are for the demo only: never use them on real data."


def demo_email(role: AccountRole) -> str:
    return f"{role.value}@{DEMO_DOMAIN}"


def create_demo_accounts(
    session: Session, *, now: datetime | None = None
) -> list[tuple[str, str, str]]:
    """(e-mail, role, password) of the CEO, leader, QA and agent demo accounts."""
    now = now or datetime.now(UTC)
    chosen = _demo_people(session)
    created = []
    for role, person in chosen.items():
        email, password = demo_email(role), DEMO_PASSWORDS[role]
        account = find_account(session, email)
        if account is None:
            add_account(
                session,
                email=email,
                name=person.name,
                role=role,
                now=now,
                password=password,
                person_key=person.key,
            )
        else:
            account.person_id = person.id or 0
            account.role = role.value
            account.password_hash = hash_password(password)
            account.disabled = False
            session.add(account)
        created.append((email, role.value, password))
    session.flush()
    return created


def _demo_people(session: Session) -> dict[AccountRole, Person]:
    first_led = session.exec(
        select(Team).where(col(Team.leader_id).is_not(None)).order_by(col(Team.id))
    ).first()
    if first_led is None:
        raise AccountError("no team has a leader yet: fill the database with `pulse demo` first")
    leader = session.get(Person, first_led.leader_id)
    people = {
        AccountRole.CEO: _first(session, Person.role == Role.CEO),
        AccountRole.LEADER: leader,
        AccountRole.QA: _first(session, Person.role == Role.QA),
        AccountRole.AGENT: _first(
            session, Person.role == Role.AGENT, Person.team_id == first_led.id
        ),
    }
    missing = [role.value for role, person in people.items() if person is None]
    if missing:
        raise AccountError(f"the demo organisation has no {', '.join(missing)}: run `pulse demo`")
    return {role: person for role, person in people.items() if person is not None}


def _first(session: Session, *conditions: object) -> Person | None:
    return session.exec(select(Person).where(*conditions).order_by(col(Person.id))).first()  # type: ignore[arg-type]
