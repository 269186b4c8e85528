"""The article vectors of semantic search, kept in the index folder beside Whoosh's files:
`helpgen-vectors.npy` (float16, one row a document) and `helpgen-vectors.json` (the model,
and each row's document, by `SearchDoc.order`, with a digest of the text it embeds).

Embedding is most of a semantic build's time, so a rebuild embeds only the documents
whose text changed and copies the other rows from the previous folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from helpgen.search import semantic
from helpgen.search.documents import SearchDoc

MATRIX = "helpgen-vectors.npy"
ROWS = "helpgen-vectors.json"


@dataclass
class Vectors:
    orders: list[str]
    """Each row's document (`SearchDoc.order`)."""
    keys: list[str]
    """Each row's text digest."""
    matrix: object
    """numpy array, float32, one unit vector a row."""


def embedded_text(doc: SearchDoc) -> str:
    fields = doc.fields
    return semantic.doc_text(doc.title, fields["description"], fields["headings"], fields["body"])


def write_vectors(folder: Path, previous: Path | None, docs: list[SearchDoc], threads: int) -> dict:
    """Write the vectors of `docs` in the model's languages into `folder`; rows whose text
    `previous` (an index folder) already embedded are taken from it. Returns counts."""
    import numpy as np

    docs = [d for d in docs if semantic.speaks(d.lang)]
    texts = [embedded_text(d) for d in docs]
    keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=10).hexdigest() for t in texts]
    old = read_vectors(previous) if previous else None
    known = dict(zip(old.keys, old.matrix)) if old else {}
    todo = [i for i, key in enumerate(keys) if key not in known]
    matrix = np.zeros((len(docs), semantic.DIMENSIONS), dtype=np.float32)
    for i, key in enumerate(keys):
        if key in known:
            matrix[i] = known[key]
    if todo:
        matrix[todo] = semantic.Encoder(threads).encode([texts[i] for i in todo])
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / MATRIX, matrix.astype(np.float16))
    rows = {"model": semantic.MODEL_ID, "orders": [d.order for d in docs], "keys": keys}
    (folder / ROWS).write_text(json.dumps(rows), encoding="utf-8")
    return {"documents": len(docs), "embedded": len(todo)}


def read_vectors(folder: Path) -> Vectors | None:
    """The vectors in an index folder, or None when there are none, they are of another
    model, or the files are damaged (the caller then searches, or builds, without them)."""
    try:
        import numpy as np

        rows = json.loads((folder / ROWS).read_text(encoding="utf-8"))
        matrix = np.load(folder / MATRIX, allow_pickle=False)
    except (OSError, ValueError, EOFError, ImportError):
        return None
    if not isinstance(rows, dict) or rows.get("model") != semantic.MODEL_ID:
        return None
    orders, keys = rows.get("orders"), rows.get("keys")
    if not isinstance(orders, list) or not isinstance(keys, list) or \
            matrix.shape != (len(orders), semantic.DIMENSIONS) or len(keys) != len(orders):
        return None
    return Vectors([str(o) for o in orders], [str(k) for k in keys], matrix.astype(np.float32))
