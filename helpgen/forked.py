"""Run one function in a forked process while the caller goes on, and collect its result.

The build uses it for work that is long, serial and independent of what follows it (the
Whoosh index), so that a second core renders pages meanwhile. A forked child shares the
parent's objects without pickling them; only the result travels back, through a pipe.
Where there is no fork (Windows), the function simply runs at once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any


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
            assert self._process is not None, "without a process, _done was set at once"
            try:
                self._done = self._pipe.recv()
            except EOFError:  # the child closed the pipe without a word: it died
                self._process.join()
                self._done = (False, f"the worker process ended with code {self._process.exitcode}")
            finally:
                self._pipe.close()
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


def forked(fn: Callable[..., Any], *args: Any) -> Forked:
    """Start `fn(*args)` in a forked child; the return value must pickle."""
    return Forked(fn, args)


def _call(fn: Callable[..., Any], args: tuple) -> tuple[bool, Any]:
    try:
        return True, fn(*args)
    except Exception as exc:  # reported to the parent, which decides what it means
        return False, f"{type(exc).__name__}: {exc}"
