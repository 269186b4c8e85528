"""Alembic environment: run the migrations on the connection helpgen.store.migrate hands over.

That connection already holds the migration lock (and, on SQLite, its write transaction),
so replicas starting together migrate one after the other.
"""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
