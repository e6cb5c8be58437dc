"""kpi cells

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The KPI engine's summary cells (one row per UTC day × team × agent × channel, plus a
roll-up row per team and channel) and a partial index on unanswered interactions, the few
rows whose SLA status depends on a report's as-of (``design/performance-notes.md``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTERS = (
    "volume",
    "answered",
    "sla_met",
    "resolved",
    "first_contact_resolved",
    "reopened",
    "escalated",
    "transferred",
    "csat_count",
    "csat_sum",
    "csat_satisfied",
    "qa_count",
    "promises_kept",
    "promises_broken_late",
    "promises_broken_late_notice",
)


def upgrade() -> None:
    op.create_table(
        "kpicell",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("agent_key", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS),
        sa.Column("qa_sum", sa.Float(), nullable=False),
        sa.Column("histograms", sa.LargeBinary(), nullable=False),
        # Roll-ups (agent_key -1) and agent filters read a tight range of this key.
        sa.PrimaryKeyConstraint("agent_key", "day", "team_id", "channel", name=op.f("pk_kpicell")),
    )
    op.create_index("ix_kpicell_team_day", "kpicell", ["team_id", "day"])
    op.create_index(
        "ix_interaction_unanswered",
        "interaction",
        ["created_at"],
        sqlite_where=sa.text("first_response_at IS NULL"),
        postgresql_where=sa.text("first_response_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_interaction_unanswered", table_name="interaction")
    op.drop_index("ix_kpicell_team_day", table_name="kpicell")
    op.drop_table("kpicell")
