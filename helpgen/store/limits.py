"""Per-client write limits counted in the store, so that they hold across replicas and workers.

A fixed one-minute window per client and kind (votes, events): one upsert that returns
the count. Clients are kept as a hash of their address, and windows older than the
previous minute are deleted, so the table holds two minutes of hashes at most. On SQLite
the counters commit without waiting for the disk (they are scratch, not votes).
"""

from __future__ import annotations

import hashlib
import time

from sqlalchemy.engine import Engine

from helpgen.store.engine import WRITE
from helpgen.store.schema import rate_hits
from helpgen.store.writes import upsert

WINDOW = 60


class SharedLimiter:
    """Allow `per_minute` writes of one `kind` per client and minute, summed over every server."""

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
        statement = upsert(connection, rate_hits).values(kind=self.kind, client=client,
                                                         minute=minute, hits=1)
        statement = statement.on_conflict_do_update(index_elements=["kind", "client", "minute"],
                                                    set_={"hits": rate_hits.c.hits + 1})
        return connection.execute(statement.returning(rate_hits.c.hits)).scalar_one()


def _client_key(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()[:32]
