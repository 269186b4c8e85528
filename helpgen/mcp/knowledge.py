"""What the MCP tools answer from: a built site's `articles.jsonl` and its search index.

Plain Python, no MCP in here, so the answers are testable without a client. The records
are read again whenever the file changes (a rebuild while the server runs); searches go
through `helpgen.search`, the same query function as the CLI and the HTTP API.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from helpgen.errors import HelpgenError
from helpgen.exports.markdown import MARKDOWN_SUFFIX

ARTICLES = "articles.jsonl"
MAX_LIMIT = 50
_SHOWN = (
    "id",
    "title",
    "url",
    "markdown_url",
    "description",
    "category",
    "category_titles",
    "tags",
    "lang",
    "updated",
    "valid_from",
    "valid_until",
    "markdown",
    "faq",
)
"""A record's fields `get_article` returns (not `text` and `headings`: the markdown has them)."""


class NotFound(LookupError):
    """An article or a file the caller asked for is not there; the message says what to do."""


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[int, int]
    records: tuple[dict, ...]
    keys: dict[str, dict]


class Knowledge:
    """The articles of one built site, looked up by id or URL, searched through its index."""

    def __init__(self, site_dir: Path, index: Callable[[], object] | None = None):
        """`index()`: the search index to ask, when the caller holds one already (`helpgen
        serve`'s, which it reopens after a rebuild); by default the site's own is opened."""
        self.site_dir = Path(site_dir)
        self._loaded: _Loaded | None = None
        self._index = None
        self._given_index = index
        self._opening = threading.Lock()

    @property
    def records(self) -> tuple[dict, ...]:
        return self._load().records

    def _load(self) -> _Loaded:
        path = self.site_dir / ARTICLES
        try:
            stat = path.stat()
        except OSError:
            raise NotFound(f"{path} is missing: build the site first (`helpgen build`)") from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._loaded is None or self._loaded.stamp != stamp:
            with path.open(encoding="utf-8") as f:
                records = tuple(json.loads(line) for line in f if line.strip())
            keys: dict[str, dict] = {}
            for record in records:
                for key in _record_keys(record):
                    keys.setdefault(key, record)
            self._loaded = _Loaded(stamp, records, keys)
        return self._loaded

    def search(self, query: str, limit: int = 5, lang: str | None = None) -> dict:
        """The best articles for `query` from the site's search index (in `lang` only, when
        given), with their markdown URL."""
        query = query.strip()
        if not query:
            raise ValueError("query is empty: pass words to search for, e.g. 'refund timing'")
        limit = max(1, min(int(limit), MAX_LIMIT))
        loaded = self._load()
        found = self._search_index().search(query, limit=limit, lang=lang or None)
        results = []
        for hit in found.results:
            record = loaded.keys.get(hit.id, {})
            results.append(
                {
                    "id": hit.id,
                    "title": hit.title,
                    "url": record.get("url", hit.url),
                    "markdown_url": record.get("markdown_url"),
                    "snippet": _markdown_snippet(hit.snippet),
                    "score": round(float(hit.score), 4),
                    "category": hit.category,
                    "source": hit.source,
                    "lang": record.get("lang"),
                    "description": record.get("description", ""),
                }
            )
        return {"query": query, "mode": found.mode, "results": results}

    def answer(self, question: str, lang: str | None = None) -> dict:
        """The passage that answers `question` (quoted from the article, with its deep link), or
        `answer: null` when nothing answers well enough."""
        question = question.strip()
        if not question:
            raise ValueError("question is empty: ask in words, e.g. 'when will I get my refund?'")
        index = self._search_index()
        found = index.answer(question, lang=lang or None)
        body = found.to_dict() if found is not None else None
        if body is not None:
            del body["html"]
        return {"query": question, "answer": body}

    def warm(self) -> None:
        """Open the search index and load its model now, so that an agent's first search does
        not wait for them (about half a second with semantic matching). The MCP server calls
        this in a thread at start; a missing or unreadable index is reported when searched."""
        try:
            self._search_index().warm()
        except (NotFound, HelpgenError, ImportError, OSError):
            pass

    def _search_index(self):
        from helpgen.search import index_dir_for, open_index

        index_dir = index_dir_for(self.site_dir)
        if self._given_index is not None:
            index = self._given_index()
            if index is None:
                raise NotFound(f"no search index at {index_dir}: build the site again")
            return index
        if not index_dir.exists():
            raise NotFound(
                f"no search index at {index_dir}: build the site again (`helpgen build`)"
            )
        with self._opening:  # the warming thread and the first tool call open it once
            if self._index is None or self._index[0] != index_dir:
                self._index = (
                    index_dir,
                    open_index(index_dir),
                )  # it reopens by itself after a rebuild
            return self._index[1]

    def get(self, id_or_url: str) -> dict:
        """One article by id, source path, URL (absolute or not), or its markdown copy's URL."""
        if not id_or_url.strip():
            raise ValueError("id_or_url is empty: pass an article id or URL")
        loaded = self._load()
        for key in _query_keys(id_or_url):
            if key in loaded.keys:
                record = loaded.keys[key]
                return {name: record.get(name) for name in _SHOWN}
        raise NotFound(
            f"no article '{id_or_url.strip()}': "
            "pass an id or URL from search_articles or list_categories"
        )

    def categories(self) -> dict:
        """Every category (and section) with its title, URL and how many articles it holds."""
        found: dict[tuple[str, ...], dict] = {}
        for record in self.records:
            path, titles = tuple(record["category"]), record["category_titles"]
            url = record["url"]
            base = url[: len(url) - len(record["path"])] if url.endswith(record["path"]) else "/"
            for depth in range(len(path) + 1):
                key = path[:depth]
                entry = found.setdefault(
                    key,
                    {
                        "path": "/".join(key),
                        "title": titles[depth - 1] if depth else "",
                        "titles": list(titles[:depth]),
                        "url": base + "".join(f"{p}/" for p in key),
                        "articles": 0,
                        "articles_below": 0,
                    },
                )
                entry["articles_below"] += 1
                if depth == len(path):
                    entry["articles"] += 1
        root = found.pop((), None)
        categories = [found[key] for key in sorted(found)]
        return {"categories": categories, "articles": root["articles_below"] if root else 0}


def _record_keys(record: dict) -> list[str]:
    url_path = unquote(urlsplit(record["url"]).path)
    source = record["source"]
    return [
        record["id"],
        source,
        source.rsplit(".", 1)[0],
        record["url"],
        record["markdown_url"],
        record["path"],
        "/" + record["path"],
        url_path,
    ]


def _query_keys(value: str) -> list[str]:
    """What a caller's id or URL may match, most literal first."""
    value = value.strip()
    keys = [value]
    path = (
        unquote(urlsplit(value).path) if "://" in value else value.split("#", 1)[0].split("?", 1)[0]
    )
    for suffix in (MARKDOWN_SUFFIX, "index.html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path.endswith(".md"):
        keys.append(path.lstrip("/"))
        path = path[:-3]
    keys += [path, path.lstrip("/")]
    if path and not path.endswith("/"):
        keys += [path + "/", path.lstrip("/") + "/"]
    return keys


def _markdown_snippet(snippet: str) -> str:
    """The search snippet (escaped HTML with `<mark>`) as markdown: matched words in bold."""
    return html.unescape(re.sub(r"</?mark>", "**", snippet))
