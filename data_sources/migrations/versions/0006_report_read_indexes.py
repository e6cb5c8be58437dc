"""report read indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

Three indexes that let the KPI report's small reads (issue 3) find their rows without
visiting the tables, measured on the 10 M bench database (PostgreSQL, ``EXPLAIN ANALYZE``):

- ``ix_kpicell_team_channel_day``: one team's per-agent week cells (``channel = '*'``) were
  found by walking the primary key (agent first) and filtering 11 ms; the team-and-day index
  visits every agent × channel cell of the team in the window to keep one in forty.
- ``ix_interaction_unanswered`` now holds the grouping columns (team, agent, channel) beside
  ``created_at``, so counting the unanswered breaches reads the partial index alone (2,064 rows
  of one team's 90 days fetched from the table: 7 of the query's 24 ms).
- ``ix_promise_unkept``: the unkept promises' interactions, due and notice times, so finding
  them reads the partial index alone.

Reading an index alone needs PostgreSQL's visibility map to be current, which VACUUM keeps;
by default autovacuum visits an insert-only table after inserts of a fifth of its size (2 M
rows at 10 M), so the newest days, where unanswered work lives, would mostly be read from the
table. On PostgreSQL the two tables are vacuumed after inserts of 1 % instead: at 10 M
interactions a vacuum that skips every page already visible took about 3 s.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNANSWERED = sa.text("first_response_at IS NULL")
UNKEPT = sa.text("kept_at IS NULL")
VACUUMED = ("interaction", "promise")


def upgrade() -> None:
    op.create_index("ix_kpicell_team_channel_day", "kpicell", ["team_id", "channel", "day"])
    op.drop_index("ix_interaction_unanswered", table_name="interaction")
    op.create_index(
        "ix_interaction_unanswered",
        "interaction",
        ["created_at", "team_id", "agent_id", "channel"],
        sqlite_where=UNANSWERED,
        postgresql_where=UNANSWERED,
    )
    op.create_index(
        "ix_promise_unkept",
        "promise",
        ["interaction_id", "due_at", "customer_updated_at"],
        sqlite_where=UNKEPT,
        postgresql_where=UNKEPT,
    )
    if op.get_context().dialect.name == "postgresql":
        for table in VACUUMED:
            op.execute(f"ALTER TABLE {table} SET (autovacuum_vacuum_insert_scale_factor = 0.01)")


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in VACUUMED:
            op.execute(f"ALTER TABLE {table} RESET (autovacuum_vacuum_insert_scale_factor)")
    op.drop_index("ix_promise_unkept", table_name="promise")
    op.drop_index("ix_interaction_unanswered", table_name="interaction")
    op.create_index(
        "ix_interaction_unanswered",
        "interaction",
        ["created_at"],
        sqlite_where=UNANSWERED,
        postgresql_where=UNANSWERED,
    )
    op.drop_index("ix_kpicell_team_channel_day", table_name="kpicell")
