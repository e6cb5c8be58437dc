"""text kpi cells

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

The text KPIs (apology, courtesy, banned phrases, blame, name errors: issue 6) become counters
of the summary cells, like every other KPI: eight integer columns on ``kpicell``, so reports
keep one read path (cells for whole days, raw rows for the edges) and their roll-ups, week
cells and additions carry the new counters without a second table to keep in step.

A database analysed before this migration already holds transcript flags
(``interactiontext``): the new counters of its cells are filled from them here, summed per
UTC day × team × agent × channel by the database and rolled up like ``week_cells`` does
(per team and channel, per team over all channels, per ISO week), so reports agree with the
stored flags from the first start.
"""

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTERS = (
    "agent_spoke",
    "complaints",
    "complaints_apologised",
    "agent_thanked",
    "banned_phrase_used",
    "blamed_others",
    "addressed_by_name",
    "name_errors",
)
# Each counter as a condition on the stored flags (``kpis.facts.text_counters``).
COUNTED = (
    "t.has_agent_message",
    "t.customer_complained",
    "t.customer_complained AND t.agent_apologised",
    "t.has_agent_message AND t.agent_thanked",
    "t.has_agent_message AND t.banned_phrase",
    "t.has_agent_message AND t.blamed",
    "t.addressed_by_name",
    "t.addressed_by_name AND t.name_error",
)
ALL_CHANNELS = "*"


def upgrade() -> None:
    with op.batch_alter_table("kpicell", schema=None) as batch_op:
        for name in COUNTERS:
            batch_op.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0"))
            )
    _fill_from_stored_flags(op.get_bind())


def _fill_from_stored_flags(connection: sa.Connection) -> None:
    if connection.execute(sa.text("SELECT 1 FROM interactiontext LIMIT 1")).first() is None:
        return
    if connection.dialect.name == "sqlite":
        day = "substr(i.created_at, 1, 10)"
    else:
        day = "to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    sums = ", ".join(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)" for condition in COUNTED)
    query = (
        f"SELECT {day}, i.team_id, COALESCE(i.agent_id, 0), i.channel, {sums} "  # noqa: S608
        "FROM interaction i JOIN interactiontext t ON t.interaction_id = i.id "
        f"GROUP BY {day}, i.team_id, COALESCE(i.agent_id, 0), i.channel"
    )
    cells: dict[tuple[int, date, int, str], list[int]] = {}

    def add(key: tuple[int, date, int, str], counts: Sequence[int]) -> None:
        totals = cells.setdefault(key, [0] * len(COUNTERS))
        for index, count in enumerate(counts):
            totals[index] += int(count)

    for text_day, team_id, agent_key, channel, *counts in connection.execute(sa.text(query)):
        day_of = date.fromisoformat(text_day)
        monday = day_of - timedelta(days=day_of.weekday())
        add((agent_key, day_of, team_id, channel), counts)  # the agent's day cell
        add((-1, day_of, team_id, channel), counts)  # the team's day, per channel
        add((-1, day_of, team_id, ALL_CHANNELS), counts)  # the team's day, every channel
        add((-2, monday, team_id, channel), counts)  # the team's week, per channel
        add((-2, monday, team_id, ALL_CHANNELS), counts)  # the team's week, every channel
        add((agent_key, monday, team_id, ALL_CHANNELS), counts)  # the agent's week
    assignments = ", ".join(f"{name} = :{name}" for name in COUNTERS)
    statement = sa.text(
        f"UPDATE kpicell SET {assignments} "  # noqa: S608
        "WHERE agent_key = :agent_key AND day = :day AND team_id = :team_id "
        "AND channel = :channel"
    ).bindparams(sa.bindparam("day", type_=sa.Date()))
    rows = [
        {
            "agent_key": a,
            "day": d,
            "team_id": t,
            "channel": c,
            **dict(zip(COUNTERS, v, strict=True)),
        }
        for (a, d, t, c), v in cells.items()
    ]
    if rows:
        connection.execute(statement, rows)


def downgrade() -> None:
    with op.batch_alter_table("kpicell", schema=None) as batch_op:
        for name in reversed(COUNTERS):
            batch_op.drop_column(name)
