"""Score documents for the query function: the BM25 impacts of `ranking`, added up in memory.

Whoosh holds the index (terms, postings, stored fields); this reads a term's postings
once, turns them into impacts (its BM25 score in each document, as `static.py` does for
the browser) and keeps them, so a query costs one pass over its terms' postings instead
of Whoosh's matcher tree. Both engines then rank with the same `ranking.final_score`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from functools import cached_property

from helpgen.search import ranking

FIELD = "terms"
CACHE_TERMS = 50_000
"""Terms whose impacts are kept; past this the cache starts again (queries repeat words)."""


@dataclass(frozen=True)
class Alternative:
    term: str
    factor: float
    """1 for the word itself; less for a completion or a correction."""


@dataclass(frozen=True)
class Clause:
    """One word of the query: its weight, and the terms that stand for it (the best one counts)."""

    weight: float
    alternatives: tuple[Alternative, ...]
    pair: bool = False


class Scorer:
    """Impacts of one opened index (one Whoosh reader)."""

    def __init__(self, reader):
        self.reader = reader
        self._impacts: dict[str, tuple[list[int], list[float]]] = {}

    @cached_property
    def live(self) -> list[int]:
        return list(self.reader.all_doc_ids())

    @cached_property
    def _stats(self) -> tuple[int, float, dict[int, int]]:
        lengths = {d: self.reader.doc_field_length(d, FIELD, 0) for d in self.live}
        n = len(lengths)
        return n, (sum(lengths.values()) / n if n else 1.0) or 1.0, lengths

    @cached_property
    def titles(self) -> dict[int, frozenset[str]]:
        column = self.reader.column_reader("title_terms")
        out = {}
        for d in self.live:
            value = column[d]
            out[d] = frozenset((value.decode("utf-8") if isinstance(value, bytes) else value).split())
        return out

    def doc_frequency(self, term: str) -> int:
        return len(self.impacts(term)[0])

    def impacts(self, term: str) -> tuple[list[int], list[float]]:
        """(documents, BM25 impact in each) of `term`; empty lists for an unknown term."""
        found = self._impacts.get(term)
        if found is None:
            found = self._read(term)
            if len(self._impacts) >= CACHE_TERMS:
                self._impacts.clear()
            self._impacts[term] = found
        return found

    def _read(self, term: str) -> tuple[list[int], list[float]]:
        n, avg, lengths = self._stats
        try:
            matcher = self.reader.postings(FIELD, term)
        except Exception:  # whoosh raises TermNotFound (and kin) for an unknown term
            return [], []
        pairs = [(d, w) for d, w in matcher.items_as("weight") if d in lengths]
        if not pairs:
            return [], []
        idf = ranking.idf(n, len(pairs))
        return [d for d, _ in pairs], [ranking.bm25(idf, w, lengths[d], avg) for d, w in pairs]

    def rank(self, clauses: list[Clause], limit: int, allowed: frozenset[int] | None = None) -> list[tuple[int, float]]:
        """The best `limit` (document, final score) pairs, best first (ties: lower document first)."""
        base: dict[int, float] = {}
        cover: dict[int, float] = {}
        titled: dict[int, float] = {}
        total = sum(c.weight for c in clauses if not c.pair) or 1.0
        titles = self.titles
        for clause in clauses:
            best = self._best(clause)
            w = clause.weight
            for d, v in best.items():
                base[d] = base.get(d, 0.0) + v * w
            if clause.pair:
                continue  # pairs add to the score, not to how much of the query a document covers
            names = {a.term for a in clause.alternatives}
            for d in best:
                cover[d] = cover.get(d, 0.0) + w
                if not titles[d].isdisjoint(names):
                    titled[d] = titled.get(d, 0.0) + w
        if allowed is not None:
            base = {d: v for d, v in base.items() if d in allowed}
        final = ranking.final_score
        scored = ((final(v, cover.get(d, 0.0) / total, titled.get(d, 0.0) / total), d) for d, v in base.items())
        return [(d, -neg) for neg, d in heapq.nsmallest(limit, ((-s, d) for s, d in scored))]

    def _best(self, clause: Clause) -> dict[int, float]:
        alts = clause.alternatives
        if len(alts) == 1 and alts[0].factor == 1:
            docs, values = self.impacts(alts[0].term)
            return dict(zip(docs, values))
        best: dict[int, float] = {}
        for alt in alts:
            docs, values = self.impacts(alt.term)
            f = alt.factor
            for d, v in zip(docs, values):
                v *= f
                if v > best.get(d, 0.0):
                    best[d] = v
        return best
