"""Vectors made after the index is in place, so that semantic search never delays the pages.

Under `helpgen serve` a build writes the site and the lexical index, with the vectors the
cache already has (`start_search(defer_vectors=True)`); `Pending.start` then embeds the
rest in a thread and swaps the index's vectors file for the complete one. Until then a
query is answered lexically (or fused with the vectors there are), and says so (`mode`).

A rebuild stops the pending embedding first (`Pending.stop`): what it made is kept in the
cache, so the next build's index starts with it. The swap of a new index and the late
write of vectors take the same lock, and the late write goes only into the folder its
build committed, never into a newer one.
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from helpgen.search import semantic

try:
    import fcntl
except ImportError:  # Windows: no other process swaps the index while one writes to it there
    fcntl = None  # type: ignore[assignment]  # the module, or None where there is none

log = logging.getLogger(__name__)


@contextmanager
def swap_lock(target: Path):
    """Held while an index folder is swapped, or vectors are written into it (any process).
    A lock on the folder that holds it: no lock file is left beside the site."""
    if fcntl is None:
        yield
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing it releases the lock


class Pending:
    """A committed index's vectors still to embed (`plan`: `vectors.Plan`), embedded in one
    thread of this process (a server keeps its other cores for requests)."""

    def __init__(self, plan, output, cache: Path | None):
        self.plan, self.output, self.cache = plan, output, cache
        self.embedded = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="helpgen-vectors", daemon=True)

    def start(self) -> Pending:
        self._thread.start()
        return self

    def stop(self) -> None:
        """End the embedding early (a rebuild is starting); what it made goes to the cache."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the embedding ended within `timeout` seconds."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            encoder = semantic.shared_encoder(self.plan.files)
            self.embedded = self.plan.embed(1, self._stop, encoder)
            self.plan.save_cache(self.cache)
            if not self._stop.is_set():
                self._swap_in()
        except Exception as exc:  # noqa: BLE001 - the model or the disk: search stays lexical
            log.warning("semantic search stays lexical: the vectors could not be made: %s", exc)

    def _swap_in(self) -> None:
        target = self.output.target
        with swap_lock(target):
            try:
                current = target.stat().st_ino
            except OSError:
                return
            if current == self.output.generation:  # not replaced by a newer build meanwhile
                self.plan.write(target, target)
