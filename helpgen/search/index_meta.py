"""The sidecars of a Whoosh index folder: which index format and analysis chain wrote it, and
which documents it holds (id and fingerprint).

Apart from the index itself so that reading it costs no import of Whoosh: a rebuild
checks it in the build's main process, while the index is written by a forked one.
"""

from __future__ import annotations

import json
from pathlib import Path

FORMAT = 1
META_NAME = "helpgen-search.json"
DOCUMENTS_NAME = "helpgen-documents.json"


def _read_json(path: Path):
    """The JSON in `path`, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_meta(index_dir: Path) -> dict | None:
    """The folder's sidecar, or None when it is missing, unreadable or of another format."""
    meta = _read_json(index_dir / META_NAME)
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else None


def write_meta(target: Path, meta: dict) -> None:
    (target / META_NAME).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")


def read_documents(index_dir: Path) -> dict[str, str]:
    """The fingerprint of each document the index holds, by id; empty when unknown."""
    documents = _read_json(index_dir / DOCUMENTS_NAME)
    ok = isinstance(documents, dict) and all(isinstance(v, str) for v in documents.values())
    return documents if ok else {}


def write_documents(target: Path, documents: dict[str, str]) -> None:
    (target / DOCUMENTS_NAME).write_text(json.dumps(documents, sort_keys=True), encoding="utf-8")
