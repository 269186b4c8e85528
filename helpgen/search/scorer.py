"""Score documents for the query function: the BM25 impacts of `ranking`, added up in memory.

Whoosh holds the index (terms, postings, stored fields); this reads a term's postings
once, turns them into impacts (its BM25 score in each document, as `static.py` does for
the browser) and keeps them as numpy arrays, so a query costs a few array operations over
its terms' postings instead of Whoosh's matcher tree or a Python loop per document (at
10,000 articles that loop was a third of a query's CPU). Both engines then rank with the
same `ranking.final_score`, operation for operation, so their scores are equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from helpgen.search import ranking
from helpgen.search.static import MAX_POSTINGS

FIELD = "terms"
CACHE_TERMS = 50_000
"""Terms whose impacts are kept; past this the cache starts again (queries repeat words)."""
MAX_SCORED = MAX_POSTINGS
"""A term in more documents than this is scored in its best MAX_SCORED only (impact-ordered
truncation, as many as the static index keeps): a word in most articles says little about any one of
them, and a query then costs at most this many additions per word."""
MAX_MASKS = 256
"""Filters (a language, a category) whose document masks are kept."""

Impacts = tuple[np.ndarray, np.ndarray, int]
"""(document numbers, BM25 impact in each, document frequency) of one term."""


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
        self._impacts: dict[str, Impacts] = {}
        self._masks: dict[frozenset[int], np.ndarray] = {}
        self._title_docs: dict[str, np.ndarray] = {}

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
    def _places(self) -> np.ndarray:
        """`place` as an array indexed by document number (deleted documents last)."""
        places = np.full(self._size, len(self.place), dtype=np.int64)
        for d, i in self.place.items():
            places[d] = i
        return places

    @cached_property
    def titles(self) -> dict[int, frozenset[str]]:
        column = self.reader.column_reader("title_terms")
        out = {}
        for d in self.live:
            value = column[d]
            out[d] = frozenset(
                (value.decode("utf-8") if isinstance(value, bytes) else value).split()
            )
        return out

    def load(self) -> None:
        """Read now the tables every query needs (document lengths, the site's order, title
        terms): about 0.1 s at 10,000 articles, which the first query would otherwise pay."""
        self._stats  # noqa: B018 (cached properties: reading them loads them)
        self._places  # noqa: B018
        self.title_index  # noqa: B018

    def doc_frequency(self, term: str) -> int:
        return self.impacts(term)[2]

    def impacts(self, term: str) -> Impacts:
        """(documents, BM25 impact in each, document frequency) of `term`: its best MAX_SCORED
        documents; empty arrays and 0 for an unknown term."""
        found = self._impacts.get(term)
        if found is None:
            found = self._read(term)
            if len(self._impacts) >= CACHE_TERMS:
                self._impacts.clear()
            self._impacts[term] = found
        return found

    def _read(self, term: str) -> Impacts:
        n, avg, lengths = self._stats
        try:
            matcher = self.reader.postings(FIELD, term)
        except Exception:  # whoosh raises TermNotFound (and kin) for an unknown term
            return _arrays([], [], 0)
        postings = list(_weights(matcher, lengths))
        df = len(postings)
        if not df:
            return _arrays([], [], 0)
        docs = np.fromiter((d for d, _ in postings), dtype=np.int64, count=df)
        weights = np.fromiter((w for _, w in postings), dtype=np.float64, count=df)
        # ranking.bm25 on arrays: the same operations in the same order as on one posting
        values = ranking.bm25(ranking.idf(n, df), weights, self._lengths[docs], avg)
        if df > MAX_SCORED:
            docs, values = self._top_arrays(docs, values, MAX_SCORED)
        return _arrays(docs, values, df)

    @cached_property
    def _lengths(self) -> np.ndarray:
        """Each document's length (`_stats`) as an array indexed by document number."""
        lengths = np.zeros(self._size)
        for d, length in self._stats[2].items():
            lengths[d] = length
        return lengths

    def best(self, scored: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """The `k` best (document, score) pairs, best first; ties in the site's order (`place`)."""
        docs = np.fromiter((d for d, _ in scored), dtype=np.int64, count=len(scored))
        scores = np.fromiter((v for _, v in scored), dtype=np.float64, count=len(scored))
        return self._top(docs, scores, k)

    @cached_property
    def title_index(self) -> dict[str, frozenset[int]]:
        """term → documents with the term in their title."""
        index: dict[str, set[int]] = {}
        for d, terms in self.titles.items():
            for t in terms:
                index.setdefault(t, set()).add(d)
        return {t: frozenset(ds) for t, ds in index.items()}

    def rank(
        self, clauses: list[Clause], limit: int, allowed: frozenset[int] | None = None
    ) -> list[tuple[int, float]]:
        """The best `limit` (document, final score) pairs, best first (ties: site order, `place`).

        The score is `ranking.final_score(base, cover, title_cover)`, written out on arrays
        over document numbers; each sum is made in the clauses' order, as the browser's loop
        makes it, so that the two engines' scores are equal to the last bit."""
        size = self._size
        base, cover, titled = np.zeros(size), np.zeros(size), np.zeros(size)
        touched = np.zeros(size, dtype=bool)
        for clause in clauses:
            docs, values = self._best(clause)
            w = clause.weight
            base[docs] += (
                values * w
            )  # a clause's documents are distinct: no index repeats in `docs`
            touched[docs] = True
            if (
                clause.pair
            ):  # pairs add to the score, not to how much of the query a document covers
                continue
            cover[docs] += w
            titled[docs[self._in_title(clause)[docs]]] += w
        if allowed is not None:
            touched &= self._mask(allowed)
        docs = np.flatnonzero(touched)
        inv = 1.0 / (sum(c.weight for c in clauses if not c.pair) or 1.0)
        scores = (
            base[docs]
            * (cover[docs] * inv) ** ranking.COVERAGE_POWER
            * (1 + ranking.TITLE_BONUS * titled[docs] * inv)
        )
        return self._top(docs, scores, limit)

    @cached_property
    def _size(self) -> int:
        """Document numbers run from 0 to this (deleted documents included)."""
        return self.reader.doc_count_all()

    def _best(self, clause: Clause) -> tuple[np.ndarray, np.ndarray]:
        """The clause's documents and the best impact of its alternatives in each (a
        completion's or a correction's counts for its factor)."""
        alts = clause.alternatives
        if len(alts) == 1 and alts[0].factor == 1:
            docs, values, _ = self.impacts(alts[0].term)
            return docs, values
        best = np.zeros(self._size)
        for alt in alts:
            docs, values, _ = self.impacts(alt.term)
            best[docs] = np.maximum(best[docs], values * alt.factor)
        docs = np.flatnonzero(best > 0)  # an alternative's impact counts only where it is some
        return docs, best[docs]

    def _in_title(self, clause: Clause) -> np.ndarray:
        """A boolean array over documents: True where one of the clause's terms is in the title."""
        mask = np.zeros(self._size, dtype=bool)
        for alt in clause.alternatives:
            mask[self._title_array(alt.term)] = True
        return mask

    def _title_array(self, term: str) -> np.ndarray:
        found = self._title_docs.get(term)
        if found is None:
            found = np.fromiter(self.title_index.get(term, ()), dtype=np.int64)
            if len(self._title_docs) >= CACHE_TERMS:
                self._title_docs.clear()
            self._title_docs[term] = found
        return found

    def _mask(self, allowed: frozenset[int]) -> np.ndarray:
        """A boolean array over document numbers: True for those `allowed` keeps."""
        mask = self._masks.get(allowed)
        if mask is None:
            mask = np.zeros(self._size, dtype=bool)
            mask[np.fromiter(allowed, dtype=np.int64, count=len(allowed))] = True
            if len(self._masks) >= MAX_MASKS:
                self._masks.clear()
            self._masks[allowed] = mask
        return mask

    def _top(self, docs: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
        """`best` on arrays: `k` best (document, score) pairs, best first, ties in site order."""
        docs, scores = self._top_arrays(docs, scores, k)
        return [(int(d), float(v)) for d, v in zip(docs, scores, strict=True)]

    def _top_arrays(
        self, docs: np.ndarray, scores: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The `k` best documents and their scores, best first, ties in the site's order. The
        k-th best score is found on the scores alone (a partition), so only the few documents
        at or above it are sorted with their place."""
        places = self._places
        if len(docs) > k:
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            above = scores > kth
            tied = docs[scores == kth]
            tied = tied[np.argsort(places[tied], kind="stable")[: k - int(above.sum())]]
            docs = np.concatenate([docs[above], tied])
            scores = np.concatenate([scores[above], np.full(len(tied), kth)])
        order = np.lexsort((places[docs], -scores))
        return docs[order], scores[order]


def _arrays(docs, values, df: int) -> Impacts:
    """Impacts as read-only arrays (shared by every query through the cache)."""
    docs = np.asarray(docs, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    docs.setflags(write=False)
    values.setflags(write=False)
    return docs, values, df


def _weights(matcher, live) -> Iterator[tuple[int, float]]:
    """(document, weight) of each posting in `live`. The weight is the sum of the field boosts
    the index stored (`matcher.weight()`); `items_as("weight")` would decode the posting's
    value instead, which for Whoosh's Frequency format is the bare count: every field alike."""
    while matcher.is_active():
        doc = matcher.id()
        if doc in live:
            yield doc, matcher.weight()
        matcher.next()
