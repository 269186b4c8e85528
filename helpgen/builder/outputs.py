"""A build's staged outputs (the site, the search indexes, the agent exports): each is written
beside its target while the build runs, then all are committed in order, or all aborted, so
that a failed build leaves the previous site and index as they were."""

from __future__ import annotations

from typing import Protocol, TypeVar


class Output(Protocol):
    """Something a build stages: `commit()` swaps it in, `abort()` throws it away."""

    def commit(self) -> None: ...

    def abort(self) -> None: ...


Staged = TypeVar("Staged", bound=Output)


class Outputs:
    """The build's outputs in the order they must be committed: the site first, since an index
    must never describe pages that are not there yet."""

    def __init__(self) -> None:
        self._outputs: list[Output] = []

    def add(self, output: Staged) -> Staged:
        """Stage `output` after those already added; return it."""
        self._outputs.append(output)
        return output

    def commit(self) -> None:
        for output in self._outputs:
            output.commit()

    def abort(self) -> None:
        for output in self._outputs:
            output.abort()
