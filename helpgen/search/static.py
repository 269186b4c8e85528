"""The static browser index: a manifest, term shards and document chunks under
`_helpgen/search/`, read by `themes/default/static/search.js` with no server.

Scores are computed here, at build time, with `helpgen.search.ranking`: a shard maps
each term to its postings `[doc gap, impact × 2 + in_title, …]`, impact being the
term's BM25 score in that document quantised to 1..255. The browser only adds them up.

Size: a query fetches the manifest, the shard of each of its words and the chunks
holding the documents it shows. Shards are cut by term prefix (`p`, then `pa`, `pas`…)
until each is at most SHARD_BYTES; a term keeps only its MAX_POSTINGS best documents.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter, defaultdict

from helpgen.search import ranking
from helpgen.search.analysis import Analyzer, pairs
from helpgen.search.documents import FIELD_WEIGHTS, SearchDoc

PREFIX = "_helpgen/search/"
MANIFEST = PREFIX + "manifest.json"
FORMAT = 1
SHARD_BYTES = 12_000
"""Target size of a shard, gzipped."""
MAX_DEPTH = 5
MAX_POSTINGS = 600
CHUNK_DOCS = 40
"""Documents per chunk of titles and summaries."""
SUMMARY_CHARS = 180
LEVELS = 255


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def gz_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), 6, mtime=0))


def export(docs: list[tuple[SearchDoc, dict[str, str]]], analyzer: Analyzer, base: str) -> dict[str, str]:
    """Every file of the static index, by site path."""
    postings = _postings(docs)
    files: dict[str, str] = {}
    shards = []
    for key, terms in _cut(postings):
        text = dumps({t: postings[t] for t in terms})
        files[_name("t", text)] = text
        shards.append([key, _name("t", text)[len(PREFIX):], gz_size(text)])
    chunks = []
    for start in range(0, len(docs), CHUNK_DOCS):
        rows = [[d.title, d.url[len(base):], d.category_title, _cut_text(d.summary)] for d, _ in docs[start:start + CHUNK_DOCS]]
        text = dumps(rows)
        files[_name("d", text)] = text
        chunks.append(_name("d", text)[len(PREFIX):])
    manifest = {"format": FORMAT, "docs": len(docs), "chunk": CHUNK_DOCS, "chunks": chunks, "shards": shards,
                "levels": LEVELS, "analysis": analyzer.browser_tables(),
                "rank": {"coverage_power": ranking.COVERAGE_POWER, "title_bonus": ranking.TITLE_BONUS}}
    files[MANIFEST] = dumps(manifest)
    return files


def _postings(docs: list[tuple[SearchDoc, dict[str, str]]]) -> dict[str, list[int]]:
    """term → [doc gap, impact × 2 + in_title, …] in document order, best MAX_POSTINGS docs."""
    weights: list[dict[str, float]] = []
    norms: list[float] = []
    titles: list[set[str]] = []
    df: Counter = Counter()
    for _, analysed in docs:
        w: dict[str, float] = {}
        length = 0
        for name, fw in FIELD_WEIGHTS.items():
            terms = analysed.get(name, "").split()
            length += 2 * len(terms) - 1 if terms else 0  # terms and pairs, as whoosh_index.weighted_length
            counts = Counter(terms)
            counts.update(pairs(terms))
            for t, k in counts.items():
                w[t] = w.get(t, 0.0) + k * fw
        weights.append(w)
        norms.append(length)
        titles.append(set(analysed.get("title", "").split()))  # pairs never count for the title
        df.update(w.keys())
    n = len(docs)
    avg = (sum(norms) / n) if n else 1.0
    k1, b = ranking.K1, ranking.B
    norms = [k1 * (1 - b + b * length / (avg or 1.0)) for length in norms]  # ranking.bm25, its doc part
    idf = {t: ranking.idf(n, f) * (k1 + 1) for t, f in df.items()}
    scored: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, w in enumerate(weights):
        norm = norms[i]
        for t, tf in w.items():
            scored[t].append((i, idf[t] * tf / (tf + norm)))
    top = max((sc for plist in scored.values() for _, sc in plist), default=0.0) or 1.0
    scale = LEVELS / top
    out: dict[str, list[int]] = {}
    for t in sorted(scored):
        plist = scored[t]  # in document order already
        if len(plist) > MAX_POSTINGS:
            plist = sorted(sorted(plist, key=lambda p: (-p[1], p[0]))[:MAX_POSTINGS])
        flat, prev = [], 0
        in_title = [i for i, _ in plist if t in titles[i]]
        marked = set(in_title) if in_title else ()
        for i, sc in plist:
            flat += [i - prev, max(1, round(sc * scale)) * 2 + (i in marked)]
            prev = i
        out[t] = flat
    return out


def _cut(postings: dict[str, list[int]]) -> list[tuple[str, list[str]]]:
    """Group the sorted terms into shards keyed by prefix; a term goes to the longest key that prefixes it."""
    sizes = {t: len(t) + 4 + len(p) * 2 for t, p in postings.items()}  # rough gzipped bytes
    out: list[tuple[str, list[str]]] = []

    def split(key: str, terms: list[str]) -> None:
        if sum(sizes[t] for t in terms) <= SHARD_BYTES or len(key) >= MAX_DEPTH:
            out.append((key, terms))
            return
        groups: dict[str, list[str]] = defaultdict(list)
        for t in terms:
            groups[t[:len(key) + 1]].append(t)
        if key in groups:  # terms equal to the key itself stay under it
            out.append((key, groups.pop(key)))
        for sub in sorted(groups):
            split(sub, groups[sub])

    by_first: dict[str, list[str]] = defaultdict(list)
    for t in sorted(postings):
        by_first[t[0]].append(t)
    for first in sorted(by_first):
        split(first, by_first[first])
    return out


def _name(kind: str, text: str) -> str:
    return f"{PREFIX}{kind}.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.json"


def _cut_text(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + "…"
