"""How a document's score is computed: one formula for the Whoosh engine and the browser's.

The base score is BM25 over one weighted field: every occurrence of a term counts with
the weight of the field it is in (FIELD_WEIGHTS), so a title word counts eight body
words; pairs of neighbouring terms (`event_webhook`) are terms too. `final_score` then
prefers documents that match more of the query, and those whose title holds the query's
words. `scorer.Scorer` (the query function) and `search.js` (the browser, constants from
the static index's manifest) both compute it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

Values = TypeVar("Values", float, "np.ndarray")
"""One posting's figures, or arrays of them (scorer.Scorer): the same operations either way."""

K1 = 2.0
B = 0.5
COVERAGE_POWER = 1.0
"""Score × (share of the query's weight matched) ** this: all words beat some words."""
TITLE_BONUS = 2.0
"""Score × (1 + this × share of the query's weight found in the title)."""


def idf(doc_count: int, doc_frequency: int) -> float:
    """Inverse document frequency, never negative (BM25's with +1 inside the log)."""
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


def bm25(idf_value: float, tf: Values, length: Values, avg_length: float) -> Values:
    return idf_value * (tf * (K1 + 1)) / (tf + K1 * (1 - B + B * length / avg_length))


def final_score(base: float, coverage: float, title_coverage: float) -> float:
    """The score a hit is ranked by; coverages are shares (0..1) of the query's weight."""
    return base * coverage**COVERAGE_POWER * (1 + TITLE_BONUS * title_coverage)
