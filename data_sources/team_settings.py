"""Editing the teams: a team's name and its leader (a person of the organisation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Connection, func, select
from sqlmodel import Session

from data_sources.models import Person, Team
from data_sources.setting_changes import InvalidSetting, clean_name, record_change

if TYPE_CHECKING:
    from data_sources.setting_changes import Actor

_team = Team.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]


def teams_with_leaders(connection: Connection) -> pd.DataFrame:
    leader = _person.alias("leader")
    statement = (
        select(_team.c.id, _team.c.name, _team.c.leader_id, leader.c.name.label("leader"))
        .select_from(_team.outerjoin(leader, leader.c.id == _team.c.leader_id))
        .order_by(_team.c.name)
    )
    return pd.DataFrame(
        connection.execute(statement).all(), columns=["id", "name", "leader_id", "leader"]
    )


def people(connection: Connection) -> pd.DataFrame:
    """Active people, with their team, to choose a leader from."""
    statement = (
        select(_person.c.id, _person.c.name, _team.c.name.label("team"))
        .select_from(_person.outerjoin(_team, _team.c.id == _person.c.team_id))
        .where(_person.c.active.is_(True))
        .order_by(_person.c.name, _person.c.id)
    )
    return pd.DataFrame(connection.execute(statement).all(), columns=["id", "name", "team"])


def save_team(
    session: Session, actor: Actor, team_id: int, *, name: str, leader_id: int | None
) -> None:
    """Rename ``team_id`` and set its leader (None: no leader)."""
    team = session.get(Team, team_id)
    if team is None:
        raise InvalidSetting("That team no longer exists.")
    cleaned = clean_name(name, "team")
    clash = (
        session.connection()
        .execute(
            select(_team.c.name).where(
                func.lower(_team.c.name) == cleaned.lower(), _team.c.id != team_id
            )
        )
        .scalar()
    )
    if clash:
        raise InvalidSetting(f"Another team is already called {clash!r}.")
    if leader_id is not None and session.get(Person, leader_id) is None:
        raise InvalidSetting("That person no longer exists.")
    detail: dict[str, dict[str, object]] = {}
    if team.name != cleaned:
        detail["name"] = {"from": team.name, "to": cleaned}
    if team.leader_id != leader_id:
        detail["leader_id"] = {"from": team.leader_id, "to": leader_id}
    if not detail:
        return
    team.name, team.leader_id = cleaned, leader_id
    session.add(team)
    session.flush()
    record_change(session, actor, f"team:{team_id}", detail)
