"""The search page's answer and results, rendered by the server for readers without JavaScript.

The build writes each language's search page with a placeholder between two markers (the
theme's partials/search_results.html). For `GET /search/?q=…` the server answers the
question and searches the index, as /api/answer does, and puts that partial, rendered
with the answer (or none) above the hits, in the placeholder's place: the form, a plain
GET, then works with JavaScript off. search.js, when it runs, replaces the results with
its own, as on a static host, where the page stays as built (links only: docs/search.md);
it keeps the answer while the query is the same and asks /api/answer for a new one.
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio
import jinja2
from starlette.datastructures import QueryParams

from helpgen.content.urls import language_prefix
from helpgen.errors import HelpgenError
from helpgen.render.theme import Theme
from helpgen.render.views import Urls
from helpgen.serve.state import ServerState

START, END = b"<!--hg:results-->", b"<!--/hg:results-->"
PARTIAL = "partials/search_results.html"
LIMIT = 20
"""Results shown, as many as search.js shows on the page."""


@dataclass(frozen=True)
class PageLanguage:
    """The `site` the partial is rendered with: its `t()` reads the page's language from it."""

    lang: str


class SearchPage:
    """Finds the search pages among the site's files and fills in their results."""

    def __init__(self, state: ServerState):
        self.state = state
        self._theme: tuple[object, Theme] | None = None

    def lang_of(self, path: str) -> str | None:
        """The language of the search page at site path `path` (`search`, `id/search`), or None."""
        config = self.state.project.config
        folder = path.removesuffix("/index.html")
        for lang in config.site_languages:
            home = language_prefix(lang, config.language, config.default_language_at_root)
            if folder == home + "search":
                return lang
        return None

    async def render(self, html: bytes, lang: str, query_string: bytes) -> bytes:
        """The page `html` with results for the `q` of `query_string` in its placeholder;
        as it is when it has no placeholder (a theme's own page) or there is no index."""
        start = html.find(START)
        end = html.find(END, start + len(START)) if start >= 0 else -1
        if end < 0:
            return html
        query = QueryParams(query_string).get("q", "")
        found = (
            await anyio.to_thread.run_sync(self._search, query, lang)
            if query.strip()
            else ([], None)
        )
        if found is None:
            return html
        results, answer = found
        try:
            part = (
                self._theme_now()
                .env.get_template(PARTIAL)
                .render(
                    query=query.strip(),
                    results=results,
                    answer=answer,
                    answer_api=self._answer_api(),
                    site=PageLanguage(lang),
                )
            )
        except (jinja2.TemplateError, HelpgenError):  # a broken theme: the page as built, not a 500
            return html
        return html[:start] + part.encode("utf-8") + html[end + len(END) :]

    def _search(self, query: str, lang: str) -> tuple[list, dict | None] | None:
        """The hits and the answer (as /api/answer's JSON, or None), as the API finds them;
        None without an index (the page then stays as built)."""
        index = self.state.search_index()
        if index is None:
            return None
        from helpgen.search import QueryError

        try:
            found = index.answer(query, lang)
            results = index.search(query, LIMIT, lang).results
        except QueryError:  # too long to be a question: nothing matches it
            return [], None
        return results, found.to_dict(index.analyzer_for(lang)) if found is not None else None

    def _answer_api(self) -> str:
        """/api/answer under the site's base path: search.js asks it for a new query's answer."""
        return self._theme_now().base_path + "api/answer"

    def _theme_now(self) -> Theme:
        """The theme of the project as it is now (watch mode reloads it when the config changes)."""
        project = self.state.project
        if self._theme is None or self._theme[0] is not project:
            theme = Theme(project)
            theme.base_path = Urls(project).base
            self._theme = (project, theme)
        return self._theme[1]
