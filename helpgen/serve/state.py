"""What a running server knows: the project, the built site, its articles, the stores."""

from __future__ import annotations

import base64
import hmac
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from helpgen.analytics.tracker import Tracker
from helpgen.config import Project
from helpgen.exports.artifact import BuiltArticle
from helpgen.errors import HelpgenError
from helpgen.feedback.validate import ArticleRegistry
from helpgen.feedback.writer import StoreWriter
from helpgen.serve.ratelimit import RateLimiter

ADMIN_TOKEN_ENV = "HELPGEN_ADMIN_TOKEN"


def registry_of(articles: Iterable[BuiltArticle]) -> tuple[ArticleRegistry, dict[str, dict]]:
    """The articles votes may name (the built site's: public, listed), and id -> {url, title}
    for statistics."""
    articles = list(articles)
    registry = ArticleRegistry(frozenset(a.id for a in articles), {a.url: a.id for a in articles})
    return registry, {a.id: {"url": a.url, "title": a.title} for a in articles}


@dataclass
class ServerState:
    """Shared by every request of one server process; swapped parts are replaced whole."""

    project: Project
    out: Path
    registry: ArticleRegistry
    articles: dict[str, dict]
    watch: bool = False
    _writer: StoreWriter | None = None
    _search = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.limiter = RateLimiter(self.project.feedback.rate_limit)
        self.event_limiter = RateLimiter(self.project.config.analytics.rate_limit)
        self.cors = frozenset(self.project.config.server.cors_origins)
        self.tracker = Tracker(self.project, self.watch, lambda: self.writer)

    def update_site(self, articles: Iterable[BuiltArticle]) -> None:
        """After a rebuild: the article list votes are checked against."""
        self.registry, self.articles = registry_of(articles)

    @property
    def writer(self) -> StoreWriter:
        """The feedback store, opened on first use (a read-only preview never creates it)."""
        with self._lock:
            if self._writer is None:
                self._writer = StoreWriter(self.project.feedback_store)
            return self._writer

    def search_index(self):
        """The built search index (None when this helpgen has no search engine or no index)."""
        try:
            from helpgen.search import index_dir_for, open_index
        except ImportError:
            return None
        with self._lock:
            try:
                if self._search is None:
                    self._search = open_index(index_dir_for(self.out))
                elif hasattr(self._search, "refresh"):
                    self._search.refresh()
            except HelpgenError:
                self._search = None  # not built (yet): the API answers 503 and tries again next time
            return self._search

    def warm_search(self) -> None:
        """Open the search index and load its model before the first query asks for them."""
        index = self.search_index()
        if index is not None:
            index.warm()

    def store_answers(self, timeout: float) -> bool:
        """Whether the store runs a trivial statement within `timeout` seconds (readiness)."""
        try:
            self.writer.run(lambda db: db.execute("SELECT 1").fetchone()).result(timeout)
        except Exception:  # noqa: BLE001 - whatever the store raised, it is not ready
            return False
        return True

    def admin_token(self) -> str | None:
        return os.environ.get(ADMIN_TOKEN_ENV) or self.project.config.server.admin_token

    def is_admin(self, header: str | None) -> bool:
        """`Authorization: Bearer <token>`, or Basic with the token as password (what a browser's login
        prompt sends, so that a support lead can open the dashboard; any user name)."""
        token = self.admin_token()
        if not token or not header:
            return False
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "basic":
            try:
                value = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        elif scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.strip().encode(), token.encode())

    def start_statistics(self) -> None:
        """At start: roll up expired raw events (then daily, with the first event of each day)."""
        if self.tracker.enabled and self.project.feedback_store.is_file():
            self.tracker.roll_up(self.writer)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
