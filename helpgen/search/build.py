"""Write the search indexes during a build: the Whoosh index beside the site, the static
browser index inside it. Both are staged and put in place only if the build succeeds.

Per-document analysis is kept in the index folder (`analysis.pickle`, keyed by the
document's fingerprint), so a rebuild after one edit analyses one article and updates
the Whoosh index in place of rewriting it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from helpgen.content import Site
from helpgen.render.rendered import Rendered
from helpgen.search import static
from helpgen.search.analysis import Analyzer
from helpgen.search.documents import FIELDS, SearchDoc, search_docs
from helpgen.search.whoosh_index import FORMAT, read_meta, write_index

ANALYSIS_CACHE = "analysis.pickle"
QUERY_SETTINGS = "helpgen-query.json"


def index_dir_for(out: Path) -> Path:
    """The Whoosh index folder of the site at `out`: beside it, never served."""
    return out.parent / (out.name + ".index")


@dataclass
class SearchOutput:
    """The staged index; `commit()` swaps it in (call it right after the site's), `abort()` drops it."""

    staging: Path
    target: Path
    stats: dict = field(default_factory=dict)

    def commit(self) -> None:
        old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.staging, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def write_search(project, site: Site, rendered: dict[str, Rendered], base: str, writer, out: Path) -> SearchOutput:
    """Stage both indexes of the site being built into `out`; static files go through `writer`."""
    target = index_dir_for(out)
    staging = target.parent / f".{target.name}.building-{os.getpid()}"
    settings = project.config.search
    docs = search_docs(site, rendered, base)
    analysers = {lang: Analyzer(lang) for lang in {d.lang for d in docs} | {project.config.language}}
    cached = _read_cache(target)
    analysed = {}
    for doc in docs:
        fp = doc.fingerprint
        analysed[fp] = cached.get(fp) or _analyse(analysers[doc.lang], doc)
    meta = {"format": FORMAT, "chain": chain_version()}
    pairs = [(d, analysed[d.fingerprint]) for d in docs]
    output = SearchOutput(staging, target)
    output.stats = write_index(staging, target, meta, pairs)
    _write_cache(staging, analysed)
    query_settings = {"lang": project.config.language, "synonyms": settings.synonyms, "base": base}
    (staging / QUERY_SETTINGS).write_text(static.dumps(query_settings), encoding="utf-8")
    analyzer = Analyzer(project.config.language, settings.synonyms)
    for path, data in static.export(pairs, analyzer, base).items():
        writer.write(path, data)
    return output


def _analyse(analyzer: Analyzer, doc: SearchDoc) -> dict[str, str]:
    return {name: " ".join(analyzer.terms(doc.fields[name])) for name in FIELDS}


def chain_version() -> str:
    """Changes when the analysis chain's or the index's code changes: the index is then rewritten."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("analysis.py", "porter.py", "documents.py", "whoosh_index.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def _read_cache(target: Path) -> dict[str, dict[str, str]]:
    meta = read_meta(target)
    if not meta or meta.get("chain") != chain_version():
        return {}
    try:
        with open(target / ANALYSIS_CACHE, "rb") as f:
            data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(staging: Path, analysed: dict[str, dict[str, str]]) -> None:
    with open(staging / ANALYSIS_CACHE, "wb") as f:
        pickle.dump(analysed, f, protocol=pickle.HIGHEST_PROTOCOL)
