"""Lexical and semantic rankings fused into one, for `SearchIndex.search`.

The lexical ranking (`scorer.Scorer`) is precise when the customer uses the article's
words; the vectors (`vectors`, `semantic`) find articles that say the same in other words.
Each candidate's score is a blend of the two, each scaled to the candidates of this query:
the lexical score divided by the best one, the similarity min-max scaled. An article only
the vectors found must be similar enough to the question, so that a query of unknown words
still finds nothing (the audit's zero-result searches stay meaningful).

Measured with bench/search_quality.py on the shared corpus: MRR@10 0.822 lexical alone,
0.887 fused; 0.854 to 0.887 for SEMANTIC_WEIGHT from 0.4 to 0.6; the same within 0.003
for 20 to 50 lexical and 10 to 20 semantic candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

from helpgen.search import semantic
from helpgen.search.vectors import Vectors

SEMANTIC_WEIGHT = 0.5
LEXICAL_CANDIDATES = 20
SEMANTIC_CANDIDATES = 20
MIN_SIMILARITY = 0.35
"""Cosine similarity an article needs to be a candidate on its vector alone."""

Ranked = list[tuple[int, float]]


class Hybrid:
    """The vectors of one opened index, each row tied to its Whoosh document number."""

    def __init__(
        self, vectors: Vectors, docnum_of_order: dict[str, int], encoder: semantic.Encoder
    ):
        import numpy as np

        rows = [
            (row, docnum_of_order[o])
            for row, o in enumerate(vectors.orders)
            if o in docnum_of_order
        ]
        self._matrix = vectors.matrix[[row for row, _ in rows]] if rows else vectors.matrix[:0]
        self._docnums = np.array([d for _, d in rows], dtype=np.int64)
        self._row_of = {d: i for i, (_, d) in enumerate(rows)}
        self._encoder = encoder

    def fuse(
        self,
        query: str,
        lexical: Ranked,
        limit: int,
        allowed: frozenset[int] | None,
        best: Callable[[Ranked, int], Ranked],
    ) -> Ranked:
        """The best `limit` of `lexical` (LEXICAL_CANDIDATES of them, best first) and of the
        documents most similar to `query`, by their blended score; `best` breaks ties."""
        import numpy as np

        if not len(self._docnums):
            return lexical[:limit]
        # einsum, not `@`: BLAS would spread this product over every core, and a server's
        # workers, each answering a query, then wait for each other (half the throughput)
        similarity = np.einsum("ij,j->i", self._matrix, self._encoder.query(query))
        candidates = {
            d: float(similarity[self._row_of[d]]) for d, _ in lexical if d in self._row_of
        }
        for doc, value in self._most_similar(similarity, allowed):
            candidates.setdefault(doc, value)
        if not candidates:
            return lexical[:limit]
        low, high = min(candidates.values()), max(candidates.values())
        span = (high - low) or 1.0
        lexical_scores = dict(lexical)
        top = max(lexical_scores.values(), default=0.0) or 1.0
        blended = {
            d: (1 - SEMANTIC_WEIGHT) * lexical_scores.get(d, 0.0) / top
            + SEMANTIC_WEIGHT * (candidates.get(d, low) - low) / span
            for d in {*lexical_scores, *candidates}
        }
        return best(list(blended.items()), limit)

    def _most_similar(self, similarity, allowed: frozenset[int] | None) -> list[tuple[int, float]]:
        """The SEMANTIC_CANDIDATES documents most similar to the question (of MIN_SIMILARITY or
        more) that `allowed` keeps. Only the head of the ranking is sorted, unless a filter
        leaves too few there."""
        import numpy as np

        found: list[tuple[int, float]] = []
        head = min(len(similarity), SEMANTIC_CANDIDATES * 4)
        rows = np.argpartition(-similarity, head - 1)[:head]

        def rest():  # sorted only when a filter leaves too few in the head
            yield from np.argsort(-similarity)[head:]

        for row in chain(rows[np.argsort(-similarity[rows])], rest()):
            value = float(similarity[row])
            if value < MIN_SIMILARITY or len(found) == SEMANTIC_CANDIDATES:
                break
            doc = int(self._docnums[row])
            if allowed is None or doc in allowed:
                found.append((doc, value))
        return found
