"""What a running server knows: the project, the built site, its articles, the stores."""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from helpgen.analytics.figures import compute_figures
from helpgen.analytics.tracker import Tracker
from helpgen.config import Project
from helpgen.errors import HelpgenError
from helpgen.exports.artifact import BuiltArticle
from helpgen.feedback.validate import ArticleRegistry
from helpgen.store import Store, StoreError, project_location
from helpgen.store.limits import BatchedLimiter, SharedLimiter
from helpgen.store.writer import StoreWriter

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
    pending_vectors = None
    """The first build's vectors being embedded in this process (`helpgen.search.deferred`)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _upgraded: bool = False

    def __post_init__(self):
        self.store = Store(project_location(self.project))
        """Connects on first use: a read-only preview never creates it."""
        self.limiter = self.store.limiter("votes", self.project.feedback.rate_limit)
        self.event_limiter = self.store.limiter(
            "events", self.project.config.analytics.rate_limit, batched=True
        )
        self.mcp_limiter = self.store.limiter(
            "mcp", self.project.config.server.mcp_rate_limit, batched=True
        )
        self.cors = frozenset(self.project.config.server.cors_origins)
        self.tracker = Tracker(self.project, self.watch, lambda: self.writer)

    def update_site(self, articles: Iterable[BuiltArticle]) -> None:
        """After a rebuild: the article list votes are checked against."""
        self.registry, self.articles = registry_of(articles)

    @property
    def writer(self) -> StoreWriter:
        """The store's writer, started on first use (its schema upgraded first)."""
        with self._lock:
            if self._writer is None:
                self._upgrade()
                self._writer = self.store.writer()
            return self._writer

    def _upgrade(self) -> None:
        if not self._upgraded:
            # under the store's migration lock: other processes wait, or find it done
            self.store.upgrade()
            self._upgraded = True

    def figures(self, since: dt.date | None) -> dict:
        """The statistics (helpgen.analytics.figures) from the store; StoreError when it does
        not answer."""
        with self._lock:
            self._upgrade()
        with self.store.reading() as connection:
            return compute_figures(connection, since, self.articles)

    def allow(self, limiter: SharedLimiter | BatchedLimiter, address: str) -> float | None:
        """Seconds `address` must wait before its next write (0: go ahead); None when the store
        does not answer. A `limiter.blocking` one makes a round trip: call it in a thread."""
        if limiter.per_minute <= 0:
            return 0.0
        try:
            if not self._upgraded:  # once per process (at start in production)
                with self._lock:
                    self._upgrade()
            return limiter.allow(address)
        except (SQLAlchemyError, StoreError):
            return None

    def store_available(self) -> bool:
        """Whether writes may be taken now: False while the store is down (503, Retry-After)."""
        return self._writer is None or self._writer.available

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
                self._search = (
                    None  # not built (yet): the API answers 503 and tries again next time
                )
            return self._search

    def warm_search(self) -> None:
        """Open the search index and load its model before the first query asks for them."""
        index = self.search_index()
        if index is not None:
            index.warm()

    def store_answers(self) -> bool:
        """Whether the store answers a trivial statement now (readiness)."""
        try:
            return self.store.ping()
        except (SQLAlchemyError, StoreError):
            return False

    def admin_token(self) -> str | None:
        return os.environ.get(ADMIN_TOKEN_ENV) or self.project.config.server.admin_token

    def is_admin(self, header: str | None) -> bool:
        """`Authorization: Bearer <token>`, or Basic with the token as password (what a browser's
        login prompt sends, so that a support lead can open the dashboard; any user name)."""
        token = self.admin_token()
        if not token or not header:
            return False
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "basic":
            try:
                value = (
                    base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
                )
            except (ValueError, UnicodeDecodeError):
                return False
        elif scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.strip().encode(), token.encode())

    def start_statistics(self) -> None:
        """At start: roll up expired raw events (then daily, with the first event of each day)."""
        if self.tracker.enabled and self.store.exists():
            self.tracker.roll_up(self.writer)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self.store.close()
