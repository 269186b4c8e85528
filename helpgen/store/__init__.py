"""The store: votes, logged searches, statistics events and their roll-ups, and write limits.

The only code of helpgen that speaks SQL (SQLAlchemy Core 2): SQLite by default
(`.helpgen/feedback.sqlite`), PostgreSQL (psycopg 3) when several servers share it.
Schema versions are Alembic migrations (`migrations/`), applied under a lock.

    store = open_store(project_location(project))   # upgraded, or StoreError (exit 2)
    with store.reading() as connection: queries.vote_counts(connection, "")
    writer = store.writer(); writer.submit(Vote(...)).result()
"""

from helpgen.store.engine import StoreError
from helpgen.store.location import Location, parse_location, project_location
from helpgen.store.records import Event, Vote, now
from helpgen.store.store import Store, open_store

__all__ = [
    "Event",
    "Location",
    "Store",
    "StoreError",
    "Vote",
    "now",
    "open_store",
    "parse_location",
    "project_location",
]
