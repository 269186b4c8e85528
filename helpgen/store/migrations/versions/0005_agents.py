"""AI agents counted apart from people: an `agent` flag on searches, events and daily counts.

Revision ID: 0005
Revises: 0004

Every row written before is a person's (0). `event_days` gets the flag in its primary key,
which neither backend can change in place portably: the table is made anew and its rows
copied over, and the covering indexes of 0004 are made again with the flag in them (the
figures count people and agents apart).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
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
    op.create_index(
        "event_days_by_day", "event_days", ["day", "type", "agent", "events", "visitors"]
    )
    op.create_index(
        "event_days_by_article",
        "event_days",
        ["article", "type", "agent", "day", "events", "visitors"],
    )
    op.create_index(
        "event_days_by_query",
        "event_days",
        ["type", "query", "rank", "agent", "day", "events", "visitors"],
    )
