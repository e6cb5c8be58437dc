"""transcript findings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

What the transcripts say, stored at write time (issue 6): each check's findings with their
character spans, each interaction's flags, and the complaint themes each interaction raised
(with its customer, team, agent and time, for the three-times rule). New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import data_sources.timestamps

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interactiontext",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("has_agent_message", sa.Boolean(), nullable=False),
        sa.Column("customer_complained", sa.Boolean(), nullable=False),
        sa.Column("agent_apologised", sa.Boolean(), nullable=False),
        sa.Column("agent_thanked", sa.Boolean(), nullable=False),
        sa.Column("banned_phrase", sa.Boolean(), nullable=False),
        sa.Column("blamed", sa.Boolean(), nullable=False),
        sa.Column("addressed_by_name", sa.Boolean(), nullable=False),
        sa.Column("name_error", sa.Boolean(), nullable=False),
        sa.Column("tone_improved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interactiontext_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_interactiontext")),
    )
    op.create_table(
        "interactiontheme",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False),
        sa.Column("quote", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interactiontheme_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "theme", name=op.f("pk_interactiontheme")),
    )
    with op.batch_alter_table("interactiontheme", schema=None) as batch_op:
        batch_op.create_index("ix_interactiontheme_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            "ix_interactiontheme_theme_created", ["theme", "created_at"], unique=False
        )

    op.create_table(
        "transcriptfinding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("check", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_transcriptfinding_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcriptfinding")),
    )
    with op.batch_alter_table("transcriptfinding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_transcriptfinding_interaction_id"), ["interaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("transcriptfinding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_transcriptfinding_interaction_id"))

    op.drop_table("transcriptfinding")
    with op.batch_alter_table("interactiontheme", schema=None) as batch_op:
        batch_op.drop_index("ix_interactiontheme_theme_created")
        batch_op.drop_index("ix_interactiontheme_created_at")

    op.drop_table("interactiontheme")
    op.drop_table("interactiontext")
