"""What a viewer may see: the teams whose data reaches them, and the agents whose own work does.

Every data function takes a ``Scope`` and applies it in the query itself, so access is
enforced where data is read, not by hiding widgets. A scope is small, frozen and hashable:
cached loaders take it as an ordinary (hashed) argument, so one viewer's cached rows are
never served to another. Deny by default: a scope of no teams and no agents sees nothing.

A row is visible when its team is in ``team_ids`` or, for rows that name an agent (an
interaction, a KPI cell of one agent), when its agent is in ``agent_ids``. An agent's scope
is ``of_agent``: no teams, only their own person id. So every query that filters by team
alone (``where``) shows an agent nothing — team-level figures have no agent to match — and
queries over interactions use ``where_interaction`` to show the agent their own work, in
whichever team they handled it (an agent who moved team keeps their history).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, true

# A column or a model attribute (SQLModel types ``Team.id`` as ``int | None`` for mypy).
AnyColumn = Any


@dataclass(frozen=True, slots=True)
class Scope:
    """``team_ids`` None means every team; an empty set means none.

    ``agent_ids`` None or empty adds no agent; a set adds those agents' own interactions.
    """

    team_ids: frozenset[int] | None
    agent_ids: frozenset[int] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls(team_ids=None)

    @classmethod
    def nothing(cls) -> Scope:
        return cls(team_ids=frozenset())

    @classmethod
    def of_teams(cls, team_ids: Iterable[int]) -> Scope:
        return cls(team_ids=frozenset(team_ids))

    @classmethod
    def of_agent(cls, person_id: int) -> Scope:
        """An agent's own interactions, in any team, and no team-level figures."""
        return cls(team_ids=frozenset(), agent_ids=frozenset({person_id}))

    @property
    def sees_everything(self) -> bool:
        return self.team_ids is None

    @property
    def sees_nothing(self) -> bool:
        return self.team_ids is not None and not self.team_ids and not self.agent_ids

    def allows(self, team_id: int | None) -> bool:
        """Whether the whole of team ``team_id`` (its team-level figures) is visible."""
        if self.team_ids is None:
            return True
        return team_id is not None and team_id in self.team_ids

    def allows_interaction(self, team_id: int | None, agent_id: int | None) -> bool:
        """Whether one interaction of ``team_id`` handled by ``agent_id`` is visible."""
        if self.allows(team_id):
            return True
        return self.agent_ids is not None and agent_id is not None and agent_id in self.agent_ids

    def where(self, team_column: AnyColumn) -> ColumnElement[bool]:
        """A condition on ``team_column`` that keeps only the rows this scope may see."""
        if self.team_ids is None:
            return true()
        if not self.team_ids:
            return false()
        in_teams: ColumnElement[bool] = team_column.in_(sorted(self.team_ids))
        return in_teams

    def where_interaction(
        self, team_column: AnyColumn, agent_column: AnyColumn
    ) -> ColumnElement[bool]:
        """A condition keeping the rows whose team is in scope or whose agent is."""
        by_team = self.where(team_column)
        if self.team_ids is None or not self.agent_ids:
            return by_team
        by_agent: ColumnElement[bool] = agent_column.in_(sorted(self.agent_ids))
        if not self.team_ids:
            return by_agent
        return or_(by_team, by_agent)
