"""Tell a typo from a different name: edit distance, and how many edits a name of a length allows.

`difflib` ranks by similarity ratio, not by edits, so it cannot say "within two edits";
this is the optimal string alignment distance (Damerau-Levenshtein where no substring is
edited twice): insert, delete, substitute, or swap two neighbours, one edit each.
"""

from __future__ import annotations

from collections.abc import Iterable


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`."""
    before: list[int] = []  # the row before `previous`, for swaps
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def allowed_edits(length: int) -> int:
    """Edits a name of `length` characters may be off by and still be a typo: 0 up to 2 characters
    (two edits turn a 2-letter name into any other), 1 up to 5, 2 beyond (as Elasticsearch's
    `fuzziness: AUTO`)."""
    return 0 if length <= 2 else 1 if length <= 5 else 2


def typo_of(name: str, known: Iterable[str]) -> str | None:
    """The known name that `name` is most likely a typo of, or None.

    Letter case does not count as an edit (`Store` is a typo of `store`); the shorter of the
    two names sets how many edits are allowed; ties go to the name first in sorted order.
    """
    best: tuple[int, str] | None = None
    for candidate in sorted(set(known)):
        if candidate == name:
            continue
        distance = edit_distance(name.casefold(), candidate.casefold())
        allowed = allowed_edits(min(len(name), len(candidate)))
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None
