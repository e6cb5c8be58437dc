"""Walking the talk, read from the database: each team's leader beside the team.

``walk_the_talk`` gives, for every team in scope that has a leader, the team's KPIs and the
leader's own KPIs (the interactions the leader handled, any team) side by side, plus the
leader's escalation and writing figures (``kpis/walk_the_talk.py``).

The dashboard's filters apply as they mean there: ``teams`` keeps those teams' rows (and
their leaders), ``channels`` narrows every figure to interactions on those channels — the
team's, the leader's own, the escalations sent to the leader and the reviews and coaching
notes the leader wrote about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Select, String, select, type_coerce

from data_sources.kpi_rows import parse_times, read_frame
from data_sources.models import Interaction, Person, QaReview, Team
from data_sources.report import kpi_report
from data_sources.scope import Scope
from kpis.walk_the_talk import leader_figures
from kpis.window import Window

_team = Team.__table__  # type: ignore[attr-defined]
_person = Person.__table__  # type: ignore[attr-defined]
_interaction = Interaction.__table__  # type: ignore[attr-defined]
_review = QaReview.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WalkTheTalk:
    leaders: pd.DataFrame  # per team: leader, escalation and writing figures
    kpis: pd.DataFrame  # per team: one row "team" and one row "leader" (column ``whose``)


def _rows(connection: Connection, query: Select[Any], names: list[str]) -> pd.DataFrame:
    """The rows of ``query`` under ``names``, straight from the driver (``read_frame``): a
    frame built from SQLAlchemy's row objects asks each of thousands of rows for attributes
    it does not have, which cost more than the query."""
    frame = read_frame(connection, query)
    frame.columns = pd.Index(names)
    return frame


def walk_the_talk(
    connection: Connection,
    *,
    window: Window,
    as_of: datetime,
    scope: Scope,
    teams: Iterable[int] = (),
    channels: Iterable[str] = (),
    team_kpis: pd.DataFrame | Callable[[], pd.DataFrame] | None = None,
) -> WalkTheTalk:
    """``team_kpis``: the teams' ``kpi_report(by="team")`` for this very window, as-of, scope,
    teams and channels, when the caller has it already (the overview does), or a function
    giving it, asked only once the leaders' own figures are read (the overview's report may
    still be on its way in another thread); else it is read."""
    teams, channels = sorted(set(teams)), sorted(set(channels))
    chosen = select(_team.c.id, _team.c.name, _person.c.id, _person.c.name).join(
        _person, _team.c.leader_id == _person.c.id
    )
    if teams:
        chosen = chosen.where(_team.c.id.in_(teams))
    leaders = _rows(
        connection,
        chosen.where(scope.where(_team.c.id)).order_by(_team.c.name),
        ["team_id", "team", "leader_id", "leader"],
    )
    ids = [int(i) for i in leaders["leader_id"]]
    escalations = _rows(
        connection,
        select(
            _interaction.c.escalated_to_id,
            *(
                type_coerce(_interaction.c[c], String)
                for c in ("escalated_at", "escalation_picked_up_at", "resolved_at")
            ),
        ).where(
            _interaction.c.escalated,
            _interaction.c.escalated_to_id.in_(ids),
            _interaction.c.escalated_at >= window.start,
            _interaction.c.escalated_at < window.end,
            *([_interaction.c.channel.in_(channels)] if channels else []),
        ),
        ["leader_id", "escalated_at", "picked_up_at", "resolved_at"],
    )
    escalations = parse_times(
        connection, escalations, ("escalated_at", "picked_up_at", "resolved_at")
    )
    written = select(_review.c.reviewer_id, _review.c.kind).where(
        _review.c.reviewer_id.in_(ids),
        _review.c.reviewed_at >= window.start,
        _review.c.reviewed_at < window.end,
    )
    if channels:
        written = written.join(_interaction, _review.c.interaction_id == _interaction.c.id).where(
            _interaction.c.channel.in_(channels)
        )
    reviews = _rows(connection, written, ["reviewer_id", "kind"])
    figures = leader_figures(leaders, escalations, reviews)
    if callable(team_kpis):
        team_kpis = team_kpis()
    if team_kpis is None:
        team_kpis = kpi_report(
            connection, window=window, as_of=as_of, scope=scope, teams=teams, channels=channels,
            by="team",
        )  # fmt: skip
    own = kpi_report(
        connection, window=window, as_of=as_of, scope=scope, agents=ids or [-1],
        channels=channels, by="agent",
    )  # fmt: skip
    rows = []
    for leader in leaders.to_dict("records"):
        team_row = team_kpis[team_kpis["team_id"] == leader["team_id"]].drop(
            columns=["team_id", "team"]
        )
        own_row = own[own["agent_id"] == leader["leader_id"]].drop(columns=["agent_id", "agent"])
        for whose, row in (("team", team_row), ("leader", own_row)):
            values = row.iloc[0].to_dict() if len(row) else {}
            rows.append(
                {"team_id": leader["team_id"], "team": leader["team"], "whose": whose, **values}
            )
    return WalkTheTalk(leaders=figures, kpis=pd.DataFrame(rows))
