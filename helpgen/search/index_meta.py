"""The sidecar of a Whoosh index folder: which index format and analysis chain wrote it.

Apart from the index itself so that reading it costs no import of Whoosh: a rebuild
checks it in the build's main process, while the index is written by a forked one.
"""

from __future__ import annotations

import json
from pathlib import Path

FORMAT = 1
META_NAME = "helpgen-search.json"


def read_meta(index_dir: Path) -> dict | None:
    """The folder's sidecar, or None when it is missing, unreadable or of another format."""
    try:
        meta = json.loads((index_dir / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else None


def write_meta(target: Path, meta: dict) -> None:
    (target / META_NAME).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
