"""How far raw events are rolled up, and the daily table's covering indexes: every day before
`rollup_progress.day` is in the daily tables, so that the figures read raw events only from
there on (a day or two), not the whole retention period, and group the daily table along
an index each.

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
    # the figures group the daily table three ways: each along its own covering index
    op.create_index("event_days_by_day", "event_days", ["day", "type", "events", "visitors"])
    op.create_index(
        "event_days_by_article", "event_days", ["article", "type", "day", "events", "visitors"]
    )
    op.create_index(
        "event_days_by_query",
        "event_days",
        ["type", "query", "rank", "day", "events", "visitors"],
    )
