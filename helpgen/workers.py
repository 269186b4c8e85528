"""A build's worker processes: one `Workers` per build runs every parallel step.

Work that is long, serial and independent of what follows it (the Whoosh index) runs in one
forked child while the build goes on (`Workers.fork`); work over many items (articles,
pages) is split into slices, each run by a forked child (`Workers.map`). A forked child
shares the parent's objects without pickling them (the function and its items reach it by
fork, not through any module global); only results travel back, through a pipe. Where there
is no fork (Windows), the function simply runs at once, in the caller.

The build creates its `Workers` and closes it when it ends, so no child outlives it. Forks
happen only on the build's thread, and nothing here starts a thread: the CLI's progress bar
is refreshed by the build, not by a thread of its own (a fork while another thread holds a
lock can leave the child stuck).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ForkedError(RuntimeError):
    """The function raised in the child (the message names the exception), or the child died."""


class Forked:
    """A result to come: `result()` waits for it, `stop()` gives it up."""

    def __init__(self, fn: Callable[..., Any], args: tuple):
        self._done: tuple[bool, Any] | None = None
        self._process = None
        if not hasattr(os, "fork"):
            self._done = _call(fn, args)
            return
        context = multiprocessing.get_context("fork")
        self._pipe, send = context.Pipe(duplex=False)

        def run() -> None:
            send.send(_call(fn, args))
            send.close()

        self._process = context.Process(target=run, daemon=True)
        self._process.start()
        send.close()

    def result(self) -> Any:
        """The function's return value; ForkedError if it raised or the child died."""
        if self._done is None:
            try:
                self._done = self._pipe.recv()
            except EOFError:  # the child closed the pipe without a word: it died
                assert self._process is not None, "without a process, _done was set at once"
                self._process.join()
                self._done = (False, f"the worker process ended with code {self._process.exitcode}")
            finally:
                self._pipe.close()
                if self._process is not None:
                    self._process.join()
        ok, value = self._done
        if not ok:
            raise ForkedError(value)
        return value

    def stop(self) -> None:
        """Give up the result: the child is ended if it still runs."""
        if self._process is not None and self._done is None:
            self._process.terminate()
            self._process.join()
            self._pipe.close()
            self._done = (False, "stopped")


class Workers:
    """The processes of one build: it knows how many cores the build may use, and `close()`
    (or leaving its `with` block) ends whatever still runs."""

    def __init__(self, cores: int | None = None):
        self.cores = max(1, cores if cores is not None else min(os.cpu_count() or 1, 8))
        self._started: list[Forked] = []

    @property
    def parallel(self) -> bool:
        """Whether work can go to other processes at all (more than one core, and fork)."""
        return self.cores > 1 and hasattr(os, "fork")

    def fork(self, fn: Callable[..., Any], *args: Any) -> Forked:
        """Start `fn(*args)` in a forked child; its return value must pickle."""
        job = Forked(fn, args)
        self._started.append(job)
        return job

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        on_done: Callable[[int], None] | None = None,
        slices_per_core: int = 4,
    ) -> Iterator[R]:
        """`fn(item)` for every item, in order, over the build's cores: at most `cores` children
        at once, each taking a slice. `on_done(n)` is told of each finished slice (progress)."""
        if not self.parallel or len(items) < 2:
            for item in items:
                yield fn(item)
                if on_done:
                    on_done(1)
            return
        step = -(-len(items) // (self.cores * slices_per_core))
        starts = iter(range(0, len(items), step))
        running = deque(
            self.fork(_apply, fn, items[s : s + step]) for s in islice(starts, self.cores)
        )
        while running:
            chunk = running.popleft().result()
            start = next(starts, None)
            if start is not None:
                running.append(self.fork(_apply, fn, items[start : start + step]))
            yield from chunk
            if on_done:
                on_done(len(chunk))

    def close(self) -> None:
        """End every child still running (a failed or interrupted build)."""
        for job in self._started:
            job.stop()
        self._started.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _apply(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [fn(item) for item in items]


def _call(fn: Callable[..., Any], args: tuple) -> tuple[bool, Any]:
    try:
        return True, fn(*args)
    except Exception as exc:  # reported to the parent, which decides what it means
        return False, f"{type(exc).__name__}: {exc}"
