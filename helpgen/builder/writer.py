"""Write a site into a staging folder and put it in place only when the whole build succeeded.

A first (or --no-cache) build stages every file and swaps the folder in at once. A
rebuild over the cache knows, from the previous build's manifest, which files are
already right: it stages only the changed ones and, after success, moves each into
place with an atomic rename and deletes the files that are gone. Either way a failed
build leaves the previous site as it was.

A rebuild keeps the previous build's fingerprinted assets (CSS and JS named by their
content) for one more build: a page loaded just before the new site went in still asks
for the stylesheet it names, and gets it. The build after next removes them. A first or
--no-cache build has no previous assets and writes only the new site.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from helpgen.errors import HelpgenError, Problem

Produce = Callable[[], "str | bytes"]


class SiteWriter:
    """Collects files for `target`; `commit()` puts them in place, `abort()` drops them."""

    def __init__(self, target: Path, manifest_dir: Path | None = None, reuse: bool = True):
        """`reuse=False` (--no-cache) rewrites every file and drops the manifest (the next
        build must not trust one that describes an older site) without writing a new one."""
        self.target = target
        self.manifest_path = (
            manifest_dir / f"output-{hashlib.sha256(str(target).encode()).hexdigest()[:16]}.json"
            if manifest_dir
            else None
        )
        previous = (
            _read_manifest(self.manifest_path)
            if reuse and self.manifest_path and target.is_dir()
            else None
        )
        self.previous: dict[str, str] = previous["files"] if previous else {}
        self.previous_assets = frozenset(previous.get("assets", ())) if previous else frozenset()
        """The last build's fingerprinted files: kept, if this build drops them, until the next."""
        self.previous_kept = frozenset(previous.get("kept", ())) if previous else frozenset()
        """Files the last build kept from the one before it: removed now, unless made again."""
        self.incremental = previous is not None
        self.reuse = reuse
        target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = target.parent / f".{target.name}.building-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        self.keys: dict[str, str] = {}
        """Every file of the new site and the key of what produced it."""
        self.changed: list[str] = []
        self.assets: set[str] = set()
        """This build's fingerprinted files (see `write`)."""
        self.kept: list[str] = []
        self._published = 0

    def put(self, path: str, key: str, produce: Produce) -> bool:
        """Make `path` hold what `produce()` returns; skipped when that `key` is already there."""
        changed = self.needs(path, key)
        if changed:
            self.stage(path, produce())
        self.record(path, key, changed)
        return changed

    def needs(self, path: str, key: str) -> bool:
        """Whether `path` must be (re)written: the last build did not produce it from `key`."""
        # os.path, not pathlib: a rebuild asks this of every page; pathlib's parsing was most of it
        return not (
            self.incremental
            and self.previous.get(path) == key
            and os.path.isfile(os.path.join(self.target, path))
        )

    def stage(self, path: str, data: str | bytes) -> None:
        """Write a file into the staging folder (also from a forked worker)."""
        full = self._inside(path)
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def record(self, path: str, key: str, changed: bool) -> None:
        """Note that the new site has `path` from `key`, and whether it was staged."""
        self.keys[path] = key
        if changed:
            self.changed.append(path)

    def write(self, path: str, data: str | bytes, fingerprinted: bool = False) -> None:
        """Write `data` at site path `path`, keyed by its own content. `fingerprinted`: the
        name changes with the content, and the next build keeps this file one build longer."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.put(path, "sha256:" + hashlib.sha256(raw).hexdigest(), lambda: raw)
        if fingerprinted:
            self.assets.add(path)

    def _inside(self, path: str) -> Path:
        """The staged file for a site path; refuses one leaving the site (a bug upstream) too."""
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or ".." in parts:
            raise HelpgenError(
                Problem("", None, f"refusing to write '{path}' outside the output folder")
            )
        return self.staging / path

    def copy(self, path: str, source: Path) -> None:
        stat = source.stat()
        self.put(path, f"file:{stat.st_size}:{stat.st_mtime_ns}", source.read_bytes)

    def detached(self) -> SiteWriter:
        """A writer staging into the same folder with a record of its own, for a forked process:
        it sends `records()` back, and this writer takes them with `record`."""
        other = copy.copy(self)
        other.keys, other.changed = {}, []
        return other

    def records(self) -> list[tuple[str, str, bool]]:
        """(path, key, changed) of every file put through this writer."""
        changed = set(self.changed)
        return [(path, key, path in changed) for path, key in self.keys.items()]

    def exists(self, path: str) -> bool:
        return path in self.keys

    def commit(self) -> None:
        """Put the new site in place and remember what it holds."""
        if self.incremental:
            self._commit_changes()
        else:
            old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
            if self.target.exists():
                os.replace(self.target, old)
            os.replace(self.staging, self.target)
            shutil.rmtree(old, ignore_errors=True)
        if self.manifest_path and not self.reuse:
            self.manifest_path.unlink(missing_ok=True)
        elif self.manifest_path:
            self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.manifest_path.with_suffix(".tmp")
            manifest = {
                "files": self.keys,
                "assets": sorted(self.assets),
                "kept": self.kept,
            }
            tmp.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.manifest_path)

    def publish(self) -> None:
        """Move the files staged so far into place, before the build ends (rebuilds only).

        Watch mode uses this to show edited pages while the slower exports are still being
        written; the final `commit()` does the rest, deletions and the manifest.
        """
        assert self.incremental, "a first build swaps the whole folder in at the end"
        for path in self.changed[self._published :]:
            final = self.target / path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / path, final)  # atomic per file: readers see old or new
        self._published = len(self.changed)

    def _commit_changes(self) -> None:
        self.publish()
        gone = (set(self.previous) | self.previous_kept) - set(self.keys)
        self.kept = sorted(gone & self.previous_assets)
        for path in sorted(gone - self.previous_assets):
            (self.target / path).unlink(missing_ok=True)
            _remove_empty_parents(self.target / path, self.target)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _read_manifest(path: Path) -> dict[str, dict[str, str]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and isinstance(data.get("files"), dict)
    return data if ok else None  # else an older helpgen's, or damaged: a full build


def _remove_empty_parents(path: Path, top: Path) -> None:
    parent = path.parent
    while parent != top and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
