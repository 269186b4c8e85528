"""Load and render every article: from the cache when its content hash matches, else in parallel."""

from __future__ import annotations

from dataclasses import dataclass, replace

from helpgen.builder.cache import ArticleCache, config_salt
from helpgen.config import Project
from helpgen.content import Article, content_hash, load_article, read_source
from helpgen.errors import HelpgenError, Problem
from helpgen.render.rendered import Rendered
from helpgen.search.build import prepare_terms
from helpgen.workers import Workers

PARALLEL_FROM = 40
"""Below this many articles to render, a process pool costs more than it saves."""


@dataclass(frozen=True)
class Processed:
    """One source file after the per-article work, or the problems that stopped it."""

    source: str
    article: Article | None
    rendered: Rendered | None
    problems: tuple[Problem, ...]
    from_cache: bool = False
    key: str = ""
    """The content key it was made (or read from the cache) for: later per-article work uses it."""
    terms: dict | None = None
    """Its fields analysed for search (`helpgen.search.build.prepare_terms`); None for a draft, and
    when it came from the cache."""


def process_sources(
    project: Project, sources: list[str], cache: ArticleCache, workers: Workers, on_done=None
) -> list[Processed]:
    """Processed results in the order of `sources`, the changed ones made by `workers`;
    `on_done(n)` reports progress."""
    salt = config_salt(project)
    results: dict[str, Processed] = {}
    read: list[tuple[str, bytes, str]] = []
    for source in sources:
        try:
            data = read_source(
                project.content_dir, source, project.display(project.content_dir / source)
            )
        except HelpgenError as exc:
            results[source] = Processed(source, None, None, tuple(exc.problems))
            continue
        read.append((source, data, content_hash(data, f"{salt}\0{source}")))
    hits = cache.get_many([key for _, _, key in read])
    todo: list[tuple[str, bytes, str]] = []
    for source, data, key in read:
        hit = hits.get(key)
        if isinstance(hit, Processed):
            results[source] = replace(hit, from_cache=True, key=key)
        else:
            todo.append((source, data, key))
    if on_done and results:
        on_done(len(results))
    for (source, _, key), done in zip(todo, _run(project, todo, workers, on_done), strict=True):
        results[source] = done = replace(done, key=key)
        if done.article is not None:
            # without its terms: a rebuild takes an unchanged article's analysis from the search
            # state, and a cache entry is unpickled on every build
            cache.put(key, replace(done, terms=None))
    return [results[s] for s in sources]


def _run(project: Project, todo: list[tuple[str, bytes, str]], workers: Workers, on_done):
    jobs = [(project, source, data) for source, data, _ in todo]
    if len(jobs) >= PARALLEL_FROM and workers.parallel:
        # the workers are forked: they inherit the compiled lexers instead of making them again
        from helpgen.render.markdown import prepare

        prepare([data for _, _, data in jobs])
    else:
        workers = Workers(1)
    return workers.map(process_one, jobs, on_done)


def process_one(job: tuple[Project, str, bytes]) -> Processed:
    """Load and render one article. Pure: the same bytes and config give the same result."""
    from helpgen.render.markdown import render_markdown  # imported only when something must render

    project, source, data = job
    shown = project.display(project.content_dir / source)
    try:
        article, problems = load_article(project, source, data)
    except HelpgenError as exc:
        return Processed(source, None, None, tuple(exc.problems))
    rendered, render_problems = render_markdown(article, shown)
    terms = prepare_terms(article, rendered) if article.listed else None
    return Processed(source, article, rendered, tuple(problems + render_problems), terms=terms)
