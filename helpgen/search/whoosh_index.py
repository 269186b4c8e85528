"""The Whoosh index: its schema, and writing it whole or as changes to the previous one.

One indexed field, `terms`, holds the terms our `Analyzer` produced from every field,
each occurrence weighted by its field (`track^8` for a title word): Whoosh only splits
on spaces and reads the weight, so the chain lives in one place, and BM25 over that
field is the weighted-field score of `helpgen.search.ranking`. A sidecar `helpgen-search.json`
records what a reader needs to analyse queries the same way (language, synonyms).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import DelimitedAttributeFilter, SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from helpgen.search.analysis import pairs
from helpgen.search.documents import FIELD_WEIGHTS, SearchDoc

FORMAT = 1
META_NAME = "helpgen-search.json"

if not hasattr(W3TermInfo, "set_inline"):
    # whoosh-reloaded's postings writer calls `set_inline`, a method its W3TermInfo names
    # `set_inlined`, whenever a term's postings are short enough to inline: name it both ways.
    W3TermInfo.set_inline = W3TermInfo.set_inlined


def codec() -> W3Codec:
    """How the index is written: most terms (pairs, rare words) are in one or two documents;
    their postings go inline in the term table instead of a block of their own, and blocks
    are not zlib-compressed. A third less CPU for the build; queries read either form."""
    return W3Codec(compression=0, inlinelimit=3)


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True), fp=ID(stored=True), url=STORED, source=STORED, lang=ID(stored=True),
        title=STORED, title_terms=COLUMN(VarBytesColumn()), category=STORED, categories=KEYWORD(commas=True), category_title=STORED,
        summary=STORED, text=STORED, length=COLUMN(NumericColumn("I")),
        terms=TEXT(analyzer=SpaceSeparatedTokenizer() | DelimitedAttributeFilter(), phrase=False),
    )


def read_meta(index_dir: Path) -> dict | None:
    try:
        meta = json.loads((index_dir / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else None


def write_index(target: Path, previous: Path | None, meta: dict, docs: list[tuple[SearchDoc, dict[str, str]]]) -> dict:
    """Write the index of `docs` (each with its analysed fields) into the new folder `target`.

    When `previous` holds an index written with the same `meta`, it is copied (hard links:
    Whoosh never rewrites a file) and only changed documents are replaced; otherwise the
    index is written whole. Returns counts: added, deleted, reused.
    """
    shutil.rmtree(target, ignore_errors=True)
    old_meta = read_meta(previous) if previous and previous.is_dir() else None
    if old_meta == meta and whoosh_index.exists_in(str(previous)):
        _link_tree(previous, target)
        try:
            stats = _update(target, docs)
            _write_meta(target, meta)
            return stats
        except Exception:  # a damaged previous index: start over
            shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ix = whoosh_index.create_in(str(target), schema())
    writer = ix.writer(codec=codec())
    for doc, analysed in docs:
        writer.add_document(**_fields(doc, analysed))
    writer.commit()
    _write_meta(target, meta)
    return {"added": len(docs), "deleted": 0, "reused": 0}


def _update(target: Path, docs: list[tuple[SearchDoc, dict[str, str]]]) -> dict:
    ix = whoosh_index.open_dir(str(target))
    with ix.searcher() as searcher:
        indexed = {f["id"]: f["fp"] for f in searcher.all_stored_fields()}
    wanted = {doc.id: (doc, analysed) for doc, analysed in docs}
    stale = [i for i, fp in indexed.items() if i not in wanted or wanted[i][0].fingerprint != fp]
    new = [pair for i, pair in wanted.items() if indexed.get(i) != pair[0].fingerprint]
    if stale or new:
        writer = ix.writer(codec=codec())
        for doc_id in stale:
            writer.delete_by_term("id", doc_id)
        for doc, analysed in new:
            writer.add_document(**_fields(doc, analysed))
        writer.commit()
    return {"added": len(new), "deleted": len(stale), "reused": len(wanted) - len(new)}


def _fields(doc: SearchDoc, analysed: dict[str, str]) -> dict:
    ancestors = doc.category.split("/") if doc.category else []
    cats = ["/".join(ancestors[:i]) for i in range(1, len(ancestors) + 1)]
    return dict(id=doc.id, fp=doc.fingerprint, url=doc.url, source=doc.source, lang=doc.lang, title=doc.title,
                title_terms=analysed["title"].encode("utf-8"), category=doc.category, categories=",".join(cats),
                category_title=doc.category_title, summary=doc.summary, text=doc.text, terms=weighted_terms(analysed),
                length=weighted_length(analysed))


def weighted_length(analysed: dict[str, str]) -> int:
    """How many terms and pairs `terms` holds: BM25's document length (exact; Whoosh's own is
    rounded to a byte)."""
    length = 0
    for name in FIELD_WEIGHTS:
        n = len(analysed.get(name, "").split())
        length += 2 * n - 1 if n else 0
    return length


def weighted_terms(analysed: dict[str, str]) -> str:
    """`term^weight` for every term and pair occurrence of every field (body terms bare: weight 1)."""
    parts = []
    for name, weight in FIELD_WEIGHTS.items():
        terms = analysed.get(name, "").split()
        terms += pairs(terms)
        if terms:
            parts.append(" ".join(terms) if weight == 1 else " ".join(f"{t}^{weight:g}" for t in terms))
    return " ".join(parts)


def _write_meta(target: Path, meta: dict) -> None:
    (target / META_NAME).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")


def _link_tree(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for path in source.iterdir():
        # only Whoosh's own files, which it never rewrites; ours are written anew (a
        # write through a hard link would change the live index too)
        if path.is_file() and path.suffix in (".toc", ".seg"):
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)
