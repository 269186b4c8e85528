"""Alembic migrations of the store, run by helpgen.store.migrate (no alembic.ini needed)."""
