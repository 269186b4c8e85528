"""The helpgen side of the MkDocs plugin: a Project from mkdocs.yml, articles from pages,
and the helpgen stages run over them. Knows nothing of MkDocs' classes: it gets plain values.

MkDocs decides where a page lives, so an article's URL is the page's URL; everything else
(id, title, description, language, audience, sections) is what helpgen's content and render
stages make of the page's markdown file.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from pathlib import Path, PurePosixPath

from helpgen.builder.articles import Processed, process_one
from helpgen.builder.cache import ArticleCache, config_salt
from helpgen.builder.pipeline import page_context, today
from helpgen.config import Project, load_project
from helpgen.config.model import Config, Feedback
from helpgen.content import Article, assemble_site, content_hash, discover
from helpgen.errors import HelpgenError, Problem, Report
from helpgen.exports.agents import write_agent_exports
from helpgen.render import seo
from helpgen.render.pages import PageContext, render_feedback
from helpgen.render.rendered import Rendered
from helpgen.render.sections import faq_page_pairs
from helpgen.render.theme import ASSET_PREFIX, Theme
from helpgen.render.views import LinkView
from helpgen.search import index_dir_for, start_search
from helpgen.search.build import SearchJob

STYLESHEET = Path(__file__).resolve().parent / "feedback.css"
_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclasses.dataclass(frozen=True)
class Options:
    """The plugin's options from mkdocs.yml, as plain values."""

    config: str | None = None
    feedback: bool = True
    feedback_endpoint: str = "/api/feedback"
    jsonld: bool = True
    search_index: bool = True
    exports: bool = True


def make_project(mkdocs: dict, options: Options) -> Project:
    """A helpgen Project over the MkDocs site: its docs_dir is content_dir, site_dir the output.

    With `options.config` (a helpgen.yml), its settings (variables, llms, policies, search
    synonyms, feedback) apply; site name, URL and language come from mkdocs.yml either way.
    """
    config_path = Path(mkdocs["config_file_path"]).resolve()
    endpoint = options.feedback_endpoint if options.feedback else False
    fields = {
        "site_name": mkdocs["site_name"],
        "site_url": mkdocs.get("site_url") or None,
        "description": mkdocs.get("site_description") or "",
        "language": _language(mkdocs.get("language")),
    }
    if options.config:
        base = load_project(options.config)
        config = base.config.model_copy(
            update={**fields, "site_url": _site_url(fields["site_url"])}
        )
        theme_dir = base.theme_dir
    else:
        config = Config(
            **{k: v for k, v in fields.items() if v is not None},
            variables=mkdocs.get("variables") or {},
            feedback=Feedback(endpoint=endpoint),
        )
        theme_dir = None
    if not options.feedback:
        config = config.model_copy(update={"feedback": False})
    return Project(
        config=config,
        config_path=config_path,
        root=config_path.parent,
        content_dir=Path(mkdocs["docs_dir"]).resolve(),
        output_dir=Path(mkdocs["site_dir"]).resolve(),
        theme_dir=theme_dir,
    )


def _language(value: object) -> str:
    text = str(value or "en").replace("_", "-")
    return text if _LANG.fullmatch(text) else "en"


def _site_url(value: str | None) -> str | None:
    return value if not value or value.endswith("/") else value + "/"


class HelpgenSite:
    """The articles of one MkDocs build, and what helpgen's stages make of them."""

    def __init__(self, project: Project, options: Options):
        self.project, self.options = project, options
        self.articles: dict[str, Article] = {}
        self.rendered: dict[str, Rendered] = {}
        self.report = Report()
        self.section_titles: dict[tuple[str, ...], str] = {}
        """Category folder -> the MkDocs nav section over it, for folders without
        `_category.yml`."""
        self.theme = Theme(project)
        # a folder of its own: a helpgen build of the same docs keeps (and prunes) its own entries
        self.cache = ArticleCache(project.cache_dir / "mkdocs")
        self._salt = config_salt(project)
        self._ctx: PageContext | None = None
        self._search: SearchJob | None = None

    def add_page(
        self, source: str, data: bytes, url: str, sections: tuple[str, ...] = ()
    ) -> Article | None:
        """Load and render one page's markdown as helpgen does (over helpgen's content-hash
        cache, in `.helpgen/mkdocs/`); None if helpgen cannot read it.

        `sections`: titles of the nav sections over the page, nearest first. When there is one
        per folder level, each names the folder at its level (a category in helpgen)."""
        key = content_hash(data, f"{self._salt}\0{source}")
        processed = self.cache.get(key)
        if not isinstance(processed, Processed):
            processed = process_one((self.project, source, data))
            if processed.article is not None:
                self.cache.put(key, processed)
        self.report.extend(processed.problems)
        if processed.article is None or processed.rendered is None:
            return None
        article = dataclasses.replace(processed.article, url=url)  # MkDocs decides where pages live
        self.articles[source], self.rendered[source] = article, processed.rendered
        if sections and len(sections) == len(article.category):
            for depth, title in enumerate(reversed(sections), 1):
                self.section_titles.setdefault(article.category[:depth], title)
        self._ctx = None
        self.abort()  # an index started before this page is out of date
        return article

    def shows_feedback(self, article: Article) -> bool:
        """Whether the page gets the feedback block: feedback is on, and it is a listed, public
        article."""
        return bool(self.project.feedback_endpoint) and article.listed and not article.internal

    def feedback_html(self, article: Article) -> str:
        """The theme's feedback block for an article page, or ''."""
        endpoint = self.project.feedback_endpoint
        if not endpoint or not self.shows_feedback(article):
            return ""
        return render_feedback(self.theme, article.id, endpoint)

    @property
    def ctx(self) -> PageContext:
        """The whole site as pages and exports see it; built when first asked, after every page was
        added."""
        if self._ctx is None:
            categories = discover(self.project.content_dir)[1]
            site = assemble_site(
                self.project, list(self.articles.values()), categories, [], self.report, day=today()
            )
            named = {
                tuple(c.split("/")[:-1]) for c in categories
            }  # a _category.yml wins over the nav
            for path, title in self.section_titles.items():
                if path in site.categories and path not in named:
                    site.categories[path] = dataclasses.replace(site.categories[path], title=title)
            self._ctx = page_context(
                self.project, site, {a.source: self.rendered[a.source] for a in site.articles}
            )
        return self._ctx

    def jsonld(self, source: str) -> str:
        """The page's Article (+ FAQPage) JSON-LD, or '' for a page the site does not list."""
        ctx = self.ctx
        article = ctx.site.by_source.get(source)
        if article is None or not article.listed:
            return ""
        rendered = ctx.rendered[source]
        link = ctx.link(article)
        updated = article.updated.isoformat() if article.updated else None
        faq = faq_page_pairs(list(rendered.sections)) if article.type == "faq" else None
        return seo.article_jsonld(self.project, ctx.urls, link, updated, self._crumbs(article), faq)

    def _crumbs(self, article: Article) -> tuple[LinkView, ...]:
        """Home, each category that has a page at its URL in the MkDocs site, then the article.

        helpgen's own category pages do not exist here, so no crumb may point at one."""
        ctx = self.ctx
        trail = [LinkView(self.project.config.site_name, ctx.urls.page(""))]
        for i in range(1, len(article.category) + 1):
            category = ctx.site.categories.get(article.category[:i])
            page = ctx.site.by_url.get(category.url) if category else None
            if page is not None and page is not article:
                trail.append(LinkView(page.title, ctx.urls.page(page.url)))
        return tuple(trail) + (LinkView(article.title, ctx.urls.page(article.url)),)

    @functools.cached_property
    def assets(self) -> dict[str, bytes]:
        """Site paths and bytes of what the feedback block needs: feedback.js and its stylesheet."""
        script = self.theme.assets["feedback.js"]
        return {script.path: script.data, f"{ASSET_PREFIX}feedback.css": STYLESHEET.read_bytes()}

    def start_search_index(self) -> None:
        """Start the Whoosh index in a forked process, so that it is written while MkDocs renders
        the pages; call it once every page was added (the first on_post_page)."""
        if self.options.search_index and self._search is None:
            ctx = self.ctx
            self._search = start_search(
                self.project,
                ctx.site,
                ctx.rendered,
                ctx.urls.base,
                self.project.output_dir,
                reuse=False,
            )

    def write_outputs(self, site_dir: Path) -> None:
        """Write the assets, the agent exports and the search indexes (the static one into
        MkDocs' site_dir, the Whoosh one beside it)."""
        writer = DirectoryWriter(site_dir)
        for path, data in self.assets.items():
            writer.write(path, data)
        if self.options.exports:
            write_agent_exports(self.ctx, writer)
        if self.options.search_index:
            self.start_search_index()
            assert self._search is not None, "start_search_index started it"
            try:
                self._search.finish(writer).commit()
            finally:
                self.abort()
        self.cache.save()

    def remove_search_index(self) -> None:
        """Delete the Whoosh index beside site_dir (after `mkdocs serve`, whose site_dir is
        temporary)."""
        shutil.rmtree(index_dir_for(self.project.output_dir), ignore_errors=True)

    def abort(self) -> None:
        """Drop a search index under way (the build failed, or pages changed since it started)."""
        if self._search is not None:
            self._search.abort()
            self._search = None


class DirectoryWriter:
    """Writes files straight into a folder another tool owns (MkDocs' site_dir): the
    `writer.write(path, data)` that helpgen's export and search stages write through."""

    def __init__(self, root: Path):
        self.root = root.resolve()

    def put(self, path: str, key: str, produce) -> None:
        """SiteWriter's keyed write; a fresh folder has nothing to skip, so it always writes."""
        self.write(path, produce())

    def write(self, path: str, data: str | bytes) -> None:
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or ".." in parts:
            raise HelpgenError(Problem("", None, f"refusing to write '{path}' outside {self.root}"))
        target = self.root.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
