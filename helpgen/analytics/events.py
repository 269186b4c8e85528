"""Check a statistics event sent by a page, the in-browser search or the chat widget.

The body is one JSON object, sent as text/plain (what a beacon sends without a CORS
preflight) or application/json:

    {"type": "view", "page": "/returns/start/"}
    {"type": "search", "query": "refund", "results": 3, "source": "instant"}
    {"type": "search_click", "query": "refund", "rank": 1, "url": "/returns/refunds/",
     "source": "search"}
    {"type": "contact_click", "page": "/returns/start/", "source": "page"}

docs/statistics.md is the reference for other senders (the widget).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from helpgen.store import Event
from helpgen.visitor_text import clean_visitor_text

if TYPE_CHECKING:  # a type only: analytics never imports feedback (whose report imports analytics)
    from helpgen.feedback.validate import ArticleRegistry

MAX_BODY = 2048
MAX_QUERY = 500
MAX_RANK = 1000
MAX_RESULTS = 10_000
MAX_URL = 2000
FIELDS = {
    "view": {"page"},
    "search": {"query", "results", "source"},
    "search_click": {"query", "rank", "url", "source"},
    "contact_click": {"page", "source"},
}
SOURCES = {
    "view": ("page",),
    "search": ("search", "instant", "widget"),
    "search_click": ("search", "instant", "widget"),
    "contact_click": ("page", "widget"),
}
"""Where an event may come from: the search page, the search box's instant results, the widget."""


class EventError(Exception):
    """An event that is refused: `status` is the HTTP status, `message` says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def parse_event(body: bytes, articles: ArticleRegistry) -> Event:
    """The Event in a request body (without its visitor), or EventError(4xx) naming the first
    problem."""
    if len(body) > MAX_BODY:
        raise EventError(413, f"body too large: at most {MAX_BODY} bytes")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise EventError(400, "body is not valid JSON") from None
    if not isinstance(data, dict):
        raise EventError(422, "body must be a JSON object")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in FIELDS:
        raise EventError(422, f"'type' must be one of {', '.join(FIELDS)}")
    unknown = sorted(set(data) - FIELDS[kind] - {"type"})
    if unknown:
        raise EventError(
            422,
            f"unknown field '{unknown[0]}' for a {kind} event "
            f"(fields: {', '.join(sorted(FIELDS[kind]))})",
        )
    source = _source(kind, data.get("source", "page"))
    if kind == "view":
        return Event("view", source, article=_page(data.get("page"), articles, required=True))
    if kind == "contact_click":
        return Event(
            "contact_click", source, article=_page(data.get("page"), articles, required=False)
        )
    query = _text(data.get("query"), "query", MAX_QUERY)
    if kind == "search":
        return Event(
            "search",
            source,
            query=query,
            results=_number(data.get("results"), "results", 0, MAX_RESULTS),
        )
    rank = _number(data.get("rank"), "rank", 1, MAX_RANK)
    return Event(
        "search_click",
        source,
        query=query,
        rank=rank,
        article=_resolve(data.get("url"), "url", articles),
    )


def _source(kind: str, source) -> str:
    if source not in SOURCES[kind]:
        raise EventError(
            422, f"'source' of a {kind} event must be one of {', '.join(SOURCES[kind])}"
        )
    return source


def _page(page, articles: ArticleRegistry, required: bool) -> str | None:
    """The article a page URL shows; a view must name one, a contact click may come from any
    page."""
    if page is None and not required:
        return None
    article = _resolve(page, "page", articles)
    if article is None and required:
        raise EventError(404, "no such article: views are counted for article and FAQ pages")
    return article


def _resolve(url, name: str, articles: ArticleRegistry) -> str | None:
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        raise EventError(422, f"'{name}' must be a URL path like /returns/start/")
    return articles.resolve(url)


def _text(value, name: str, limit: int) -> str:
    # escape sequences and control characters go, runs of blanks fold to one space: the query as a
    # reader typed it, and nothing left of it is nothing to store
    text = clean_visitor_text(value) if isinstance(value, str) else ""
    if not text:
        raise EventError(422, f"'{name}' must be non-empty text")
    if len(text) > limit:
        raise EventError(422, f"'{name}' is longer than {limit} characters")
    return text


def _number(value, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise EventError(422, f"'{name}' must be a whole number from {low} to {high}")
    return value
