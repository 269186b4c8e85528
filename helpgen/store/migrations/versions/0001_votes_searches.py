"""Votes and logged searches: schema 1 of the SQLite-only store (meta.schema_version 1).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("vote_key", sa.Text, unique=True),
        sa.Column("article", sa.Text, nullable=False),
        sa.Column("helpful", sa.Integer, sa.CheckConstraint("helpful IN (0, 1)"), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("comment", sa.Text),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("votes_article", "votes", ["article"])
    op.create_index("votes_created", "votes", ["created"])
    op.create_table(
        "searches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("results", sa.Integer, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("searches_created", "searches", ["created"])
