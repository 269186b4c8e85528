"""Write a site into a fresh folder and swap it in only when the whole build succeeded.

Readers of the output folder (a web server, a CI upload) see the old site or the new
one, never a half-written mix.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class SiteWriter:
    """Collects files under a temporary sibling of `target`; `commit()` swaps it in."""

    def __init__(self, target: Path):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = target.parent / f".{target.name}.building-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        self.written: set[str] = set()

    def write(self, path: str, data: str | bytes) -> None:
        """Write `data` at site path `path` (`returns/start/index.html`)."""
        full = self.staging / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.written.add(path)

    def copy(self, path: str, source: Path) -> None:
        full = self.staging / path
        full.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, full)
        self.written.add(path)

    def exists(self, path: str) -> bool:
        return path in self.written

    def commit(self) -> None:
        """Replace the target with the staged site."""
        old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
