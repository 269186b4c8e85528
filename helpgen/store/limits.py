"""Per-client write limits counted in the store, so that they hold across replicas and workers.

A fixed one-minute window per client and kind (votes, events): an upsert that returns
the count, per request for votes (`SharedLimiter`), every half second for the busy event
route (`BatchedLimiter`: one round trip per event cost 80 % of its throughput on SQLite).
Clients are kept as a hash of their address, and windows older than the previous minute
are deleted, so the table holds two minutes of hashes at most. On SQLite the counters
commit without waiting for the disk (they are scratch, not votes).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from helpgen.store.engine import WRITE
from helpgen.store.schema import rate_hits
from helpgen.store.writes import upsert

WINDOW = 60


class SharedLimiter:
    """Allow `per_minute` writes of one `kind` per client and minute, summed over every server:
    exact, one round trip to the store per request (votes, which wait for a commit anyway)."""

    blocking = True

    def __init__(self, engine: Engine, kind: str, per_minute: int):
        self.engine = engine
        self.kind = kind
        self.per_minute = per_minute
        self._swept = -1

    def allow(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until the next window. Blocking:
        call it off the event loop."""
        if self.per_minute <= 0:
            return 0.0
        now = time.time()
        minute = int(now // WINDOW)
        with self.engine.connect() as connection:
            with connection.execution_options(**{WRITE: True}).begin():
                hits = self._count(connection, _client_key(client), minute)
                if self._swept != minute:
                    connection.execute(rate_hits.delete().where(rate_hits.c.minute < minute - 1))
                    self._swept = minute
        return 0.0 if hits <= self.per_minute else WINDOW - now % WINDOW

    def _count(self, connection, client: str, minute: int) -> int:
        return _add_hits(connection, self.kind, client, minute, 1)

    def close(self) -> None:
        """Nothing to stop (the same surface as BatchedLimiter)."""


def _client_key(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()[:32]


class BatchedLimiter:
    """The same limit for a busy route (events): counted in memory and added to the store's
    counts every `FLUSH` seconds in one transaction, which returns the totals of every
    process. A request never waits for the store; the sum over replicas may pass the limit by
    what they accept within one flush, and no more."""

    FLUSH = 0.5
    blocking = False

    def __init__(self, engine: Engine, kind: str, per_minute: int):
        self.engine = engine
        self.kind = kind
        self.per_minute = per_minute
        self._lock = threading.Lock()
        self._minute = -1
        self._pending: Counter = Counter()
        """Hits accepted here and not yet added to the store."""
        self._totals: dict[str, int] = {}
        """Each client's count in the store (every process) at the last flush."""
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def allow(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until the next window (no I/O)."""
        if self.per_minute <= 0:
            return 0.0
        now = time.time()
        key = _client_key(client)
        with self._lock:
            self._roll(int(now // WINDOW))
            if self._totals.get(key, 0) + self._pending[key] >= self.per_minute:
                return WINDOW - now % WINDOW
            self._pending[key] += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"helpgen-{self.kind}-limit", daemon=True
                )
                self._thread.start()
        return 0.0

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _roll(self, minute: int) -> None:
        """A new window: the counts start again (the lock is held)."""
        if minute != self._minute:
            self._minute, self._pending, self._totals = minute, Counter(), {}

    def _run(self) -> None:
        while not self._stop.wait(self.FLUSH):
            with self._lock:
                minute, pending, self._pending = self._minute, self._pending, Counter()
            if pending:
                self._flush(minute, pending)

    def _flush(self, minute: int, pending: Counter) -> None:
        try:
            with self.engine.connect() as connection:
                with connection.execution_options(**{WRITE: True}).begin():
                    totals = {
                        client: _add_hits(connection, self.kind, client, minute, hits)
                        for client, hits in sorted(pending.items())
                    }
                    connection.execute(rate_hits.delete().where(rate_hits.c.minute < minute - 1))
        except SQLAlchemyError:
            return  # the store is away: writes get 503 meanwhile, and these counts are dropped
        with self._lock:
            if minute == self._minute:
                self._totals.update(totals)


def _add_hits(connection, kind: str, client: str, minute: int, hits: int) -> int:
    """Add `hits` to a client's window; the window's total, over every process."""
    statement = upsert(connection, rate_hits).values(
        kind=kind, client=client, minute=minute, hits=hits
    )
    added = {"hits": rate_hits.c.hits + statement.excluded.hits}
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "client", "minute"], set_=added
    )
    return connection.execute(statement.returning(rate_hits.c.hits)).scalar_one()
