"""Group commit for votes: one thread writes whatever votes are waiting in one transaction.

Under load many requests share one commit; alone, a vote is written at once. A request
is answered only when its vote's transaction has committed (or failed): an acknowledged
vote is never lost, on SQLite (synchronous=FULL) as on PostgreSQL. Logged searches and
statistics events ride along in the same transactions, fire and forget: counting must
never slow a page or a search down, so an event lost in a crash is the price.

When a write fails because the store is unreachable (PostgreSQL down or restarting), the
writer says so (`available` is False: the API answers 503 with Retry-After) and pings
the store every `RETRY` seconds until it answers; nothing needs a restart.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from helpgen.store.engine import WRITE
from helpgen.store.records import Event, Vote
from helpgen.store.writes import write_batch

BATCH = 500
LINGER = 0.5
"""Seconds a batch of fire-and-forget items (events, searches) waits for more before it is written,
unless a vote or a task arrives meanwhile. Fewer, larger transactions: a stream of page views then
costs the pages served next to it nothing measurable (bench/stats_bench.py), where one transaction
every few events cost them 15-30 %, in GIL hand-overs more than in CPU."""
RETRY = 1.0
"""Seconds between pings of a store that failed, until it answers again."""


class StoreWriter:
    """Owns the writes to a store. `submit()` returns a Future; counters say what was written."""

    def __init__(self, engine: Engine, ping: Callable[[], bool]):
        self._engine = engine
        self._ping = ping
        self.available = True
        """False after a write failed, until the store answers a ping again."""
        self.votes_written = 0
        self.events_written = 0
        self.errors = 0
        """Counters for metrics: votes, and events with logged searches, committed; failed
        batches."""
        self._connection: Connection | None = None
        self._queue: queue.Queue = queue.Queue()
        self._waited_on = threading.Event()
        """Set when something that is waited on is queued: a lingering batch is written at once."""
        self._thread = threading.Thread(target=self._run, name="helpgen-store", daemon=True)
        self._thread.start()

    def submit(self, vote: Vote) -> Future:
        future: Future = Future()
        self._queue.put((vote, future))
        self._waited_on.set()
        return future

    def record_search(self, query: str, results: int, agent: bool = False) -> None:
        """Log a served query (fire and forget: analytics must never slow search down); `agent`:
        an AI agent asked it."""
        self._queue.put((("search", query, results, agent), None))

    def record_event(self, event: Event) -> None:
        """Count a statistics event (fire and forget, like searches)."""
        self._queue.put((event, None))

    def run(self, task: Callable[[Connection], object]) -> Future:
        """Run `task(connection)` in a write transaction after the writes queued before it
        (maintenance, such as the statistics roll-up, without a second writer contending for the
        lock)."""
        future: Future = Future()
        self._queue.put((task, future))
        self._waited_on.set()
        return future

    def close(self) -> None:
        """Write what is queued, then stop."""
        self._queue.put(None)
        self._waited_on.set()
        self._thread.join(timeout=10)
        if self._connection is not None and not self._thread.is_alive():
            self._connection.close()

    def _run(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=None if self.available else RETRY)
            except queue.Empty:
                self.available = self._ping()
                if self.available:
                    self._drop_connection()  # opened before the store went away: likely dead
                continue
            if item is None:
                return
            batch, closing = self._collect([item])
            if not closing and len(batch) < BATCH and all(future is None for _, future in batch):
                # Nobody waits on events and searches: linger so that a stream of them shares
                # one transaction. An Event, not queue.get(timeout): each event put would wake
                # this thread.
                self._waited_on.wait(LINGER)
                self._waited_on.clear()  # whatever set it was queued before: _collect takes it now
                batch, closing = self._collect(batch)
            self._write(batch)
            if closing:
                return

    def _collect(self, batch: list) -> tuple[list, bool]:
        """Add what is waiting (up to BATCH); whether close() was called meanwhile."""
        while len(batch) < BATCH:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                return batch, False
            if more is None:
                return batch, True
            batch.append(more)
        return batch, False

    def _write(self, batch: list) -> None:
        votes = [(v, f) for v, f in batch if isinstance(v, Vote)]
        events = [v for v, _ in batch if isinstance(v, Event)]
        searches = [v[1:] for v, _ in batch if isinstance(v, tuple)]
        try:
            if votes or events or searches:
                with self._transaction() as connection:
                    write_batch(connection, [v for v, _ in votes], searches, events)
        except Exception as exc:  # the requests waiting on this batch answer 503, never hang
            self._failed(exc)
            for _, future in votes:
                future.set_exception(exc)
        else:
            self.available = True
            self.votes_written += len(votes)
            self.events_written += len(events) + len(searches)
            for _, future in votes:
                future.set_result(True)
        for task, future in batch:
            if callable(task):
                self._run_task(task, future)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A write transaction on the writer's own connection (kept between batches: no pool
        checkout, no ping per batch); after a failure the connection is dropped and the next
        batch opens a new one."""
        if self._connection is None:
            self._connection = self._engine.connect().execution_options(**{WRITE: True})
        try:
            with self._connection.begin():
                yield self._connection
        except Exception:
            self._drop_connection()
            raise

    def _drop_connection(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()
            self._connection.close()
            self._connection = None

    def _failed(self, exc: Exception) -> None:
        self.errors += 1
        if isinstance(exc, SQLAlchemyError):
            self.available = False

    def _run_task(self, task, future: Future) -> None:
        try:
            with self._transaction() as connection:
                result = task(connection)
        except Exception as exc:  # a failed roll-up leaves the raw events for the next one
            self._failed(exc)
            future.set_exception(exc)
        else:
            future.set_result(result)
