"""Per-article work memoized by content hash in the project's `.helpgen/` folder.

An entry is keyed by the source's bytes, its path and every config value that changes
how it loads or renders, so a hit is always safe to reuse. Entries not used by a build
are pruned when it saves.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpgen import __version__

FORMAT = 1


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Size and mtime of helpgen's own modules, so an upgrade or a local edit empties the cache."""
    package = Path(__file__).resolve().parent.parent
    stats = sorted(
        (str(p.relative_to(package)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in package.rglob("*.py")
    )
    return hashlib.sha256(repr(stats).encode()).hexdigest()


def config_salt(project) -> str:
    """The part of the cache key that comes from the config and helpgen itself."""
    c = project.config
    relevant = {
        "variables": c.variables,
        "language": c.language,
        "version": __version__,
        "format": FORMAT,
        "languages": c.site_languages,
        "default_language_at_root": c.default_language_at_root,
        "code": code_fingerprint(),
        "content_dir": str(project.content_dir),
        "root": str(project.root),
    }  # messages show paths
    return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()


_MEMORY: dict[str, Any] = {}
"""Entries this process already read or made: a long-lived process (serve's builder) skips
SQLite and unpickling for them on the next build. Entries are immutable once made."""
MEMORY_LIMIT = 50_000
QUERY_KEYS = 900
"""Keys per query: SQLite builds before 3.32 allow at most 999 parameters."""


class ArticleCache:
    """Entries in one SQLite file (`.helpgen/cache.sqlite`): a build writes them all in one
    transaction, which on most file systems costs far less than a file per article.

    `enabled=False` (--no-cache) reads and writes nothing.
    """

    def __init__(self, folder: Path, enabled: bool = True):
        self.path = folder / "cache.sqlite"
        self.enabled = enabled
        self.used: set[str] = set()
        self.pending: dict[str, bytes] = {}
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.enabled:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL").fetchall()
                # a cache: with WAL, NORMAL keeps the file consistent through a crash, and a power
                # cut costs at most the last build's entries (recomputed); commits need no fsync
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                )
            except sqlite3.Error:
                self.enabled = False  # a broken cache costs speed, never a build
                return None
        return self._db

    def get(self, key: str) -> Any | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        """The entries found for `keys`, read in as few queries as SQLite allows: a rebuild
        reads every article's, and a query each cost more than unpickling them."""
        if not self.enabled:
            return {}
        self.used.update(keys)
        found = {key: _MEMORY[key] for key in keys if key in _MEMORY}
        wanted = [key for key in keys if key not in found]
        db = self._connect() if wanted else None
        if db is None:
            return found
        for start in range(0, len(wanted), QUERY_KEYS):
            chunk = wanted[start : start + QUERY_KEYS]
            try:
                rows = db.execute(
                    f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            except sqlite3.Error:
                return found  # unreadable: recompute
            for key, data in rows:
                value = _unpickle(data)
                if value is not None:
                    found[key] = value
                    _remember(key, value)
        return found

    def keep(self, keys) -> None:
        """Spare these entries in this build's pruning, read or not (another process reads them)."""
        if self.enabled:
            self.used.update(key for key in keys if key)

    def for_child(self) -> ArticleCache:
        """This cache for a forked process to read: a connection of its own (an SQLite connection
        must not cross a fork), and nothing of this build's bookkeeping."""
        return ArticleCache(self.path.parent, enabled=self.enabled)

    def close(self) -> None:
        """Close the connection; the next use opens another. The last connection to close
        folds SQLite's journal back into the file, while it is short."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def put(self, key: str, value: Any) -> None:
        if self.enabled:
            self.used.add(key)
            self.pending[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            _remember(key, value)

    def put_pickled(self, key: str, data: bytes) -> None:
        """`put` for a value another process pickled (a forked step of the build)."""
        if self.enabled:
            self.used.add(key)
            self.pending[key] = data

    def save(self, prune: bool = True) -> None:
        """Write pending entries in one transaction; `prune` drops those this build did not use."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self.pending.items())
                if prune:
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                    db.execute("DELETE FROM used")
                    db.executemany(
                        "INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used)
                    )
                    db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            pass  # the next build recomputes what could not be saved
        self.pending.clear()
        # closed, the journal is folded back into the file; a process that ends with it open
        # leaves the next build to read the whole journal back and copy it again
        self.close()


def _unpickle(data: bytes) -> Any | None:
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # from another helpgen: recompute


def _remember(key: str, value: Any) -> None:
    if value is None:
        return
    if len(_MEMORY) >= MEMORY_LIMIT:
        _MEMORY.clear()  # rare (huge sites): start over rather than track ages
    _MEMORY[key] = value
