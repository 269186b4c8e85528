"""How far raw events are rolled up: every day before `rollup_progress.day` is in the daily
tables, so that the figures read raw events only from there on (a day or two), not the
whole retention period (10 million events take seconds to group; their roll-ups do not).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    progress = op.create_table(
        "rollup_progress",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("day", sa.Text, nullable=False),
    )
    # Until now raw events were deleted as they were rolled up: every raw event left is
    # outside the daily tables, so the roll-up starts from the first of them ("" sorts first).
    op.bulk_insert(progress, [{"name": "events", "day": ""}])
