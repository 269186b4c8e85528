"""The one query function behind the CLI, the HTTP API and the MCP server.

`open_index(dir)` gives a `SearchIndex`; its `search()` and `suggest()` accept any
string and return hits, or raise `QueryError` (the API's 400) for input they refuse.
It is safe to share between threads, and reopens when a rebuild swapped a new index in.
Whoosh stores the index and finds completions and corrections; `scorer.Scorer` ranks.
"""

from __future__ import annotations

import json
import logging
import threading
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import And, Term

from helpgen.errors import HelpgenError, Problem
from helpgen.search import ranking, semantic
from helpgen.search.analysis import Analyzer, QueryTerm
from helpgen.search.hybrid import LEXICAL_CANDIDATES, Hybrid, Ranked
from helpgen.search.index_meta import read_meta
from helpgen.search.model_files import ModelError
from helpgen.search.scorer import Alternative, Clause, Scorer
from helpgen.search.snippets import snippet
from helpgen.search.vectors import VECTORS, model_of, read_vectors
from helpgen.search.whoosh_index import schema

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 50
FUZZY_FROM = 4
"""Words at least this long get typo correction (one edit; two from 8 letters)."""
SUGGEST_PREFIXES = 30
"""At most this many index terms stand for a partly typed last word."""
PREFIX_WEIGHT = 0.8
"""A completion of a partly typed word counts for this much of the word itself."""
SUGGEST_SEMANTIC_WORDS = 3
"""As-you-type queries of this many words or more are questions: matched by meaning too."""
STORED_CACHE = 1024
"""Documents whose stored fields (title, URL, text for the snippet) a process keeps unpacked."""


class QueryError(ValueError):
    """A query the engine refuses: too long, a bad limit. Its message is for the client."""


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    url: str
    snippet: str
    """HTML-escaped text with `<mark>` around matched words, and no other markup."""
    score: float
    category: str
    source: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResults:
    query: str
    results: list[Hit] = field(default_factory=list)
    mode: str = "lexical"
    """Which ranking answered: "hybrid" (words and meaning, fused) or "lexical" (words only:
    no vectors yet, none for the query's language, or no semantic search here)."""

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "mode": self.mode,
            "results": [asdict(h) for h in self.results],
        }


def open_index(index_dir: Path) -> SearchIndex:
    """The index `helpgen build` wrote at `index_dir` (see `index_dir_for`)."""
    return SearchIndex(Path(index_dir))


class SearchIndex:
    """Queries one index folder; reopens by itself when a rebuild replaced it."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._state = self._load()

    # -- opening ------------------------------------------------------------------------

    def _load(self) -> _State:
        hint = "run `helpgen build` first"
        if not self.index_dir.is_dir():
            raise HelpgenError(
                Problem(str(self.index_dir), None, "no search index here", hint=hint)
            )
        meta = read_meta(self.index_dir)
        if meta is None or not whoosh_index.exists_in(str(self.index_dir)):
            raise HelpgenError(
                Problem(
                    str(self.index_dir),
                    None,
                    "not a helpgen search index, or a damaged one",
                    hint=hint,
                )
            )
        try:
            settings = json.loads(
                (self.index_dir / "helpgen-query.json").read_text(encoding="utf-8")
            )
            ix = whoosh_index.open_dir(str(self.index_dir))
            if set(ix.schema.names()) != set(schema().names()):  # written by another helpgen
                raise ValueError("it was written by another version of helpgen")
            version = (
                self.index_dir.stat().st_ino,
                ix.latest_generation(),
                _stamp(self.index_dir / VECTORS),
            )
            searcher = ix.searcher()
        except Exception as exc:  # whoosh raises many kinds on a damaged folder
            raise HelpgenError(
                Problem(
                    str(self.index_dir), None, f"cannot open the search index: {exc}", hint=hint
                )
            ) from None
        return _State(
            ix,
            version,
            searcher,
            settings.get("lang", "en"),
            settings.get("synonyms") or {},
            settings.get("thesaurus", True),
            self.index_dir,
        )

    def refresh(self) -> bool:
        """Reopen if a build replaced the index since; True when it did. Cheap: one stat."""
        current = self._state
        try:
            if (
                self.index_dir.stat().st_ino == current.version[0]
                and current.ix.latest_generation() == current.version[1]
                and _stamp(self.index_dir / VECTORS) == current.version[2]
            ):  # late vectors
                return False
        except OSError:
            return False  # mid-swap: keep serving the index we have
        with self._lock:
            if self._state is not current:
                return True
            try:
                self._state = self._load()
            except HelpgenError:
                return False
        return True

    def warm(self) -> None:
        """Load now what the first query would: the semantic model and vectors, the ranking's
        tables (a server calls this at start, and from a thread after a rebuild swapped the
        index, so that no request waits for them in the event loop)."""
        state = self._state
        state.hybrid  # noqa: B018 (a cached property: reading it loads it)
        state.scorer.load()
        state.warmed = True

    def warmed(self) -> bool:
        """Whether the index opened now has been warmed (`warm`)."""
        return self._state.warmed

    def documents(self) -> int:
        """How many documents (articles and FAQ questions) the index opened now holds."""
        return self._state.reader.doc_count()

    # -- querying -----------------------------------------------------------------------

    def search(
        self, query: str, limit: int = 10, lang: str | None = None, category: str | None = None
    ) -> SearchResults:
        """The best `limit` articles for `query` (plain words: nothing in it is an operator)."""
        query, limit = _check(query, limit)
        lang, category = _clip(lang), _clip(category)
        self.refresh()
        state = self._state
        analyzer = state.analyzer(lang)
        results = SearchResults(query)
        terms = state.corrected(analyzer.query(query), prefix=False)
        if not terms:
            return results
        clauses = [Clause(t.weight, (Alternative(t.term, 1.0),), t.pair) for t in terms]
        allowed = state.allowed(lang, category)
        ranked, results.mode = state.rank(query, clauses, limit, lang, allowed)
        results.results = [state.hit(analyzer, d, score, terms) for d, score in ranked]
        return results

    def answer(self, question: str, lang: str | None = None):
        """The passage that answers `question` (helpgen.search.answers.Answer), or None."""
        return self.answer_with_results(question, lang)[0]

    def answer_with_results(self, question: str, lang: str | None = None, limit: int = 5):
        """(the answer or None, the top `limit` results): /api/answer shows both, and the
        answer's candidate articles are the results' first ones, so one search does for both."""
        from helpgen.search.answers import CANDIDATES, best_answer

        results = self.search(question, max(limit, CANDIDATES), lang)
        found = best_answer(self, question, results.results[:CANDIDATES], _clip(lang))
        results.results = results.results[:limit]
        return found, results

    def idf(self, terms) -> dict[str, float]:
        """Each term's inverse document frequency in the index opened now (BM25's, as the
        ranking uses): a word few articles use tells more about a question than a common one."""
        state = self._state
        n = state.reader.doc_count()
        return {t: ranking.idf(n, state.scorer.doc_frequency(t)) for t in terms}

    def analyzer_for(self, lang: str | None) -> Analyzer:
        """The analysis chain queries in `lang` use (the site's language for None)."""
        return self._state.analyzer(_clip(lang))

    @property
    def site_dir(self) -> Path:
        """The built site beside this index (`site.index` -> `site`): markdown copies and pages."""
        return self.index_dir.with_name(self.index_dir.name.removesuffix(".index"))

    def suggest(self, query: str, limit: int = 8, lang: str | None = None) -> list[Hit]:
        """As-you-type: like search, with the last word also taken as the start of a word (and
        matched by meaning only from SUGGEST_SEMANTIC_WORDS words on: "ref" means nothing yet);
        `lang` keeps one language (the chat widget on a store page in that language)."""
        query, limit = _check(query, limit)
        lang = _clip(lang)
        self.refresh()
        state = self._state
        analyzer = state.analyzer(lang)
        terms = state.corrected(analyzer.query(query), prefix=True)
        clauses = []
        for t in terms:
            alts = [Alternative(t.term, 1.0)]
            if t.last and t.word:
                alts += [Alternative(x, PREFIX_WEIGHT) for x in state.completions(t)]
            clauses.append(Clause(t.weight, tuple(alts), t.pair))
        semantic_too = len(query.split()) >= SUGGEST_SEMANTIC_WORDS
        allowed = state.allowed(lang, None)
        ranked = (
            state.rank(query, clauses, limit, lang, allowed, semantic_too)[0] if clauses else []
        )
        return [state.hit(analyzer, d, score, terms) for d, score in ranked]


class _State:
    """One opened generation of the index, shared by every thread (reader I/O under a lock)."""

    def __init__(
        self,
        ix,
        version: tuple,
        searcher,
        lang: str,
        synonyms: dict,
        thesaurus: bool = True,
        folder: Path | None = None,
    ):
        self.ix, self.version, self.searcher, self.lang, self.synonyms = (
            ix,
            version,
            searcher,
            lang,
            synonyms,
        )
        self.thesaurus, self.folder = thesaurus, folder
        self.reader = searcher.reader()
        self.io = threading.RLock()
        self.scorer = _LockedScorer(self.reader, self.io)
        self._analyzers: dict[str, Analyzer] = {}
        self._allowed: dict[tuple, frozenset[int]] = {}
        self._corrections: dict[str, str | None] = {}
        self.warmed = False
        # the articles shown most are few: their fields are not unpacked again for every query
        self.stored = lru_cache(maxsize=STORED_CACHE)(self._stored)

    @cached_property
    def hybrid(self) -> Hybrid | None:
        """Semantic matching, when the build made vectors and this process can embed questions."""
        # read here, not when the index opens: a server without the extra never loads them,
        # and only the hybrid's copy of the matrix stays in memory
        vectors = read_vectors(self.folder) if self.folder else None
        packaged = vectors is not None and "package" in vectors.source
        if (
            vectors is None
            or self.folder is None
            or not vectors.orders
            or semantic.missing(packaged)
        ):
            return None
        try:
            files = model_of(vectors, self.folder)
            if files is None:
                raise ModelError("the model of the index's vectors is not here", "build again")
            encoder = semantic.shared_encoder(files)
        except (
            Exception
        ) as exc:  # onnxruntime's or a damaged model file's: search goes on, lexical only
            logging.getLogger(__name__).warning("semantic search is off: %s", exc)
            return None
        column = self.reader.column_reader("order")
        with self.io:
            orders = {_text(column[d]): d for d in self.scorer.live}
        return Hybrid(vectors, orders, encoder)

    def rank(
        self,
        query: str,
        clauses: list[Clause],
        limit: int,
        lang: str | None,
        allowed: frozenset[int] | None,
        semantic_too: bool = True,
    ) -> tuple[Ranked, str]:
        """The best `limit` documents, and the mode that ranked them: the lexical ranking,
        fused with semantic matching ("hybrid") where the index has vectors and the query is
        in the model's language."""
        hybrid = self.hybrid if semantic_too and semantic.speaks(lang or self.lang) else None
        if hybrid is None:
            return self.scorer.rank(clauses, limit, allowed), "lexical"
        lexical = self.scorer.rank(clauses, max(limit, LEXICAL_CANDIDATES), allowed)
        return hybrid.fuse(query, lexical, limit, allowed, self.scorer.best), "hybrid"

    def analyzer(self, lang: str | None) -> Analyzer:
        lang = lang or self.lang
        if lang not in self._analyzers:
            self._analyzers[lang] = Analyzer(lang, self.synonyms, self.thesaurus)
        return self._analyzers[lang]

    def allowed(self, lang: str | None, category: str | None) -> frozenset[int] | None:
        """Documents a lang/category filter keeps (None: no filter)."""
        if not lang and not category:
            return None
        key = (lang, category)
        if key not in self._allowed:
            parts = ([Term("lang", lang)] if lang else []) + (
                [Term("categories", category.strip("/"))] if category else []
            )
            with self.io:
                docs = frozenset(
                    self.searcher.docs_for_query(parts[0] if len(parts) == 1 else And(parts))
                )
            if len(self._allowed) > 256:
                self._allowed.clear()
            self._allowed[key] = docs
        return self._allowed[key]

    def completions(self, t: QueryTerm) -> list[str]:
        """Index terms a partly typed word may become: those it begins, and stems that begin it."""
        found = []
        with self.io:
            for raw in self.reader.expand_prefix("terms", t.word):
                term = _text(raw)
                if "_" not in term:  # pair terms are no completion
                    found.append(term)
                    if len(found) >= SUGGEST_PREFIXES:
                        break
        # "tracki" is on its way to "tracking", whose stem "track" it already contains
        for n in range(max(3, len(t.word) - 3), len(t.word)):
            head = t.word[:n]
            if self.scorer.doc_frequency(head):
                found.append(head)
        return [x for x in dict.fromkeys(found) if x != t.term]

    def corrected(self, terms: list[QueryTerm], prefix: bool) -> list[QueryTerm]:
        """Each unknown word of FUZZY_FROM letters or more replaced by its likeliest correction (the
        most frequent term within one edit, two from 8 letters). With `prefix`, a last word that
        some term starts with is being typed, not misspelt: it stays. Only the customer's own
        words are corrected: a synonym the thesaurus added is spelt right, and one the articles
        lack matches nothing (its nearest term would be another word: "bill" is not "bull")."""
        out = []
        for t in terms:
            if (
                t.pair
                or not t.word
                or len(t.term) < FUZZY_FROM
                or self.scorer.doc_frequency(t.term)
                or (prefix and t.last and self.completions(t))
            ):
                out.append(t)
                continue
            best = self._correction(t.term)
            out.append(QueryTerm(best, t.weight * 0.9, False, best) if best else t)
        return out

    def _correction(self, term: str) -> str | None:
        if term not in self._corrections:
            with self.io:
                candidates = [
                    _text(c)
                    for c in self.reader.terms_within("terms", term, 2 if len(term) >= 8 else 1)
                ]
            candidates = [c for c in candidates if c != term and "_" not in c]
            best = (
                max(candidates, key=lambda c: (self.scorer.doc_frequency(c), c))
                if candidates
                else None
            )
            if len(self._corrections) > 10_000:
                self._corrections.clear()
            self._corrections[term] = best
        return self._corrections[term]

    def _stored(self, docnum: int) -> dict:
        """A document's stored fields (`stored`, cached: read-only, the dict is shared)."""
        with self.io:
            return self.reader.stored_fields(docnum)

    def hit(self, analyzer: Analyzer, docnum: int, score: float, terms: list[QueryTerm]) -> Hit:
        fields = self.stored(docnum)
        wanted = {t.term for t in terms if not t.pair}
        prefixes = tuple(t.word for t in terms if t.last and len(t.word) >= 2)
        return Hit(
            id=fields["id"],
            title=fields["title"],
            url=fields["url"],
            snippet=snippet(analyzer, fields["text"], wanted, prefixes, fallback=fields["summary"]),
            score=round(score, 4),
            category=fields["category"],
            source=fields["source"],
        )


class _LockedScorer(Scorer):
    """Reads postings under the state's lock; scoring itself needs none."""

    def __init__(self, reader, lock):
        super().__init__(reader)
        self._io = lock

    def _read(self, term):
        with self._io:
            return super()._read(term)

    @cached_property
    def titles(self):
        with self._io:
            return super().titles

    @cached_property
    def _stats(self):
        with self._io:
            return super()._stats

    @cached_property
    def place(self):
        with self._io:  # re-entrant: `_read` may ask for it under the lock
            return super().place


def _check(query, limit) -> tuple[str, int]:
    if not isinstance(query, str):
        raise QueryError("q must be text")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"q is too long: {len(query)} characters (at most {MAX_QUERY_CHARS})")
    if isinstance(limit, bool) or not isinstance(limit, int):
        try:
            limit = int(str(limit).strip())
        except ValueError:
            raise QueryError("limit must be a whole number") from None
    if limit < 1:
        raise QueryError("limit must be at least 1")
    # control characters and lone surrogates say nothing; drop them rather than refuse
    cleaned = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in query)
    return cleaned, min(limit, MAX_LIMIT)


def _clip(value: str | None) -> str | None:
    """A filter value as a plain string (control characters dropped), or None."""
    if not value or not isinstance(value, str):
        return None
    return "".join(c for c in value if unicodedata.category(c)[0] != "C")[:200] or None


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _stamp(path: Path) -> tuple[int, int] | None:
    """Identifies the file at `path` (a new one has another inode); None when there is none."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns
