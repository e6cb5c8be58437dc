"""Who is looking, and what they may see: a ``Viewer`` and the ``Scope`` their role gives.

``scope_for`` reads the account afresh from the database on every call, so disabling an
account, changing its role or withdrawing a team takes effect on that person's next rerun;
nothing about rights is kept in the browser's session. Deny by default: a disabled account,
an unknown role or a leader without teams sees nothing.

- ceo: everything.
- leader: the teams they lead (``Team.leader_id``) and the teams granted (``AccountTeam``).
- qa: the teams assigned (``AccountTeam``), or every team when none are assigned.
- agent: their own interactions only (``Scope.of_agent``), no team-level figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, union
from sqlmodel import Session

from data_sources.models import Account, AccountRole, AccountTeam, Interaction, Person, Team
from data_sources.scope import Scope

_account = Account.__table__  # type: ignore[attr-defined]
_account_team = AccountTeam.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]
_team = Team.__table__  # type: ignore[attr-defined]

REVIEWER_ROLES = frozenset({AccountRole.CEO, AccountRole.LEADER, AccountRole.QA})


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person, as the pages show them. Rights come from ``scope_for``."""

    account_id: int
    email: str
    role: str
    person_id: int
    display_name: str


def viewer_of(session: Session, account: Account) -> Viewer:
    person = session.get(Person, account.person_id)
    return Viewer(
        account_id=account.id or 0,
        email=account.email,
        role=account.role,
        person_id=account.person_id,
        display_name=person.name if person is not None else account.email,
    )


def scope_for(viewer: Viewer, session: Session) -> Scope:
    """What ``viewer`` may see now, computed from the database (never from the viewer)."""
    current = (
        session.connection()
        .execute(
            select(_account.c.role, _account.c.disabled, _account.c.person_id).where(
                _account.c.id == viewer.account_id
            )
        )
        .first()
    )
    if current is None or current.disabled:
        return Scope.nothing()
    granted = select(_account_team.c.team_id).where(_account_team.c.account_id == viewer.account_id)
    match current.role:
        case AccountRole.CEO:
            return Scope.everything()
        case AccountRole.LEADER:
            led = select(_team.c.id).where(_team.c.leader_id == current.person_id)
            return Scope.of_teams(session.connection().execute(union(led, granted)).scalars())
        case AccountRole.QA:
            assigned = frozenset(session.connection().execute(granted).scalars())
            return Scope.of_teams(assigned) if assigned else Scope.everything()
        case AccountRole.AGENT:
            return Scope.of_agent(current.person_id)
        case _:
            return Scope.nothing()


def can_open_interaction(scope: Scope, interaction: Interaction) -> bool:
    """Whether a deep link (``?id=``) to ``interaction`` may show it to this scope."""
    return scope.allows_interaction(interaction.team_id, interaction.agent_id)


def can_review(viewer: Viewer, scope: Scope, interaction: Interaction) -> bool:
    """Whether ``viewer`` may save a QA review or coaching note on ``interaction``.

    Reviewers are the CEO, leaders and QA, on interactions of a team in their (fresh)
    scope; an agent's scope reaches no team, so an agent never reviews, and nobody reviews
    an interaction they handled themselves.
    """
    return (
        viewer.role in REVIEWER_ROLES
        and scope.allows(interaction.team_id)
        and interaction.agent_id != viewer.person_id
    )
