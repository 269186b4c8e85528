"""Snippets: the passage of an article that best matches a query, HTML-escaped, with
`<mark>` around the matched words. The only markup in a snippet is `<mark>…</mark>`.
"""

from __future__ import annotations

import re
from html import escape

from helpgen.search.analysis import WORD_RE, Analyzer, Word, fold

WIDTH = 180
"""Characters of text in a snippet, about two lines."""
MAX_HITS = 300
"""Matched words looked at per article: enough to find a good passage in a long one."""


def snippet(
    analyzer: Analyzer,
    text: str,
    terms: set[str],
    prefixes: tuple[str, ...] = (),
    fallback: str = "",
) -> str:
    """`text`'s best window for `terms` (and words that `prefixes` begin), or `fallback`'s start."""
    hits = _hits(analyzer, text, terms, prefixes)
    if not hits:
        return (
            highlight(analyzer, fallback[: WIDTH * 2], terms, prefixes, WIDTH)
            if fallback
            else escape(_clip(text, 0, WIDTH), quote=False)
        )
    start = _sentence_start(text, _best_window(analyzer, hits).start)
    return _render(text, hits, start, start + WIDTH)


def _best_window(analyzer: Analyzer, hits: list[Word]) -> Word:
    """The hit starting the WIDTH-long window with most distinct matched terms, then most hits."""
    stems = [analyzer.stem(w.folded) for w in hits]
    counts: dict[str, int] = {}
    best, best_key, j = hits[0], (-1, 0), 0
    for i, h in enumerate(hits):  # a sliding window: j is the first hit past the window of hit i
        while j < len(hits) and hits[j].end <= h.start + WIDTH:
            counts[stems[j]] = counts.get(stems[j], 0) + 1
            j += 1
        key = (len(counts), j - i)
        if key > best_key:
            best, best_key = h, key
        counts[stems[i]] -= 1
        if not counts[stems[i]]:
            del counts[stems[i]]
    return best


def highlight(
    analyzer: Analyzer,
    text: str,
    terms: set[str],
    prefixes: tuple[str, ...] = (),
    width: int = WIDTH,
) -> str:
    """`text` (cut to `width`) escaped, with matched words marked."""
    return _render(text, _hits(analyzer, text, terms, prefixes), 0, width)


def _hits(analyzer: Analyzer, text: str, terms: set[str], prefixes: tuple[str, ...]) -> list[Word]:
    """The words of `text` that match. A cheap regex finds the words that may (a stem's
    first letters start its word), and only those go through the chain."""
    heads = {t if len(t) <= 2 else t[: min(3, len(t) - 1)] for t in terms} | {
        p[:3] for p in prefixes
    }
    heads.discard("")
    if not heads:
        return []
    alternatives = "(?:" + "|".join(sorted(map(re.escape, heads))) + ")"
    lowered = text.lower()
    if len(lowered) == len(text):  # the same offsets: a case-sensitive scan, three times as fast
        starts = (m.start() for m in re.finditer(alternatives, lowered))
    else:  # a letter whose lower case is longer ("İ"): offsets would shift
        starts = (m.start() for m in re.finditer(alternatives, text, re.IGNORECASE))
    found: list[Word] = []
    end = -1
    seen: dict[str, str | None] = {}  # a word as written → its folded form if it matches, else None
    for start in starts:
        if len(found) >= MAX_HITS:
            break
        # a word's start: after no letter or digit (an underscore separates words, as in WORD_RE)
        if start < end or (start and text[start - 1].isalnum()):
            continue
        w = WORD_RE.match(text, start)
        if w is None:
            continue
        end = w.end()
        written = w.group()
        if written not in seen:
            folded = fold(written)
            seen[written] = folded if _matches(analyzer, folded, terms, prefixes) else None
        match = seen[written]
        if match is not None:
            found.append(Word(start, end, match))
    return found


def _matches(analyzer: Analyzer, folded: str, terms: set[str], prefixes: tuple[str, ...]) -> bool:
    if folded in analyzer.stops:
        return False
    return analyzer.stem(folded) in terms or (bool(prefixes) and folded.startswith(prefixes))


def _sentence_start(text: str, pos: int) -> int:
    """Start a little before the first hit, at a sentence or word boundary."""
    lo = max(0, pos - 40)
    for mark in (". ", "\n"):
        cut = text.rfind(mark, lo, pos)
        if cut != -1:
            return cut + len(mark)
    if lo == 0:
        return 0
    space = text.find(" ", lo, pos)
    return space + 1 if space != -1 else pos


def _render(text: str, hits: list[Word], start: int, end: int) -> str:
    end = min(len(text), end)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    out, pos = [], start
    for w in hits:
        if w.start < start or w.end > end:
            continue
        out.append(escape(text[pos : w.start], quote=False))
        out.append("<mark>" + escape(text[w.start : w.end], quote=False) + "</mark>")
        pos = w.end
    out.append(escape(text[pos:end], quote=False))
    body = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def _clip(text: str, start: int, width: int) -> str:
    piece = text[start : start + width]
    return " ".join(piece.split()) + (" …" if len(text) > start + width else "")
