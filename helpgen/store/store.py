"""A store: its location, its engine, and what helpgen does with it (upgrade, read, write,
limit, ping)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from helpgen.store import migrate
from helpgen.store.engine import WRITE, StoreError, make_engine, store_error
from helpgen.store.limits import BatchedLimiter, SharedLimiter
from helpgen.store.location import Location
from helpgen.store.writer import StoreWriter


class Store:
    """One store, opened lazily: creating a Store connects to nothing."""

    def __init__(self, location: Location):
        self.location = location
        self.engine = make_engine(location)
        self._scratch: Engine | None = None
        self._limiters: list = []

    @property
    def shown(self) -> str:
        """How messages name the store: a path, or postgresql://host:port/database (never a
        password)."""
        return self.location.shown

    def exists(self) -> bool:
        """Whether there is anything to read: the SQLite file exists; PostgreSQL: always."""
        return self.location.path is None or self.location.path.is_file()

    def upgrade(self) -> None:
        """Apply the schema migrations (under the migration lock); StoreError naming the store."""
        if self.location.path is not None:
            self.location.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            migrate.upgrade(self.engine, self.location)
        except SQLAlchemyError as exc:
            raise store_error(self.location, exc) from None

    def ping(self) -> bool:
        """Whether the store answers now (for /readyz and the writer's recovery)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection in one transaction for a consistent read; StoreError if the store fails."""
        try:
            with self.engine.connect() as connection, connection.begin():
                yield connection
        except SQLAlchemyError as exc:
            raise store_error(self.location, exc) from None

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection in one write transaction (SQLite: BEGIN IMMEDIATE); StoreError if it
        fails."""
        try:
            with self.engine.connect() as connection:
                with connection.execution_options(**{WRITE: True}).begin():
                    yield connection
        except SQLAlchemyError as exc:
            raise store_error(self.location, exc) from None

    def writer(self) -> StoreWriter:
        """A new group-commit writer (one per server process)."""
        return StoreWriter(self.engine, self.ping)

    def limiter(self, kind: str, per_minute: int, batched: bool = False):
        """A per-client limit of `kind` writes a minute, summed over every process on this
        store: exact (a round trip per request), or `batched` (in memory, flushed twice a
        second)."""
        if self._scratch is None:
            self._scratch = make_engine(self.location, durable=False)
        limiter = (BatchedLimiter if batched else SharedLimiter)(self._scratch, kind, per_minute)
        self._limiters.append(limiter)
        return limiter

    def close(self) -> None:
        """Stop the limiters and close the pooled connections."""
        for limiter in self._limiters:
            limiter.close()
        self.engine.dispose()
        if self._scratch is not None:
            self._scratch.dispose()


def open_store(location: Location, upgrade: bool = True) -> Store:
    """The store at `location`, its schema upgraded (StoreError, one line, when it cannot be)."""
    store = Store(location)
    if upgrade:
        try:
            store.upgrade()
        except StoreError:
            store.close()
            raise
    return store
