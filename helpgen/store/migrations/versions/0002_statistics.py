"""Statistics: raw events, their daily roll-ups, and where a logged search came from (schema 2).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("visitor", sa.Text),
        sa.Column("article", sa.Text),
        sa.Column("query", sa.Text),
        sa.Column("rank", sa.Integer),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_index("events_created", "events", ["created"])
    op.create_table(
        "event_days",
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("article", sa.Text, nullable=False, server_default=""),
        sa.Column("query", sa.Text, nullable=False, server_default=""),
        sa.Column("rank", sa.Integer, nullable=False, server_default="0"),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("visitors", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("day", "type", "article", "query", "rank", "source"),
    )
    op.create_table(
        "visit_days",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("visits", sa.Integer, nullable=False),
        sa.Column("readers", sa.Integer, nullable=False),
        sa.Column("self_served", sa.Integer, nullable=False),
    )
    op.add_column("searches", sa.Column("source", sa.Text, nullable=False, server_default="api"))
