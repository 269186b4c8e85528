"""Per-client write limits counted in the store, so that they hold across replicas.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_hits",
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("minute", sa.Integer, nullable=False),
        sa.Column("hits", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("kind", "client", "minute"),
    )
