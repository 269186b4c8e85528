"""The static browser index: a manifest, term shards and document chunks under
`_helpgen/search/`, read by `themes/default/static/search.js` with no server.

A shard maps each term to `[df, doc gap, tf × 2 × 2 + in_title, …]`: raw weighted term
frequencies (field weights are multiples of ½, so tf × 2 is a whole number), and the
manifest holds every document's length and the collection's size. The browser computes
BM25 from them with `helpgen.search.ranking`'s constants, as the Whoosh engine does.

Nothing in a shard depends on any document but those holding its terms, so a rebuild
after an edit rewrites only the shards of the terms that changed, the chunk of the
document and the manifest (`StaticIndex` keeps what it needs between builds).

Size: a query fetches the manifest, the shard of each of its words and the chunks
holding the documents it shows. Shards are cut by term prefix (`p`, then `pa`, `pas`…)
until each is at most SHARD_BYTES; a term keeps only its MAX_POSTINGS best documents.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from helpgen.search import ranking
from helpgen.search.analysis import Analyzer, pairs
from helpgen.search.documents import FIELD_WEIGHTS, SearchDoc
from helpgen.search.vocabulary import BROWSER_STEMMERS, browser_vocabulary

PREFIX = "_helpgen/search/"
MANIFEST = PREFIX + "manifest.json"
FORMAT = 2
SHARD_BYTES = 12_000
"""Target size of a shard, gzipped."""
MAX_DEPTH = 8
"""The longest shard key; search.js looks keys up to this length (`shardFor`)."""
MAX_POSTINGS = 600
REFERENCE_LENGTH = 400
"""The document length at which a truncated term's best documents are chosen (a constant, so
that the choice depends on those documents alone)."""
CHUNK_DOCS = 40
"""Documents per chunk of titles and summaries."""
SUMMARY_CHARS = 180


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def gz_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), 6, mtime=0))


@dataclass(frozen=True)
class DocStats:
    """What the static index needs of one analysed document; cached with its analysis."""

    weights: dict[str, int]
    """term → its occurrences weighted by field, × 2 (a whole number)."""
    length: int
    """Terms and pairs in all fields: BM25's document length (the Whoosh index's `length` too)."""
    title: frozenset[str]


def doc_stats(analysed: dict[str, list[str]]) -> DocStats:
    """One document's weighted term frequencies, length and title terms, from each field's terms."""
    weights: dict[str, int] = {}
    length = 0
    for name, field_weight in FIELD_WEIGHTS.items():
        terms = analysed.get(name, [])
        length += 2 * len(terms) - 1 if terms else 0
        twice = int(field_weight * 2)
        for t in terms + pairs(terms):
            weights[t] = weights.get(t, 0) + twice
    return DocStats(
        weights, length, frozenset(analysed.get("title", []))
    )  # pairs never count for the title


@dataclass
class Shard:
    key: str
    terms: tuple[str, ...]
    name: str
    text: str
    gz: int
    data: dict | None = None
    """The text, parsed (when a later build needed it); not kept."""

    def __getstate__(self):
        return {**self.__dict__, "data": None}


@dataclass
class StaticIndex:
    """The static index of a build, and what the next build needs to rewrite only what changed.

    It keeps each document's stats, every term's document frequency and the shards written
    (their texts hold the postings): an edit changes the postings of the edited document's
    terms alone, read back from their shards and patched.
    """

    fingerprints: list[str] = field(default_factory=list)
    stats: list[DocStats] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)
    letters: dict[str, list[str]] = field(default_factory=dict)
    """First letter → its terms, sorted."""
    cuts: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    """First letter → its shards' keys and terms."""
    shards: dict[str, Shard] = field(default_factory=dict)
    changed: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """This build's postings (doc, value) of the terms it changed; not kept."""
    recut: set[str] = field(default_factory=set)
    """First letters whose shards must be cut again; not kept."""

    def __getstate__(self):
        return {**self.__dict__, "changed": {}, "recut": set()}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.changed, self.recut = {}, set()

    def update(self, fingerprints: list[str], stats: list[DocStats]) -> None:
        """Take in this build's documents, in order."""
        self.changed, self.recut = {}, set()
        same_docs = len(fingerprints) == len(self.fingerprints) and self.shards
        edited = [
            i for i, fp in enumerate(fingerprints) if same_docs and fp != self.fingerprints[i]
        ]
        if not same_docs or len(edited) * 4 > len(fingerprints):
            self.fingerprints, self.stats = list(fingerprints), list(stats)
            self.changed = _all_postings(stats)
            self.df = {t: len(p) for t, p in self.changed.items()}
            self.letters, self.cuts, self.shards = {}, {}, {}
            for t in sorted(self.changed):
                self.letters.setdefault(t[0], []).append(t)
            self.recut = set(self.letters)
            return
        for i in edited:
            self._replace(i, stats[i])
            self.fingerprints[i], self.stats[i] = fingerprints[i], stats[i]

    def _replace(self, doc: int, new: DocStats) -> None:
        old = self.stats[doc]
        for t in set(old.weights) | set(new.weights):
            plist = self._postings(t)
            if t in old.weights:
                del plist[bisect.bisect_left(plist, (doc, -1))]
            if t in new.weights:
                bisect.insort(plist, (doc, _value(new.weights[t], t in new.title)))
            if len(plist) != self.df.get(t, 0):
                self.recut.add(t[0])
                self._count(t, len(plist))

    def _postings(self, term: str) -> list[tuple[int, int]]:
        """The term's postings as this build has them so far (read back from its shard)."""
        plist = self.changed.get(term)
        if plist is None:
            flat = self._flat_written(term) if term in self.df else [0]
            if flat[0] * 2 == len(flat) - 1:  # complete: not truncated
                plist, doc = [], 0
                for k in range(1, len(flat), 2):
                    doc += flat[k]
                    plist.append((doc, flat[k + 1]))
            else:
                plist = [
                    (i, _value(s.weights[term], term in s.title))
                    for i, s in enumerate(self.stats)
                    if term in s.weights
                ]
            self.changed[term] = plist
        return plist

    def _count(self, term: str, df: int) -> None:
        terms = self.letters.setdefault(term[0], [])
        if not df:
            del self.df[term]
            terms.remove(term)
        elif term not in self.df:
            self.df[term] = df
            bisect.insort(terms, term)
        else:
            self.df[term] = df

    def _flat_written(self, term: str) -> list[int]:
        """The term's postings in the shard the last build wrote (self.shards, until replaced)."""
        shard = next(
            self.shards[term[:n]]
            for n in range(min(len(term), MAX_DEPTH), 0, -1)
            if term[:n] in self.shards
        )
        if shard.data is None:
            shard.data = json.loads(shard.text)
        return shard.data[term]

    def shard_files(self) -> list[Shard]:
        """Every shard, re-cut and re-written only where this build's changed terms live."""
        for letter in self.recut:
            listed = self.letters.get(letter)
            if listed:
                self.cuts[letter] = _cut(letter, listed, self.df)
            else:
                self.cuts.pop(letter, None)
        shards: dict[str, Shard] = {}
        for letter in sorted(self.cuts):
            for key, terms in self.cuts[letter]:
                old = self.shards.get(key)
                if old is None or old.terms != terms or any(t in self.changed for t in terms):
                    text = dumps({t: self._flat(t) for t in terms})
                    old = Shard(key, terms, _name("t", text), text, gz_size(text))
                shards[key] = old
        self.shards = shards
        return list(shards.values())

    def _flat(self, term: str) -> list[int]:
        plist = self.changed.get(term)
        return _flat(plist, self.stats) if plist is not None else self._flat_written(term)


def _value(tf: int, in_title: bool) -> int:
    return tf * 2 + in_title


def _all_postings(stats: list[DocStats]) -> dict[str, list[tuple[int, int]]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, s in enumerate(stats):
        title = s.title
        for t, tf in s.weights.items():
            postings[t].append((i, tf * 2 + (t in title)))
    return dict(postings)


def _flat(plist: list[tuple[int, int]], stats: list[DocStats]) -> list[int]:
    """`[df, doc gap, value, …]`, keeping the MAX_POSTINGS documents where the term weighs most."""
    if len(plist) > MAX_POSTINGS:

        def weight(p):
            tf = p[1] >> 1
            return -ranking.bm25(1.0, tf, stats[p[0]].length, REFERENCE_LENGTH), p[0]

        plist = sorted(sorted(plist, key=weight)[:MAX_POSTINGS])
    flat, prev = [len(plist)], 0
    for doc, value in plist:
        flat += (doc - prev, value)
        prev = doc
    return flat


def _cut(letter: str, terms: list[str], df: dict[str, int]) -> list[tuple[str, tuple[str, ...]]]:
    """Shard sorted terms by prefix key; a term joins the longest key it begins with."""
    sizes = {t: len(t) + 4 + min(df[t], MAX_POSTINGS) * 4 for t in terms}  # rough gzipped bytes
    out: list[tuple[str, tuple[str, ...]]] = []

    def split(key: str, group: list[str]) -> None:
        if sum(sizes[t] for t in group) <= SHARD_BYTES or len(key) >= MAX_DEPTH:
            out.append((key, tuple(group)))
            return
        groups: dict[str, list[str]] = defaultdict(list)
        for t in group:
            groups[t[: len(key) + 1]].append(t)
        if key in groups:  # terms equal to the key itself stay under it
            out.append((key, tuple(groups.pop(key))))
        for sub in sorted(groups):
            split(sub, groups[sub])

    split(letter, terms)
    return out


def export(
    index: StaticIndex,
    docs: list[SearchDoc],
    analyzer: Analyzer,
    base: str,
    others: dict[str, Analyzer] | None = None,
) -> dict[str, str]:
    """Every file of the static index, by site path (shards from `index`, after its `update`).

    `others`: the analyzers of the site's other languages. Their documents share the shards;
    the manifest then says each document's language (`doc_langs`, an index into `langs`) and
    how to analyse a query in each language (`languages`), so that a page searches its own."""
    files: dict[str, str] = {}
    shards = index.shard_files()
    for s in shards:
        files[PREFIX + s.name] = s.text
    chunks = []
    for start in range(0, len(docs), CHUNK_DOCS):
        rows = [
            [d.title, d.url[len(base) :], d.category_title, _cut_text(d.summary)]
            for d in docs[start : start + CHUNK_DOCS]
        ]
        text = dumps(rows)
        chunks.append(_name("d", text))
        files[PREFIX + chunks[-1]] = text
    lengths = [s.length for s in index.stats]
    manifest = {
        "format": FORMAT,
        "docs": len(docs),
        "chunk": CHUNK_DOCS,
        "chunks": chunks,
        "shards": [[s.key, s.name, s.gz] for s in shards],
        "lengths": lengths,
        "analysis": browser_analysis(
            analyzer, [d for d in docs if d.lang not in (others or {})], files
        ),
        "rank": {
            "k1": ranking.K1,
            "b": ranking.B,
            "coverage_power": ranking.COVERAGE_POWER,
            "title_bonus": ranking.TITLE_BONUS,
        },
    }
    if others:
        manifest.update(languages_manifest(docs, analyzer, others, files))
    files[MANIFEST] = dumps(manifest)
    return files


def languages_manifest(
    docs: list[SearchDoc], analyzer: Analyzer, others: dict[str, Analyzer], files: dict[str, str]
) -> dict:
    """The manifest's keys of a multilingual site: each document's language and each other
    language's analysis."""
    langs = [analyzer.lang, *sorted(others)]
    tables = {
        lang: browser_analysis(other, [d for d in docs if d.lang == lang], files)
        for lang, other in sorted(others.items())
    }
    return {
        "langs": langs,
        "doc_langs": [langs.index(d.lang) if d.lang in langs else 0 for d in docs],
        "languages": tables,
    }


def browser_analysis(analyzer: Analyzer, docs: list[SearchDoc], files: dict[str, str]) -> dict:
    """What search.js needs to analyse a query in one language; when it lacks the language's
    stemmer (Indonesian, Snowball's languages), a vocabulary file of `docs`, added to `files`."""
    tables = analyzer.browser_tables()
    if analyzer.stemmer_name not in BROWSER_STEMMERS:
        text = dumps(browser_vocabulary(analyzer, docs))
        tables["vocabulary"] = _name("v", text)
        files[PREFIX + tables["vocabulary"]] = text
    return tables


def _name(kind: str, text: str) -> str:
    """The file's name under PREFIX: named by its content, so it can be cached forever."""
    return f"{kind}.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.json"


def _cut_text(text: str) -> str:
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + "…"
