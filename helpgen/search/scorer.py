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
from typing import Iterator

from helpgen.search import ranking
from helpgen.search.static import MAX_POSTINGS

FIELD = "terms"
CACHE_TERMS = 50_000
"""Terms whose impacts are kept; past this the cache starts again (queries repeat words)."""
MAX_SCORED = MAX_POSTINGS
"""A term in more documents than this is scored in its best MAX_SCORED only (impact-ordered
truncation, as many as the static index keeps): a word in most articles says little about any one of
them, and a query then costs at most this many additions per word."""


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
        self._impacts: dict[str, tuple[list[int], list[float], int]] = {}

    @cached_property
    def live(self) -> list[int]:
        return list(self.reader.all_doc_ids())

    @cached_property
    def _stats(self) -> tuple[int, float, dict[int, int]]:
        column = self.reader.column_reader("length")
        lengths = {d: column[d] for d in self.live}
        n = len(lengths)
        return n, (sum(lengths.values()) / n if n else 1.0) or 1.0, lengths

    @cached_property
    def place(self) -> dict[int, int]:
        """Each document's place in the site's order (`SearchDoc.order`): what breaks ties. Not
        the document number, which depends on which documents a rebuild re-indexed."""
        column = self.reader.column_reader("order")
        return {d: i for i, d in enumerate(sorted(self.live, key=lambda d: column[d]))}

    @cached_property
    def titles(self) -> dict[int, frozenset[str]]:
        column = self.reader.column_reader("title_terms")
        out = {}
        for d in self.live:
            value = column[d]
            out[d] = frozenset((value.decode("utf-8") if isinstance(value, bytes) else value).split())
        return out

    def doc_frequency(self, term: str) -> int:
        return self.impacts(term)[2]

    def impacts(self, term: str) -> tuple[list[int], list[float], int]:
        """(documents, BM25 impact in each, document frequency) of `term`: its best MAX_SCORED
        documents; empty lists and 0 for an unknown term."""
        found = self._impacts.get(term)
        if found is None:
            found = self._read(term)
            if len(self._impacts) >= CACHE_TERMS:
                self._impacts.clear()
            self._impacts[term] = found
        return found

    def _read(self, term: str) -> tuple[list[int], list[float], int]:
        n, avg, lengths = self._stats
        try:
            matcher = self.reader.postings(FIELD, term)
        except Exception:  # whoosh raises TermNotFound (and kin) for an unknown term
            return [], [], 0
        postings = list(_weights(matcher, lengths))
        df = len(postings)
        if not df:
            return [], [], 0
        idf = ranking.idf(n, df)
        scored = [(d, ranking.bm25(idf, w, lengths[d], avg)) for d, w in postings]
        if df > MAX_SCORED:
            scored = self.best(scored, MAX_SCORED)
        return [d for d, _ in scored], [v for _, v in scored], df

    def best(self, scored: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """The `k` best (document, score) pairs, best first; ties in the site's order (`place`).
        The k-th best score is found on the scores alone, so only the few pairs at or above
        it are sorted with their place."""
        place = self.place
        if len(scored) > k:
            kth = heapq.nlargest(k, [v for _, v in scored])[-1]
            above = [p for p in scored if p[1] > kth]
            # of the documents tied at the k-th score, those first in the site's order
            tied = heapq.nsmallest(k - len(above), (d for d, v in scored if v == kth), key=place.__getitem__)
            scored = above + [(d, kth) for d in tied]
        scored.sort(key=lambda p: (-p[1], place[p[0]]))
        return scored

    @cached_property
    def title_index(self) -> dict[str, frozenset[int]]:
        """term → documents with the term in their title."""
        index: dict[str, set[int]] = {}
        for d, terms in self.titles.items():
            for t in terms:
                index.setdefault(t, set()).add(d)
        return {t: frozenset(ds) for t, ds in index.items()}

    def rank(self, clauses: list[Clause], limit: int, allowed: frozenset[int] | None = None) -> list[tuple[int, float]]:
        """The best `limit` (document, final score) pairs, best first (ties: the site's order, `place`).

        The score is `ranking.final_score(base, cover, title_cover)`, written out inline: this
        loop runs for every document a query touches."""
        base: dict[int, float] = {}
        cover: dict[int, float] = {}
        titled: dict[int, float] = {}
        total = sum(c.weight for c in clauses if not c.pair) or 1.0
        title_index = self.title_index
        bget, cget = base.get, cover.get
        for clause in clauses:
            best = self._best(clause)
            w = clause.weight
            if clause.pair:  # pairs add to the score, not to how much of the query a document covers
                for d, v in best.items():
                    base[d] = bget(d, 0.0) + v * w
                continue
            for d, v in best.items():
                base[d] = bget(d, 0.0) + v * w
                cover[d] = cget(d, 0.0) + w
            in_title = set().union(*(title_index.get(a.term, ()) for a in clause.alternatives))
            get = titled.get
            for d in in_title.intersection(best):
                titled[d] = get(d, 0.0) + w
        if allowed is not None:
            base = {d: v for d, v in base.items() if d in allowed}
        power, bonus, inv = ranking.COVERAGE_POWER, ranking.TITLE_BONUS, 1.0 / total
        cget, tget = cover.get, titled.get
        return self.best([(d, v * (cget(d, 0.0) * inv) ** power * (1 + bonus * tget(d, 0.0) * inv))
                          for d, v in base.items()], limit)

    def _best(self, clause: Clause) -> dict[int, float]:
        alts = clause.alternatives
        if len(alts) == 1 and alts[0].factor == 1:
            docs, values, _ = self.impacts(alts[0].term)
            return dict(zip(docs, values))
        best: dict[int, float] = {}
        for alt in alts:
            docs, values, _ = self.impacts(alt.term)
            f = alt.factor
            for d, v in zip(docs, values):
                v *= f
                if v > best.get(d, 0.0):
                    best[d] = v
        return best


def _weights(matcher, live) -> "Iterator[tuple[int, float]]":
    """(document, weight) of each posting in `live`. The weight is the sum of the field boosts
    the index stored (`matcher.weight()`); `items_as("weight")` would decode the posting's
    value instead, which for Whoosh's Frequency format is the bare count: every field alike."""
    while matcher.is_active():
        doc = matcher.id()
        if doc in live:
            yield doc, matcher.weight()
        matcher.next()
