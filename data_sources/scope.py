"""What a viewer may see: the teams whose data reaches them.

Every data function takes a ``Scope`` and applies it in the query itself, so access is
enforced where data is read, not by hiding widgets. A scope is small, frozen and hashable:
cached loaders take it as an ordinary (hashed) argument, so one viewer's cached rows are
never served to another. Deny by default: a scope of no teams sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, true
from sqlalchemy.sql.elements import ColumnClause


@dataclass(frozen=True, slots=True)
class Scope:
    """``team_ids`` None means every team; an empty set means none."""

    team_ids: frozenset[int] | None

    @classmethod
    def everything(cls) -> Scope:
        return cls(team_ids=None)

    @classmethod
    def nothing(cls) -> Scope:
        return cls(team_ids=frozenset())

    @classmethod
    def of_teams(cls, team_ids: Iterable[int]) -> Scope:
        return cls(team_ids=frozenset(team_ids))

    @property
    def sees_everything(self) -> bool:
        return self.team_ids is None

    def allows(self, team_id: int | None) -> bool:
        if self.team_ids is None:
            return True
        return team_id is not None and team_id in self.team_ids

    def where(
        self, team_column: ColumnClause[int] | ColumnElement[int] | object
    ) -> ColumnElement[bool]:
        """A condition on ``team_column`` that keeps only the rows this scope may see."""
        if self.team_ids is None:
            return true()
        if not self.team_ids:
            return false()
        return team_column.in_(sorted(self.team_ids))  # type: ignore[attr-defined,no-any-return]
