"""first tables

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Every table of design/data.md: teams and people, customers, interactions with their
messages and promises, scorecards and reviews, public reviews, import runs and quarantine,
and the settings (targets, channel targets, phrase lists).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import data_sources.timestamps

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appsetting",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_appsetting")),
    )
    op.create_table(
        "channeltarget",
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("first_response_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_channeltarget")),
    )
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_customer_source")),
    )
    op.create_table(
        "importrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("file_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("format", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("started_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("quarantined", sa.Integer(), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_importrun")),
    )
    op.create_table(
        "kpitarget",
        sa.Column("kpi_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("kpi_id", name=op.f("pk_kpitarget")),
    )
    op.create_table(
        "phrase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("phrase", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phrase")),
        sa.UniqueConstraint("list_name", "phrase", name=op.f("uq_phrase_list_name")),
    )
    op.create_table(
        "scorecard",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecard")),
        sa.UniqueConstraint("name", name=op.f("uq_scorecard_name")),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("name", name=op.f("uq_team_name")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_person_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
        sa.UniqueConstraint("key", name=op.f("uq_person_key")),
    )
    # team and person refer to each other: the leader's key is added once person exists.
    with op.batch_alter_table("team") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_team_leader_id_person"), "person", ["leader_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_team_id"), ["team_id"], unique=False)

    op.create_table(
        "publicreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column(
            "published_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_publicreview_team_id_team")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publicreview")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_publicreview_source")),
    )
    with op.batch_alter_table("publicreview", schema=None) as batch_op:
        batch_op.create_index("ix_publicreview_published", ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_publicreview_team_id"), ["team_id"], unique=False)

    op.create_table(
        "quarantinedrow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("column", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("raw", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["importrun.id"],
            name=op.f("fk_quarantinedrow_import_run_id_importrun"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantinedrow")),
    )
    with op.batch_alter_table("quarantinedrow", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quarantinedrow_import_run_id"), ["import_run_id"], unique=False
        )

    op.create_table(
        "scorecardcategory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["scorecard.id"],
            name=op.f("fk_scorecardcategory_scorecard_id_scorecard"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecardcategory")),
        sa.UniqueConstraint("scorecard_id", "name", name=op.f("uq_scorecardcategory_scorecard_id")),
    )
    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("tags", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column(
            "first_response_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("resolved_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("escalated_to_id", sa.Integer(), nullable=True),
        sa.Column(
            "escalated_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "escalation_picked_up_at",
            data_sources.timestamps.UtcDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("transfers", sa.Integer(), nullable=False),
        sa.Column("reopens", sa.Integer(), nullable=False),
        sa.Column("csat", sa.Integer(), nullable=True),
        sa.Column("csat_comment", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["person.id"], name=op.f("fk_interaction_agent_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_interaction_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_id"], ["person.id"], name=op.f("fk_interaction_escalated_to_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"], ["importrun.id"], name=op.f("fk_interaction_import_run_id_importrun")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_interaction_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_interaction_source")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_agent_created", ["agent_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_interaction_channel_created", ["channel", "created_at"], unique=False
        )
        batch_op.create_index("ix_interaction_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interaction_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_interaction_escalated_to",
            ["escalated_to_id", "escalated_at"],
            unique=False,
            sqlite_where=sa.text("escalated"),
            postgresql_where=sa.text("escalated"),
        )
        batch_op.create_index(
            "ix_interaction_open",
            ["team_id", "created_at"],
            unique=False,
            sqlite_where=sa.text("resolved_at IS NULL"),
            postgresql_where=sa.text("resolved_at IS NULL"),
        )
        batch_op.create_index(
            "ix_interaction_team_created", ["team_id", "created_at"], unique=False
        )

    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sent_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False),
        sa.Column("author_role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_message_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
        sa.UniqueConstraint("interaction_id", "position", name=op.f("uq_message_interaction_id")),
    )
    op.create_table(
        "promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("made_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False),
        sa.Column("due_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False),
        sa.Column("kept_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=True),
        sa.Column(
            "customer_updated_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=True
        ),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_promise_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promise")),
        sa.UniqueConstraint(
            "interaction_id", "external_id", name=op.f("uq_promise_interaction_id")
        ),
    )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.create_index(
            "ix_promise_due_open",
            ["due_at"],
            unique=False,
            sqlite_where=sa.text("kept_at IS NULL"),
            postgresql_where=sa.text("kept_at IS NULL"),
        )

    op.create_table(
        "qareview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column(
            "reviewed_at", data_sources.timestamps.UtcDateTime(timezone=True), nullable=False
        ),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("calibration", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_qareview_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["person.id"], name=op.f("fk_qareview_reviewer_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["scorecard_id"], ["scorecard.id"], name=op.f("fk_qareview_scorecard_id_scorecard")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qareview")),
        sa.UniqueConstraint(
            "interaction_id", "reviewer_id", "reviewed_at", name=op.f("uq_qareview_interaction_id")
        ),
    )
    with op.batch_alter_table("qareview", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qareview_interaction_id"), ["interaction_id"], unique=False
        )
        batch_op.create_index(
            "ix_qareview_reviewer_reviewed", ["reviewer_id", "reviewed_at"], unique=False
        )

    op.create_table(
        "qaanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["scorecardcategory.id"],
            name=op.f("fk_qaanswer_category_id_scorecardcategory"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["qareview.id"],
            name=op.f("fk_qaanswer_review_id_qareview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qaanswer")),
        sa.UniqueConstraint("review_id", "category_id", name=op.f("uq_qaanswer_review_id")),
    )


def downgrade() -> None:
    with op.batch_alter_table("team") as batch_op:
        batch_op.drop_constraint(op.f("fk_team_leader_id_person"), type_="foreignkey")
    op.drop_table("qaanswer")
    with op.batch_alter_table("qareview", schema=None) as batch_op:
        batch_op.drop_index("ix_qareview_reviewer_reviewed")
        batch_op.drop_index(batch_op.f("ix_qareview_interaction_id"))

    op.drop_table("qareview")
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_promise_due_open",
            sqlite_where=sa.text("kept_at IS NULL"),
            postgresql_where=sa.text("kept_at IS NULL"),
        )

    op.drop_table("promise")
    op.drop_table("message")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_team_created")
        batch_op.drop_index(
            "ix_interaction_open",
            sqlite_where=sa.text("resolved_at IS NULL"),
            postgresql_where=sa.text("resolved_at IS NULL"),
        )
        batch_op.drop_index(
            "ix_interaction_escalated_to",
            sqlite_where=sa.text("escalated"),
            postgresql_where=sa.text("escalated"),
        )
        batch_op.drop_index(batch_op.f("ix_interaction_customer_id"))
        batch_op.drop_index("ix_interaction_created_at")
        batch_op.drop_index("ix_interaction_channel_created")
        batch_op.drop_index("ix_interaction_agent_created")

    op.drop_table("interaction")
    op.drop_table("scorecardcategory")
    with op.batch_alter_table("quarantinedrow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantinedrow_import_run_id"))

    op.drop_table("quarantinedrow")
    with op.batch_alter_table("publicreview", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publicreview_team_id"))
        batch_op.drop_index("ix_publicreview_published")

    op.drop_table("publicreview")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_team_id"))

    op.drop_table("person")
    op.drop_table("team")
    op.drop_table("scorecard")
    op.drop_table("phrase")
    op.drop_table("kpitarget")
    op.drop_table("importrun")
    op.drop_table("customer")
    op.drop_table("channeltarget")
    op.drop_table("appsetting")
