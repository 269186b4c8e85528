"""The Whoosh index: its schema, and writing it whole or as changes to the previous one.

One indexed field, `terms`, holds the terms our `Analyzer` produced from every field, each
with its weight: the sum of its occurrences' field weights (`track` in a title counts 8),
as `static.DocStats` counted them. Whoosh is handed those weights as they are (the
`WeightedTerms` field), so the chain lives in one place, and BM25 over that field is the
weighted-field score of `helpgen.search.ranking`. A sidecar (`index_meta`) records
the format and analysis chain it was written with, another the documents it holds.
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from helpgen.search.documents import SearchDoc
from helpgen.search.index_meta import write_documents, write_meta
from helpgen.search.static import DocStats

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
        id=ID(stored=True, unique=True),
        fp=ID(stored=True),
        url=STORED,
        source=STORED,
        lang=ID(stored=True),
        title=STORED,
        title_terms=COLUMN(VarBytesColumn()),
        category=STORED,
        categories=KEYWORD(commas=True),
        category_title=STORED,
        summary=STORED,
        text=STORED,
        length=COLUMN(NumericColumn("I")),
        order=COLUMN(VarBytesColumn()),
        terms=WeightedTerms(),
    )


class WeightedTerms(TEXT):
    """A text field given as `{term: weight}`, already analysed and weighed: nothing to split or
    parse. Whoosh's own frequency and field length count each term once; helpgen reads only
    the weights (`matcher.weight()`) and its own `length` column."""

    def __init__(self):
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)

    def index(self, value, **kwargs):
        if isinstance(
            value, _Counted
        ):  # `_BulkWriter` writes the postings; Whoosh counts the length
            yield b"", value.count, 0.0, None
            return
        for term, weight in value.items():
            yield term.encode("utf-8"), 1, weight, _ONCE


_ONCE = pack_uint(1)
"""Each posting's value: the term's frequency, always 1 (its weight says how much it counts)."""
FIELD = "terms"


@dataclass(frozen=True)
class _Counted:
    """The `terms` of a document whose postings `_BulkWriter` writes itself: only their count."""

    count: int


class _BulkWriter(SegmentWriter):
    """Whoosh's writer of a new segment, given the `terms` postings of every document grouped by
    term: they go straight to the codec instead of through Whoosh's posting pool, which costs an
    object, a sort and a look-up of the document's length for each one (a third of writing the
    index). The segment written is the same, byte for byte, as through the pool."""

    def __init__(self, ix, postings: dict[bytes, list[tuple[int, float]]], lengths: list[int]):
        super().__init__(ix, codec=codec())
        self._postings, self._lengths = postings, lengths
        add = self.pool.add
        self.pool.add = lambda item: add(item) if item[0] != FIELD else None

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        fields = self.fieldwriter
        # the other indexed fields' postings, from the pool: their names sort before `terms`
        fields.add_postings(self.schema, lengths, self.pool.iter_postings())
        fields.start_field(FIELD, self.schema[FIELD])
        doc_length = self._lengths
        for term in sorted(self._postings):
            fields.start_term(term)
            for docnum, weight in self._postings[term]:
                fields.add(docnum, weight, _ONCE, doc_length[docnum])
            fields.finish_term()
        fields.finish_field()
        fields.close()
        if lengths:
            lengths.close()


def write_index(
    target: Path,
    previous: Path | None,
    meta: dict,
    docs: list[SearchDoc],
    stats_of: Callable[[SearchDoc], DocStats],
    indexed: dict[str, str] | None = None,
) -> dict:
    """Write the index of `docs` into the new folder `target`; `stats_of` analyses a document.

    `previous`: an index written with the same `meta`, holding the documents `indexed` lists (its
    sidecar, `read_documents`, id -> fingerprint). It is copied (hard links: Whoosh never rewrites
    a file) and only changed documents are replaced; without it, or when it turns out damaged,
    the index is written whole. Returns counts: added, deleted, reused.
    """
    shutil.rmtree(target, ignore_errors=True)
    if previous and indexed and whoosh_index.exists_in(str(previous)):
        _link_tree(previous, target)
        try:
            stats = _update(target, docs, stats_of, indexed)
            _sidecars(target, meta, docs)
            return stats
        except Exception:  # a damaged previous index: start over
            shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    _write_whole(whoosh_index.create_in(str(target), schema()), docs, stats_of)
    _sidecars(target, meta, docs)
    return {"added": len(docs), "deleted": 0, "reused": 0}


def _write_whole(ix, docs: list[SearchDoc], stats_of: Callable[[SearchDoc], DocStats]) -> None:
    postings: dict[bytes, list[tuple[int, float]]] = defaultdict(list)
    lengths: list[int] = []
    writer = None
    try:
        writer = _BulkWriter(ix, postings, lengths)
        for docnum, doc in enumerate(docs):
            fields = _fields(doc, stats_of(doc))
            terms = fields["terms"]
            for term, weight in terms.items():
                postings[term.encode("utf-8")].append((docnum, weight))
            lengths.append(len(terms))
            writer.add_document(**{**fields, "terms": _Counted(len(terms))})
        writer.commit()
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise


def _sidecars(target: Path, meta: dict, docs: list[SearchDoc]) -> None:
    write_documents(target, {doc.id: doc.fingerprint for doc in docs})
    write_meta(target, meta)


def _update(
    target: Path,
    docs: list[SearchDoc],
    stats_of: Callable[[SearchDoc], DocStats],
    indexed: dict[str, str],
) -> dict:
    """Replace the documents of the `target` index that differ from `indexed` (id → fingerprint)."""
    wanted = {doc.id: doc for doc in docs}
    stale = [i for i, fp in indexed.items() if i not in wanted or wanted[i].fingerprint != fp]
    new = [doc for i, doc in wanted.items() if indexed.get(i) != doc.fingerprint]
    if stale or new:
        writer = whoosh_index.open_dir(str(target)).writer(codec=codec())
        for doc_id in stale:
            writer.delete_by_term("id", doc_id)
        for doc in new:
            writer.add_document(**_fields(doc, stats_of(doc)))
        writer.commit()
    return {"added": len(new), "deleted": len(stale), "reused": len(wanted) - len(new)}


def _fields(doc: SearchDoc, stats: DocStats) -> dict:
    ancestors = doc.category.split("/") if doc.category else []
    cats = ["/".join(ancestors[:i]) for i in range(1, len(ancestors) + 1)]
    return dict(
        id=doc.id,
        fp=doc.fingerprint,
        url=doc.url,
        source=doc.source,
        lang=doc.lang,
        title=doc.title,
        title_terms=" ".join(sorted(stats.title)).encode("utf-8"),
        category=doc.category,
        categories=",".join(cats),
        category_title=doc.category_title,
        summary=doc.summary,
        text=doc.text,
        terms={t: tf2 / 2 for t, tf2 in stats.weights.items()},
        length=stats.length,
        order=doc.order.encode("utf-8"),
    )


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
