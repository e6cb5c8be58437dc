"""sign-in throttle index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

The sign-in throttle (``data_sources.sign_in_throttle``) keeps no table of its own: its memory
is the audit log, which every replica of the app already writes. Before checking a password it
reads one e-mail's newest failed sign-ins, successful sign-ins and unlocks of the last window;
``ix_auditevent_action_target_at`` finds those few rows directly, where ``(action, at)`` would
visit every failed sign-in of the window, however many e-mails a password-spraying run tried.
Measured on PostgreSQL with 20,000 failures over 20,000 e-mails in the window (load 19):
0.08 ms by this index, 4.0 ms without it (a sequential scan dropping 20,000 rows); SQLite
searches it as a covering index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_auditevent_action_target_at", "auditevent", ["action", "target", "at"])


def downgrade() -> None:
    op.drop_index("ix_auditevent_action_target_at", table_name="auditevent")
