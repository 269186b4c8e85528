"""The build, top to bottom: load config → discover → load and render articles → assemble
the site → navigation → pages → exports → swap the new site in.

Orchestration only; each step lives in its stage and is timed.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from helpgen.builder.articles import process_sources
from helpgen.builder.cache import ArticleCache
from helpgen.builder.outputs import Outputs
from helpgen.builder.page_jobs import PageJob, write_pages
from helpgen.builder.writer import SiteWriter
from helpgen.config import Project
from helpgen.config.load import check_output_dir
from helpgen.content import Article, Site, assemble_site, discover
from helpgen.content.urls import normalize_url_path
from helpgen.errors import ConfigError, HelpgenError, Problem, Report
from helpgen.exports.agents import ExportMemo, check_ids, write_agent_exports
from helpgen.exports.artifact import (
    BUILD_RECORD,
    BuiltArticle,
    built_articles,
    read_build_record,
    render_build_record,
)
from helpgen.exports.markdown import markdown_alternates
from helpgen.exports.sitemap import render_robots, render_sitemap, sitemap_alternates
from helpgen.exports.widget import WIDGET_CONFIG, render_widget_config
from helpgen.render import pages
from helpgen.render.links import check_links, site_link_targets
from helpgen.render.nav import build_nav
from helpgen.render.rendered import Rendered
from helpgen.render.theme import Theme
from helpgen.render.views import Urls, description_of, site_view
from helpgen.search import start_search
from helpgen.workers import Forked, ForkedError, Workers

if TYPE_CHECKING:
    from helpgen.search.deferred import Pending

TEMPLATE_CACHE = "templates"
"""Under the project's cache folder: the theme's templates, compiled by Jinja."""


@dataclass
class BuildResult:
    """What a build did, for the CLI's summary line and for `serve`."""

    out: Path
    report: Report
    site: Site | None = None
    written: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    cached: int = 0
    """Articles whose load and render came from the cache."""
    sources: int = 0
    pages_changed: int = 0
    """Pages rendered and written (the rest were unchanged since the last build)."""
    embedded: int | None = None
    """Articles given a new vector for semantic search (None: the build made no vectors)."""
    pending_vectors: Pending | None = None
    """The vectors a `defer_vectors` build left to embed, or None."""


def today() -> dt.date:
    """The build's date (for dated banners): SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


@dataclass
class LoadedSite:
    """The site after the per-article work: what pages, exports and the server start from."""

    site: Site
    rendered: dict[str, Rendered]
    report: Report
    cache: ArticleCache
    cached: int
    sources: int
    """Markdown files read (internal ones included, whatever the audience)."""
    loaded: list[Article] = field(default_factory=list)
    """Every article that loaded, by source: those of another audience or out of season too."""
    keys: dict[str, str] = field(default_factory=dict)
    """Each loaded article's content key, by source: what later per-article work is cached by."""
    terms: dict = field(default_factory=dict)
    """Each listed article's fields analysed for search, by source (see `start_search`)."""


def load_site(
    project: Project,
    audience: str = "public",
    use_cache: bool = True,
    progress=None,
    timed=None,
    now: dt.date | None = None,
    workers: Workers | None = None,
) -> LoadedSite:
    """Discover, load and render every article (over the cache) and assemble the Site.
    `workers`: the build's processes (default: processes of its own, ended on return)."""
    if workers is None:
        with Workers() as own:
            return load_site(project, audience, use_cache, progress, timed, now, own)
    timed = timed or _timer({})
    report = Report()
    cache = ArticleCache(project.cache_dir, enabled=use_cache)
    with timed("discover"):
        skipped: list = []  # links out of content_dir: one warning each
        sources, category_files, assets = discover(project.content_dir, skipped)
        report.extend(link.problem(project.display) for link in skipped)
    with timed("articles"):
        if progress:
            progress.start(len(sources))
        processed = process_sources(
            project, sources, cache, workers, on_done=progress.advance if progress else None
        )
        if progress:
            progress.stop()
    for item in processed:
        report.extend(item.problems)
    loaded = [p for p in processed if p.article is not None]
    articles = [p.article for p in processed if p.article is not None]
    with timed("assemble"):
        site = assemble_site(
            project,
            articles,
            category_files,
            assets,
            report,
            audience,
            now or today(),
        )
    return LoadedSite(
        site,
        {p.source: p.rendered for p in loaded if p.rendered is not None},
        report,
        cache,
        sum(1 for p in processed if p.from_cache),
        len(processed),
        articles,
        {p.source: p.key for p in loaded},
        {p.source: p.terms for p in loaded if p.terms},
    )


PagesHook = Callable[[SiteWriter, BuildResult], None]
"""Called on a build whose pages are written and sound, before the slower indexes and exports:
watch mode passes one that publishes the edited pages at once (see `helpgen.serve.builder`)."""


def build(
    project: Project,
    out: Path | None = None,
    strict: bool = False,
    use_cache: bool = True,
    audience: str = "public",
    progress=None,
    on_pages: PagesHook | None = None,
    now: dt.date | None = None,
    defer_vectors: bool = False,
) -> BuildResult:
    """Build the site into `out` (default: the project's output_dir); never leave a half-written
    site.

    `on_pages(writer, result)`: see `PagesHook`; never called in strict mode, where a warning
    found later still fails the build. `defer_vectors` (serve): semantic search's new vectors
    are left to `result.pending_vectors`.
    """
    result = BuildResult(out=(out or project.output_dir).resolve(), report=Report())
    check_output_dir(project, result.out, "--out")
    with Workers() as workers:  # every child process of this build ends with it
        timed = _timer(result.timings)
        loaded = load_site(project, audience, use_cache, progress, timed, now, workers)
        result.site, result.report = loaded.site, loaded.report
        result.cached, result.sources = loaded.cached, loaded.sources
        check_config_paths(project, loaded.site, loaded.report)
        with timed("context"):
            ctx = page_context(project, loaded.site, loaded.rendered, use_cache)
        loaded.report.extend(link.problem(project.display) for link in ctx.theme.skipped)
        writer = SiteWriter(result.out, project.cache_dir, reuse=use_cache)
        outputs = Outputs()
        outputs.add(writer)
        try:
            run = _Run(ctx, loaded, writer, outputs, result, timed, workers)
            _stage(run, defer_vectors, None if strict else on_pages)
        except ConfigError:  # e.g. semantic search's model: nothing to build with (exit 2)
            outputs.abort()
            raise
        except HelpgenError as exc:
            result.report.extend(exc.problems)
        except BaseException:
            outputs.abort()
            raise
    if result.report.failed(strict):
        outputs.abort()
    else:
        outputs.commit()
        result.written = True
        loaded.cache.save()
    return result


@dataclass
class _Run:
    """One build under way: what its staging steps share."""

    ctx: pages.PageContext
    loaded: LoadedSite
    writer: SiteWriter
    outputs: Outputs
    result: BuildResult
    timed: Callable
    workers: Workers


def _stage(run: _Run, defer_vectors: bool, on_pages: PagesHook | None) -> None:
    """Stage every output: the indexes and exports are made by forked processes while the pages
    render here; link problems are reported after the pages, since they never change one."""
    ctx, loaded, writer, timed = run.ctx, run.loaded, run.writer, run.timed
    with timed("search"):
        search = run.outputs.add(
            start_search(
                ctx.project,
                ctx.site,
                ctx.rendered,
                ctx.urls.base,
                run.result.out,
                writer.reuse,
                loaded.terms,
                defer_vectors,
                run.workers,
            )
        )
    with timed("exports"):
        memo = ExportMemo(loaded.cache, loaded.keys)
        exports = run.outputs.add(_start_exports(ctx, writer, memo, run.workers))
    with timed("pages"):
        _write_pages(ctx, writer, run.workers)
        _write_site_files(ctx, writer, ctx.site.assets)
        _write_redirects(ctx, writer, loaded.report)
    run.result.pages_changed = len(writer.changed)
    if on_pages and not loaded.report.errors:
        on_pages(writer, run.result)
    with timed("links"):
        _check_links(ctx, loaded.report)
    with timed("exports", add=True):
        exports.finish(writer, loaded.cache)
    with timed("search", add=True):
        index = search.finish(writer)
    run.result.embedded = index.stats.get("vectors", {}).get("embedded")
    run.result.pending_vectors = index.pending


@dataclass
class _ExportsJob:
    """The agent exports, written into the site's staging folder by a forked process while the
    pages render: after them, they were the longest serial step of a build."""

    job: Forked

    def finish(self, writer: SiteWriter, cache: ArticleCache) -> None:
        try:
            records, entries = self.job.result()
        except ForkedError as exc:
            raise HelpgenError(
                Problem(
                    str(writer.target),
                    None,
                    f"could not write the agent exports: {exc}",
                    hint="check the disk space and permissions of that folder",
                )
            ) from None
        for record in records:
            writer.record(*record)
        for key, data in entries.items():
            cache.put_pickled(key, data)

    def commit(self) -> None:
        """Nothing of its own: its files are the site's."""

    def abort(self) -> None:
        self.job.stop()


def _start_exports(
    ctx: pages.PageContext, writer: SiteWriter, memo: ExportMemo, workers: Workers
) -> _ExportsJob:
    # here, so that its problems reach the report (a child's error is only a message)
    check_ids(ctx)
    # read by the forked process
    memo.cache.keep(memo.key(ctx, article) for article in ctx.site.listed)
    return _ExportsJob(
        workers.fork(
            _write_exports, ctx, writer.detached(), replace(memo, cache=memo.cache.for_child())
        )
    )


def _write_exports(
    ctx: pages.PageContext, writer: SiteWriter, memo: ExportMemo
) -> tuple[list, dict]:
    known = memo.known(ctx)  # here: unpickling the entries is no work of the main process's
    memo.cache.close()
    exported = write_agent_exports(ctx, writer, known)
    # --no-cache keeps nothing: pickling every article's entry would be work for nothing
    return writer.records(), memo.new_entries(ctx, exported, known) if memo.cache.enabled else {}


def _check_links(ctx: pages.PageContext, report: Report) -> None:
    project = ctx.project
    for article in ctx.site.articles:
        shown = project.display(project.content_dir / article.source)
        report.extend(check_links(article, ctx.rendered[article.source], ctx.targets, shown))


def check_config_paths(project: Project, site: Site, report: Report) -> None:
    """Warn about config entries naming files or articles that do not exist."""
    config = project.config
    for path in config.featured:
        if f"{path}.md" not in site.by_source:
            report.warning(
                project.config_path.name,
                None,
                f"featured: '{path}' is not an article",
                hint="give paths under content_dir without .md, e.g. returns/start-a-return",
                code="config",
            )
    assets = set(site.assets)
    for key, value in (("brand.logo", config.brand.logo), ("brand.favicon", config.brand.favicon)):
        if value and "://" not in value and not value.startswith("/") and value not in assets:
            report.warning(
                project.config_path.name,
                None,
                f"{key}: '{value}' is not a file under content_dir",
                hint="the path is relative to content_dir, e.g. images/logo.svg",
                code="config",
            )


def _timer(timings: dict[str, float]):
    @contextmanager
    def timed(step: str, add: bool = False):
        start = time.perf_counter()
        yield
        timings[step] = (timings.get(step, 0.0) if add else 0.0) + time.perf_counter() - start

    return timed


def page_context(
    project: Project, site: Site, rendered: dict, use_cache: bool = False
) -> pages.PageContext:
    """What pages and exports need of the whole site, computed once (the MkDocs plugin uses it
    too). `use_cache`: templates compiled by an earlier build are reused (from the project's cache
    folder)."""
    urls = Urls(project)
    theme = Theme(project, project.cache_dir / TEMPLATE_CACHE if use_cache else None)
    theme.base_path = urls.base
    targets = site_link_targets(site, rendered)
    descriptions = {a.source: description_of(a, rendered[a.source]) for a in site.articles}
    return pages.PageContext(
        project,
        site,
        theme,
        urls,
        site_view(project, urls, site.day or today(), site),
        rendered,
        descriptions,
        build_nav(site),
        targets,
    )


def _write_pages(ctx: pages.PageContext, writer: SiteWriter, workers: Workers) -> None:
    """Every page: each one's context is made, and only those whose key changed are rendered."""
    site = ctx.site
    articles: list[PageJob] = [
        (f"{a.url}index.html", partial(_article_page, ctx, a))
        for a in site.articles + site.fallbacks
    ]
    taken = {path for path, _ in articles}
    # an article at a folder's URL (index.md) is that folder's page: the list it replaces goes
    site_pages = [job for job in _site_page_jobs(ctx) if job[0] not in taken]
    write_pages(site_pages + articles, writer, workers)


def _site_page_jobs(ctx: pages.PageContext) -> list[PageJob]:
    """The pages that are not articles: 404, each language's home and search page, categories."""
    site = ctx.site
    jobs: list[PageJob] = [("404.html", lambda: pages.render_not_found(ctx))]
    for lang in site.languages:  # each language's home and search page
        home = site.home(lang)
        jobs += [
            (f"{home}index.html", partial(pages.render_home, ctx, lang)),
            (f"{home}search/index.html", partial(pages.render_search, ctx, lang)),
        ]
    if site.home(site.languages[0]):  # the default language is not at the root: send readers to it
        jobs.append(
            (
                "index.html",
                partial(pages.render_redirect, ctx, ctx.urls.page(site.home(site.languages[0]))),
            )
        )
    homes = {site.root_of(lang) for lang in site.languages}
    jobs += [
        (f"{c.url}index.html", partial(pages.render_category, ctx, c))
        for c in site.categories.values()
        if c.path not in homes
    ]
    return jobs


def _article_page(ctx: pages.PageContext, article) -> pages.Page:
    return pages.render_article(ctx, article, alternates=markdown_alternates(ctx.urls, article))


def _put(writer: SiteWriter, path: str, page: pages.Page) -> None:
    writer.put(path, page.key, page.html)


def _write_site_files(ctx: pages.PageContext, writer: SiteWriter, assets: list[str]) -> None:
    """Theme assets, content files, sitemap and robots.txt: the site's files besides pages."""
    project, site = ctx.project, ctx.site
    for asset in ctx.theme.assets.values():
        writer.write(asset.path, asset.data, fingerprinted=asset.fingerprinted)
    writer.write(WIDGET_CONFIG, render_widget_config(ctx))
    writer.write(BUILD_RECORD, render_build_record(site, ctx.urls.base))
    for path in assets:
        writer.copy(path, project.content_dir / path)
    site_url = project.config.site_url
    if site_url and site.audience == "public":
        homes = {site.root_of(lang) for lang in site.languages}
        # an index.md is its folder's page: listed once, as an article
        articles = {a.url for a in site.articles}
        entries: list[tuple[str, dt.date | None]] = [
            (site.home(lang), None) for lang in site.languages if site.home(lang) not in articles
        ]
        entries += [
            (c.url, None)
            for c in site.categories.values()
            if c.path not in homes and site.has_own(c.path) and c.url not in articles
        ]
        entries += [
            (a.url, a.updated) for a in site.listed if not site.day or a.season(site.day) == "in"
        ]
        writer.write("sitemap.xml", render_sitemap(site_url, entries, sitemap_alternates(site)))
    writer.write("robots.txt", render_robots(site_url, private=site.audience != "public"))
    writer.write(".nojekyll", "")  # GitHub Pages would otherwise drop _schemas/ and _helpgen/


def _write_redirects(ctx: pages.PageContext, writer: SiteWriter, report: Report) -> None:
    """A page at each `redirect_from` path that sends readers (and crawlers) to the article."""
    for article in ctx.site.articles:
        for old in article.redirect_from:
            path = normalize_url_path(old) + "index.html"
            if writer.exists(path):
                report.warning(
                    ctx.project.display(ctx.project.content_dir / article.source),
                    None,
                    f"redirect_from '{old}' is already a page; no redirect written",
                    code="redirect",
                )
                continue
            _put(writer, path, pages.render_redirect(ctx, ctx.urls.page(article.url), article.lang))


def article_names(project: Project) -> dict[str, dict]:
    """id -> {"url", "title"} of the project's public, listed articles: how `helpgen stats` names
    the ids it counts. From the current content; on a replica that has none (`serve --no-build`),
    from the build record of the site it serves; else no names."""
    if project.content_dir.is_dir():
        articles: Sequence[BuiltArticle] = built_articles(
            load_site(project).site, Urls(project).base
        )
    else:
        try:
            articles = read_build_record(project.output_dir).articles
        except HelpgenError:
            return {}
    return {a.id: {"url": a.url, "title": a.title} for a in articles}
