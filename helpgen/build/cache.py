"""Per-article work memoized by content hash in the project's `.helpgen/` folder.

An entry is keyed by the source's bytes, its path and every config value that changes
how it loads or renders, so a hit is always safe to reuse. Entries not used by a build
are pruned at its end.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpgen import __version__

FORMAT = 1


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Size and mtime of helpgen's own modules, so an upgrade or a local edit empties the cache."""
    package = Path(__file__).resolve().parent.parent
    stats = sorted((str(p.relative_to(package)), p.stat().st_size, p.stat().st_mtime_ns) for p in package.rglob("*.py"))
    return hashlib.sha256(repr(stats).encode()).hexdigest()


def config_salt(project) -> str:
    """The part of the cache key that comes from the config and helpgen itself."""
    c = project.config
    relevant = {"variables": c.variables, "language": c.language, "version": __version__, "format": FORMAT,
                "code": code_fingerprint(),
                "content_dir": str(project.content_dir), "root": str(project.root)}  # messages show paths
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()


class ArticleCache:
    """A folder of pickled entries; `enabled=False` (--no-cache) reads and writes nothing."""

    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = folder / "articles"
        self.enabled = enabled
        self.used: set[str] = set()

    def get(self, key: str) -> Any | None:
        if not self.enabled:
            return None
        self.used.add(key)
        try:
            with open(self.folder / f"{key}.pickle", "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or from another helpgen: recompute

    def put(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / f"{key}.pickle")  # readers never see half an entry

    def prune(self) -> None:
        """Delete entries this build did not use (edited or deleted articles)."""
        if not self.enabled or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix == ".pickle" and path.stem not in self.used:
                path.unlink(missing_ok=True)
