"""Write the search indexes during a build: the Whoosh index beside the site, the static
browser index inside it. Both are staged and put in place only if the build succeeds.

Per-document analysis and the static index's postings are kept in the index folder
(`state.pickle`, documents keyed by their fingerprint), so a rebuild after one edit
analyses one article, updates the Whoosh index in place of rewriting it and rewrites
only the static shards of the terms that changed. A --no-cache build reads none of it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from helpgen.content import Article, Site
from helpgen.errors import ConfigError, HelpgenError, Problem
from helpgen.render.rendered import Rendered
from helpgen.search import ranking, semantic, static
from helpgen.search.analysis import Analyzer
from helpgen.search.deferred import Pending, swap_lock
from helpgen.search.documents import FIELDS, SearchDoc, article_fields, search_docs
from helpgen.search.index_meta import FORMAT, read_documents, read_meta
from helpgen.search.model_files import ModelError, ModelFiles, resolve
from helpgen.search.vectors import VECTORS, plan_vectors, write_vectors
from helpgen.workers import Forked, ForkedError, Workers

if TYPE_CHECKING:
    from helpgen.config import Project

STATE_FILE = "state.pickle"
QUERY_SETTINGS = "helpgen-query.json"

FieldTerms = dict[str, tuple[bytes, list[str]]]
"""An article's own fields analysed: each field's terms, with a digest of the text they are of."""


def prepare_terms(article: Article, rendered: Rendered) -> FieldTerms:
    """Analyse the fields an article decides alone (all but its category's title).

    The build's article workers call this, so analysis runs in parallel and is cached with
    the article; `start_search` takes each field's terms whose text is still the same."""
    analyzer = _indexing_analyzer(article.lang)
    return {
        name: (_digest(text), analyzer.terms(text))
        for name, text in article_fields(article, rendered).items()
    }


@cache
def _indexing_analyzer(lang: str) -> Analyzer:
    """Indexing needs the chain only: synonyms and the thesaurus act on queries."""
    return Analyzer(lang, thesaurus=False)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


def index_dir_for(out: Path) -> Path:
    """The Whoosh index folder of the site at `out`: beside it, never served."""
    return out.parent / (out.name + ".index")


@dataclass
class SearchOutput:
    """The staged index; `commit()` swaps it in (right after the site's), `abort()` drops it."""

    staging: Path
    target: Path
    stats: dict = field(default_factory=dict)
    pending: Pending | None = None
    """Vectors still to embed, when the build left them for later (`defer_vectors`)."""
    generation: int | None = None
    """The committed folder's inode: what `pending` checks before it writes into it."""

    def commit(self) -> None:
        old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        with swap_lock(self.target):  # never while a late embedding writes into the old folder
            if self.target.exists():
                os.replace(self.target, old)
            os.replace(self.staging, self.target)
            self.generation = self.target.stat().st_ino
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


@dataclass
class _State:
    """What a build keeps beside the index for the next one: each document's analysis (by
    fingerprint) and the static index's postings and shards."""

    analysed: dict[str, static.DocStats] = field(default_factory=dict)
    static: static.StaticIndex = field(default_factory=static.StaticIndex)


def start_search(
    project,
    site: Site,
    rendered: dict[str, Rendered],
    base: str,
    out: Path,
    reuse: bool = True,
    prepared: dict[str, FieldTerms] | None = None,
    defer_vectors: bool = False,
    workers: Workers | None = None,
) -> SearchJob:
    """Start indexing the site being built into `out`: the Whoosh index and the static one are
    made by forked processes while the build goes on; `SearchJob.finish` collects them.

    This process analyses only the documents the previous index does not hold (all of them on
    a first build); each forked process reads what it needs of the previous index itself.
    `reuse=False` (--no-cache) reads nothing the previous build left beside the site.
    `prepared`: `prepare_terms` of articles, by source, where the build has them.
    `defer_vectors` (`helpgen serve`): the index gets the vectors the cache has, and its
    output's `pending` embeds the others once it is in place; otherwise a forked process
    embeds them during the build. Vectors are cached in the project's `.helpgen/` by text
    and model (`reuse=False`: neither read nor kept). `workers`: the build's processes (the
    caller's to close; default: processes of the job's own, ended by `abort`)."""
    workers = workers or Workers()
    model = _semantic(project)  # first: a config error leaves nothing started
    target = index_dir_for(out)
    staging = target.parent / f".{target.name}.building-{os.getpid()}"
    docs = search_docs(site, rendered, base)
    prepared = prepared or {}
    meta = {"format": FORMAT, "chain": chain_version()}
    previous = target if reuse and read_meta(target) == meta else None
    indexed = read_documents(previous) if previous else {}
    known = set(indexed.values())
    fresh = {
        d.fingerprint: _analyse(_indexing_analyzer(d.lang), d, prepared.get(d.source))
        for d in docs
        if d.fingerprint not in known
    }
    state_file = target.parent / f".{target.name}.state-{os.getpid()}"
    whoosh = workers.fork(_write_whoosh, staging, previous, meta, docs, fresh, indexed)
    browser = workers.fork(_static_files, project.config, docs, base, previous, fresh, state_file)
    cache = project.cache_dir if reuse else None
    part = _Semantic(model, docs, cache) if model else None
    job = SearchJob(
        project, base, SearchOutput(staging, target), whoosh, browser, state_file, semantic=part
    )
    if part and not defer_vectors:
        folder = part.folder(target)
        cores = os.cpu_count() or 1
        part.job = workers.fork(write_vectors, folder, target, cache, docs, model, cores)
    return job


def _semantic(project) -> ModelFiles | None:
    """The checked model this build makes vectors with (None: it makes none). A model that
    cannot be used is a config error: `search.semantic: true` without the extra, a model
    folder without its files, a model file of another checksum."""
    settings = project.config.search
    if settings.semantic is False:
        return None
    packaged = settings.model is None
    reason = semantic.missing(packaged)
    if reason and settings.semantic is True:
        raise ConfigError(
            Problem(
                str(project.config_path),
                None,
                f"search.semantic is true, but {reason}",
                hint=semantic.HINT,
            )
        )
    if reason:  # "auto" without the extra: lexical
        return None
    try:
        return resolve(settings.model, settings.model_sha256, project.root)
    except ModelError as exc:
        raise ConfigError(
            Problem(str(project.config_path), None, f"search.model: {exc}", hint=exc.hint)
        ) from None


@dataclass
class _Semantic:
    """The vectors part of a build's search step."""

    model: ModelFiles
    docs: list[SearchDoc]
    cache: Path | None
    job: Forked | None = None
    """The forked process embedding them (None: deferred, see `start_search`)."""

    @staticmethod
    def folder(target: Path) -> Path:
        return target.parent / f".{target.name}.vectors-{os.getpid()}"


def _write_whoosh(
    staging: Path,
    previous: Path | None,
    meta: dict,
    docs: list[SearchDoc],
    fresh: dict[str, static.DocStats],
    indexed: dict[str, str],
) -> dict:
    """`whoosh_index.write_index`, imported in the forked process that runs it: the build's
    main process never loads Whoosh."""
    from helpgen.search.whoosh_index import write_index

    return write_index(staging, previous, meta, docs, partial(_stats_of, fresh), indexed)


def _stats_of(fresh: dict[str, static.DocStats], doc: SearchDoc) -> static.DocStats:
    """A document's analysis: made by the build for the documents new to the index, made here
    for the others when the previous index turns out unusable."""
    return fresh.get(doc.fingerprint) or _analyse(_indexing_analyzer(doc.lang), doc)


def _static_files(
    config,
    docs: list[SearchDoc],
    base: str,
    previous: Path | None,
    fresh: dict[str, static.DocStats],
    state_file: Path,
) -> dict[str, str]:
    """The static index's files, by site path; the state for the next build goes to `state_file`."""
    settings = config.search
    state = _read_state(previous) if previous else _State()
    analysed = {
        d.fingerprint: state.analysed.get(d.fingerprint) or _stats_of(fresh, d) for d in docs
    }
    index = state.static
    index.update([d.fingerprint for d in docs], [analysed[d.fingerprint] for d in docs])
    analyzers = {
        lang: Analyzer(lang, settings.synonyms, settings.thesaurus)
        for lang in config.site_languages
    }
    files = static.export(
        index,
        docs,
        analyzers[config.language],
        base,
        {lang: analyzers[lang] for lang in config.site_languages[1:]},
    )
    with open(state_file, "wb") as f:
        pickle.dump(_State(analysed, index), f, protocol=pickle.HIGHEST_PROTOCOL)
    return files


@dataclass
class SearchJob:
    """A build's search step under way (see `start_search`): both indexes are made by forked
    processes while the build renders pages; `finish` collects them."""

    project: Project
    base: str
    output: SearchOutput
    whoosh: Forked
    browser: Forked
    """The static index's files (and the state for the next build, in `state_file`)."""
    state_file: Path
    semantic: _Semantic | None = None
    """Semantic search's vectors, when this build makes them."""

    def finish(self, writer) -> SearchOutput:
        """Write the static index through `writer` (a SiteWriter); wait for the Whoosh index."""
        files = self._result(self.browser, "the browser search index")
        for path, data in files.items():
            if path == static.MANIFEST:
                writer.write(path, data)
            else:  # named by their content: the name is the key
                writer.put(path, path, lambda data=data: data)
        self.output.stats = self._result(self.whoosh, "the search index")
        os.replace(self.state_file, self.output.staging / STATE_FILE)
        if self.semantic:
            self.output.stats["vectors"] = self._vectors(self.semantic)
        settings = self.project.config.search
        query_settings = {
            "lang": self.project.config.language,
            "synonyms": settings.synonyms,
            "thesaurus": settings.thesaurus,
            "base": self.base,
        }
        (self.output.staging / QUERY_SETTINGS).write_text(
            static.dumps(query_settings), encoding="utf-8"
        )
        return self.output

    def _vectors(self, part: _Semantic) -> dict:
        """The vectors into the staged index: the forked process's, or (deferred) the cache's."""
        output = self.output
        if part.job is None:
            plan = plan_vectors(part.docs, part.model, part.cache)
            plan.write(output.staging, output.target)
            todo = len(plan.todo)
            output.pending = Pending(plan, output, part.cache) if todo else None
            return {"documents": len(plan.docs), "embedded": 0, "pending": todo}
        folder = part.folder(output.target)
        stats = self._result(
            part.job,
            "the semantic search vectors",
            f"check that folder's disk space; or {semantic.HINT}",
        )
        if (folder / VECTORS).exists():
            os.replace(folder / VECTORS, output.staging / VECTORS)
        shutil.rmtree(folder, ignore_errors=True)
        return stats

    def _result(
        self,
        job: Forked,
        what: str,
        hint: str = "check the disk space and permissions of that folder",
    ):
        try:
            return job.result()
        except ForkedError as exc:
            raise HelpgenError(
                Problem(str(self.output.target), None, f"could not write {what}: {exc}", hint=hint)
            ) from None

    def commit(self) -> None:
        """Swap the finished indexes in (after `finish`)."""
        self.output.commit()

    def abort(self) -> None:
        self.whoosh.stop()
        self.browser.stop()
        self.state_file.unlink(missing_ok=True)
        if self.semantic and self.semantic.job:
            self.semantic.job.stop()
            shutil.rmtree(self.semantic.folder(self.output.target), ignore_errors=True)
        self.output.abort()


def _analyse(
    analyzer: Analyzer, doc: SearchDoc, prepared: FieldTerms | None = None
) -> static.DocStats:
    terms = {}
    for name in FIELDS:
        text = doc.fields[name]
        known = (
            prepared.get(name) if prepared else None
        )  # an FAQ question's fields are not the page's
        terms[name] = known[1] if known and known[0] == _digest(text) else analyzer.terms(text)
    return static.doc_stats(terms)


def chain_version() -> str:
    """Changes when the analysis chain's, the index's or the ranking's code or constants change:
    the index is then rewritten (static shards and manifest hold values computed with them)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in (
        "analysis.py",
        "porter.py",
        "documents.py",
        "whoosh_index.py",
        "static.py",
        "ranking.py",
    ):
        digest.update((here / name).read_bytes())
    # the values in use, not only the file: a constant set at run time counts too
    digest.update(
        repr((ranking.K1, ranking.B, ranking.COVERAGE_POWER, ranking.TITLE_BONUS)).encode()
    )
    return digest.hexdigest()[:16]


def _read_state(target: Path) -> _State:
    meta = read_meta(target)
    if not meta or meta.get("chain") != chain_version():
        return _State()
    try:
        with open(target / STATE_FILE, "rb") as f:
            state = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return _State()
    return state if isinstance(state, _State) else _State()
