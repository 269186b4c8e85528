"""Schema migrations (Alembic, scripts in helpgen/store/migrations), applied under a lock.

`upgrade()` runs at `helpgen store upgrade` and whenever helpgen opens a store (at
`serve` start, by `stats`...), so replicas starting together must not race: PostgreSQL
takes a transaction-level advisory lock, SQLite the database's write lock (BEGIN
IMMEDIATE); whoever comes second waits, then finds nothing left to do. A store written
before Alembic (`meta.schema_version` 1 or 2) is stamped with the matching revision first,
then upgraded in place.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from helpgen.errors import Problem
from helpgen.store.engine import WRITE, StoreError
from helpgen.store.location import Location

SCRIPTS = "helpgen.store:migrations"
LOCK_KEY = 0x68656C70  # "help": the advisory lock every helpgen replica migrates under
LEGACY = {1: "0001", 2: "0002"}
"""meta.schema_version of the SQLite-only store -> the revision with the same tables."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPTS)
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this helpgen knows."""
    newest = ScriptDirectory.from_config(_config()).get_current_head()
    assert newest is not None, "helpgen ships its migrations"
    return newest


def upgrade(engine: Engine, location: Location) -> None:
    """Bring the store's schema to `head()`, holding the migration lock; StoreError if it is
    newer."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE: True})
        with connection.begin():
            if not location.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            current = _stamp_legacy(connection, location)
            if current == head():
                return
            _check_known(current, location)
            command.upgrade(_config(connection), "head")


def current_revision(connection: Connection) -> str | None:
    """The store's revision (None: a new, empty store)."""
    return MigrationContext.configure(connection).get_current_revision()


def _stamp_legacy(connection: Connection, location: Location) -> str | None:
    """The store's revision, after stamping a store written before Alembic with its own."""
    current = current_revision(connection)
    if current is not None or "meta" not in inspect(connection).get_table_names():
        return current
    row = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    version = int(row[0]) if row else 0
    if version not in LEGACY:
        raise _newer(location, f"schema_version {version}")
    command.stamp(_config(connection), LEGACY[version])
    return LEGACY[version]


def _check_known(current: str | None, location: Location) -> None:
    if current is None:
        return
    try:
        ScriptDirectory.from_config(_config()).get_revision(current)
    except Exception:  # alembic says "Can't locate revision": a newer helpgen wrote it
        raise _newer(location, f"revision {current}") from None


def _newer(location: Location, what: str) -> StoreError:
    message = f"the store has {what}, newer than this helpgen knows ({head()})"
    return StoreError(
        Problem(location.shown, None, message, hint="upgrade helpgen on this machine")
    )
