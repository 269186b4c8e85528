"""AI agents counted apart from people: an `agent` flag on searches, events and daily counts.

Revision ID: 0004
Revises: 0003

Every row written before is a person's (0). `event_days` gets the flag in its primary key,
which neither backend can change in place portably: the table is made anew and its rows
copied over.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEYS = ("day", "type", "article", "query", "rank", "source")
COUNTS = ("events", "visitors")


def upgrade() -> None:
    for table in ("searches", "events"):
        op.add_column(table, sa.Column("agent", sa.Integer, nullable=False, server_default="0"))
    new = op.create_table(
        "event_days_new",
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("article", sa.Text, nullable=False, server_default=""),
        sa.Column("query", sa.Text, nullable=False, server_default=""),
        sa.Column("rank", sa.Integer, nullable=False, server_default="0"),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("visitors", sa.Integer, nullable=False),
        sa.Column("agent", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint(*KEYS, "agent"),
    )
    old = sa.table("event_days", *(sa.column(name) for name in KEYS + COUNTS))
    op.execute(
        new.insert().from_select(
            list(KEYS + COUNTS), sa.select(*(old.c[name] for name in KEYS + COUNTS))
        )
    )
    op.drop_table("event_days")
    op.rename_table("event_days_new", "event_days")
