"""The article vectors of semantic search: one file in the index folder beside Whoosh's,
`helpgen-vectors.npz` (float16 rows, each row's document by `SearchDoc.order` with a
digest of the text it embeds, the model's id, and where the model is), and a cache of
vectors in the project's `.helpgen/embeddings/`, keyed by that digest and the model.

Embedding is most of a semantic build's time, so a build embeds only the texts the cache
has no vector of for this model: a CI job that keeps `.helpgen/` between runs embeds only
the articles that changed. One file, replaced whole, so that a reader never pairs one
build's rows with another's matrix.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from helpgen.search import semantic
from helpgen.search.documents import SearchDoc
from helpgen.search.model_files import PACKAGE, ModelFiles, folder_model, packaged_model

if TYPE_CHECKING:
    import numpy as np

VECTORS = "helpgen-vectors.npz"
CACHE_FOLDER = "embeddings"
"""Under the project's cache folder (`.helpgen/`): one file a model."""
CHUNK = 16
"""Texts embedded between two looks at whether to stop (`Plan.embed`): a rebuild waits at
most this many (about 0.25 s)."""


@dataclass
class Vectors:
    orders: list[str]
    """Each row's document (`SearchDoc.order`)."""
    keys: list[str]
    """Each row's text digest."""
    matrix: np.ndarray
    """float32, one unit vector a row."""
    model: str = ""
    """`semantic.model_id` of the model that made them."""
    source: dict = field(default_factory=dict)
    """Where that model is: {"package": name}, or {"folder": path from the index folder,
    "sha256": its model.onnx's}."""


def embedded_text(doc: SearchDoc) -> str:
    fields = doc.fields
    return semantic.doc_text(doc.title, fields["description"], fields["headings"], fields["body"])


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()


@dataclass
class Plan:
    """The vectors of one build's documents: the cache's, and the texts still to embed."""

    files: ModelFiles
    docs: list[SearchDoc]
    texts: list[str]
    keys: list[str]
    known: dict[str, np.ndarray]
    """Vectors by text key: the cache's, then each one `embed` makes."""

    @property
    def todo(self) -> list[int]:
        """Rows whose text has no vector yet."""
        return [i for i, key in enumerate(self.keys) if key not in self.known]

    def embed(self, threads: int, stop: threading.Event | None = None, encoder=None) -> int:
        """Embed the texts still to do, CHUNK at a time until `stop` is set; how many it did."""
        todo = list(dict.fromkeys(self.keys[i] for i in self.todo))  # a text twice: embedded once
        text_of = dict(zip(self.keys, self.texts, strict=True))
        done = 0
        if todo:
            encoder = encoder or semantic.Encoder(self.files, threads)
        for start in range(0, len(todo), CHUNK):
            if stop is not None and stop.is_set():
                break
            chunk = todo[start : start + CHUNK]
            self.known.update(zip(chunk, encoder.encode([text_of[k] for k in chunk]), strict=True))
            done += len(chunk)
        return done

    def write(self, folder: Path, target: Path) -> bool:
        """The rows embedded so far, into `folder`'s vectors file (replaced whole), unless there
        are none; `target` is where the index will be read from (the model's folder is written
        relative to it). Whether it wrote."""
        import numpy as np

        rows = [i for i, key in enumerate(self.keys) if key in self.known]
        if not rows:
            return False
        matrix = np.stack([self.known[self.keys[i]] for i in rows]).astype(np.float16)
        _save(
            folder / VECTORS,
            matrix=matrix,
            orders=np.array([self.docs[i].order for i in rows], dtype=str),
            keys=np.array([self.keys[i] for i in rows], dtype=str),
            model=np.array(semantic.model_id(self.files)),
            source=np.array(json.dumps(_source(self.files, target))),
        )
        return True

    def save_cache(self, cache: Path | None) -> None:
        """Keep this build's vectors for the next (none with --no-cache): a file a model, with
        the vectors of the current documents only, so that it never grows past the site."""
        import numpy as np

        if cache is None:
            return
        keys = [key for key in dict.fromkeys(self.keys) if key in self.known]
        folder = cache / CACHE_FOLDER
        if not keys:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _save(
                folder / _cache_name(self.files),
                keys=np.array(keys, dtype=str),
                matrix=np.stack([self.known[k] for k in keys]).astype(np.float16),
            )
        except OSError:
            pass  # a read-only cache folder: the next build embeds again


def plan_vectors(docs: list[SearchDoc], files: ModelFiles, cache: Path | None) -> Plan:
    """The documents in the model's languages, their texts, and the cache's vectors of them."""
    docs = [d for d in docs if semantic.speaks(d.lang)]
    texts = [embedded_text(d) for d in docs]
    keys = [text_key(t) for t in texts]
    return Plan(files, docs, texts, keys, _read_cache(cache, files, set(keys)) if cache else {})


def write_vectors(
    folder: Path,
    target: Path,
    cache: Path | None,
    docs: list[SearchDoc],
    files: ModelFiles,
    threads: int,
) -> dict:
    """Embed what the cache lacks of `docs` and write their vectors into `folder`, the staged
    index of `target`; keep them in `cache` (a project's `.helpgen/`, None: none). Counts."""
    plan = plan_vectors(docs, files, cache)
    embedded = plan.embed(threads)
    folder.mkdir(parents=True, exist_ok=True)
    plan.write(folder, target)
    plan.save_cache(cache)
    return {"documents": len(plan.docs), "embedded": embedded}


def read_vectors(folder: Path) -> Vectors | None:
    """The vectors in an index folder, or None when there are none or the file is damaged
    (the caller then searches, or builds, without them)."""
    try:
        import numpy as np

        with np.load(folder / VECTORS, allow_pickle=False) as data:
            matrix, orders, keys = data["matrix"], data["orders"].tolist(), data["keys"].tolist()
            model, source = str(data["model"]), json.loads(str(data["source"]))
    except (OSError, ValueError, EOFError, KeyError, ImportError, TypeError, zipfile.BadZipFile):
        return None
    if (
        not isinstance(source, dict)
        or not isinstance(orders, list)
        or not isinstance(keys, list)
        or matrix.ndim != 2
        or len(orders) != matrix.shape[0]
        or len(keys) != len(orders)
    ):
        return None
    return Vectors(
        [str(o) for o in orders], [str(k) for k in keys], matrix.astype(np.float32), model, source
    )


def model_of(vectors: Vectors, folder: Path) -> ModelFiles | None:
    """The model that made `vectors` (read from the index `folder`), checked again: None when
    it is not here any more, or not the same (a query is then answered lexically)."""
    source = vectors.source
    if source.get("package") == PACKAGE:
        files = packaged_model()
    elif isinstance(source.get("folder"), str) and isinstance(source.get("sha256"), str):
        files = folder_model((folder / source["folder"]).resolve(), source["sha256"])
    else:
        return None
    return files if semantic.model_id(files) == vectors.model else None


def _source(files: ModelFiles, target: Path) -> dict:
    if files.packaged:
        return {"package": PACKAGE}
    return {"folder": os.path.relpath(files.onnx.parent, target), "sha256": files.sha256}


def _cache_name(files: ModelFiles) -> str:
    return hashlib.blake2b(semantic.model_id(files).encode(), digest_size=8).hexdigest() + ".npz"


def _read_cache(cache: Path, files: ModelFiles, wanted: set[str]) -> dict[str, np.ndarray]:
    """The cached vectors of this model whose key is `wanted`; none when the file is damaged."""
    try:
        import numpy as np

        with np.load(cache / CACHE_FOLDER / _cache_name(files), allow_pickle=False) as data:
            keys, matrix = data["keys"].tolist(), data["matrix"].astype(np.float32)
    except (OSError, ValueError, EOFError, KeyError, TypeError, zipfile.BadZipFile):
        return {}
    if not isinstance(keys, list) or matrix.ndim != 2 or matrix.shape[0] != len(keys):
        return {}
    return {k: row for k, row in zip(keys, matrix, strict=True) if k in wanted}


def _save(path: Path, **arrays) -> None:
    """An .npz written beside `path`, then put in its place whole (readers see one or the other)."""
    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    partial.write_bytes(buffer.getvalue())
    os.replace(partial, path)
