"""Group commit for votes: one thread writes whatever votes are waiting in one transaction.

Under load many requests share one fsync; alone, a vote is written at once. A request
is answered only when its vote's transaction has committed (or failed). Logged searches
and statistics events ride along in the same transactions, fire and forget: counting
must never slow a page or a search down, so an event lost in a crash is the price.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Callable

from helpgen.feedback.store import Event, Vote, connect, write_batch

BATCH = 500
LINGER = 0.5
"""Seconds a batch of fire-and-forget items (events, searches) waits for more before it is written,
unless a vote or a task arrives meanwhile. Fewer, larger transactions: a stream of page views then
costs the pages served next to it nothing measurable (bench/stats_bench.py), where one transaction
every few events cost them 15-30 %, in GIL hand-overs more than in CPU."""


class StoreWriter:
    """Owns the write connection of a feedback store. `submit()` returns a Future."""

    def __init__(self, path: Path):
        self.path = path
        self._db = connect(path)
        self._queue: queue.Queue = queue.Queue()
        self._waited_on = threading.Event()
        """Set when something that is waited on is queued: a lingering batch is written at once."""
        self._thread = threading.Thread(target=self._run, name="helpgen-feedback", daemon=True)
        self._thread.start()

    def submit(self, vote: Vote) -> Future:
        future: Future = Future()
        self._queue.put((vote, future))
        self._waited_on.set()
        return future

    def record_search(self, query: str, results: int) -> None:
        """Log a served query (fire and forget: analytics must never slow search down)."""
        self._queue.put((("search", query, results), None))

    def record_event(self, event: Event) -> None:
        """Count a statistics event (fire and forget, like searches)."""
        self._queue.put((event, None))

    def run(self, task: Callable[[sqlite3.Connection], object]) -> Future:
        """Run `task(db)` on the writer's own connection after the writes queued before it (maintenance,
        such as the statistics roll-up, without a second writer contending for the lock)."""
        future: Future = Future()
        self._queue.put((task, future))
        self._waited_on.set()
        return future

    def close(self) -> None:
        self._queue.put(None)
        self._waited_on.set()
        self._thread.join(timeout=10)
        self._db.close()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch, closing = self._collect([item])
            if not closing and len(batch) < BATCH and all(future is None for _, future in batch):
                # Nobody waits on events and searches: linger so that a stream of them shares one
                # transaction. An Event, not queue.get(timeout): each event put would wake this thread.
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
        searches = [v for v, _ in batch if isinstance(v, tuple)]
        try:
            write_batch(self._db, [v for v, _ in votes], [(q, n) for _, q, n in searches], events)
        except Exception as exc:  # the requests waiting on this batch answer 503, never hang
            for _, future in votes:
                future.set_exception(exc)
        else:
            for _, future in votes:
                future.set_result(True)
        for task, future in batch:
            if callable(task):
                self._run_task(task, future)

    def _run_task(self, task, future: Future) -> None:
        try:
            future.set_result(task(self._db))
        except Exception as exc:  # a failed roll-up leaves the raw events for the next one
            future.set_exception(exc)
