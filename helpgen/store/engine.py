"""SQLAlchemy engines for a store location, and its errors said in one line.

SQLite: WAL with synchronous=FULL (an acknowledged vote is on disk), a 30 s busy
timeout, and transactions begun by us (`BEGIN IMMEDIATE` for writers, so that a read
never has to be upgraded to a write lock mid-transaction and fail). PostgreSQL: psycopg 3
through SQLAlchemy's own connection pool, with a ping before a pooled connection is used
again, so that a restarted server costs one failed request, not a restart of helpgen.
"""

from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from helpgen.errors import HelpgenError, Problem
from helpgen.store.location import Location

WRITE = "helpgen_write"
"""Execution option of a connection whose transactions write (SQLite: BEGIN IMMEDIATE)."""
CONNECT_TIMEOUT = 5
"""Seconds to wait for PostgreSQL to answer a new connection (a host that is down never does)."""


class StoreError(HelpgenError):
    """The store cannot be reached or read: one line naming it (never its password); exit 2."""

    exit_code = 2


def make_engine(location: Location, durable: bool = True) -> Engine:
    """An engine for `location` (connecting to nothing yet). Not `durable` (scratch
    counters such as rate limits, never votes): SQLite commits without waiting for the disk,
    and PostgreSQL's pool skips the ping (a dead connection fails one check, then the pool
    starts afresh)."""
    if location.is_sqlite:
        engine = create_engine(
            location.url, connect_args={"timeout": 30, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas if durable else _sqlite_scratch_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        location.url,
        pool_pre_ping=durable,
        pool_size=5,
        max_overflow=10,
        pool_timeout=10,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "helpgen"},
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own BEGIN handling off: _sqlite_begin says when a transaction starts
    dbapi_connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _sqlite_scratch_pragmas(dbapi_connection, record) -> None:
    _sqlite_pragmas(dbapi_connection, record)
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: no fsync at commit


def _sqlite_begin(connection) -> None:
    write = connection.get_execution_options().get(WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def store_error(location: Location, exc: SQLAlchemyError, hint: str | None = None) -> StoreError:
    """`exc` as one line naming the store (the driver's message, any password cut out)."""
    message = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc).strip()
    message = message.splitlines()[0] if message else type(exc).__name__
    password = location.url.password
    if password:
        message = message.replace(str(password), "***")
    return StoreError(
        Problem(
            location.shown,
            None,
            f"the store cannot be used: {message}",
            hint=hint or _hint(location),
        )
    )


def _hint(location: Location) -> str:
    if location.is_sqlite:
        return "restore it from a backup, or move it aside to start a new one"
    return (
        "check that PostgreSQL runs there and that HELPGEN_STORE_URL has the right user "
        "and password"
    )
