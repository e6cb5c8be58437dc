"""Walking the talk, read from the database: each team's leader beside the team.

``walk_the_talk`` gives, for every team in scope that has a leader, the team's KPIs and the
leader's own KPIs (the interactions the leader handled, any team) side by side, plus the
leader's escalation and writing figures (``kpis/walk_the_talk.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, String, select, type_coerce

from data_sources.kpi_rows import parse_times
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


def walk_the_talk(
    connection: Connection, *, window: Window, as_of: datetime, scope: Scope
) -> WalkTheTalk:
    leaders = pd.DataFrame.from_records(
        list(
            connection.execute(
                select(_team.c.id, _team.c.name, _person.c.id, _person.c.name)
                .join(_person, _team.c.leader_id == _person.c.id)
                .where(scope.where(_team.c.id))
                .order_by(_team.c.name)
            )
        ),
        columns=["team_id", "team", "leader_id", "leader"],
    )
    ids = [int(i) for i in leaders["leader_id"]]
    escalations = pd.DataFrame.from_records(
        list(
            connection.execute(
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
                )
            )
        ),
        columns=["leader_id", "escalated_at", "picked_up_at", "resolved_at"],
    )
    escalations = parse_times(
        connection, escalations, ("escalated_at", "picked_up_at", "resolved_at")
    )
    reviews = pd.DataFrame.from_records(
        list(
            connection.execute(
                select(_review.c.reviewer_id, _review.c.kind).where(
                    _review.c.reviewer_id.in_(ids),
                    _review.c.reviewed_at >= window.start,
                    _review.c.reviewed_at < window.end,
                )
            )
        ),
        columns=["reviewer_id", "kind"],
    )
    figures = leader_figures(leaders, escalations, reviews)
    team_kpis = kpi_report(connection, window=window, as_of=as_of, scope=scope, by="team")
    own = kpi_report(
        connection, window=window, as_of=as_of, scope=scope, agents=ids or [-1], by="agent"
    )
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
