"""Count events for a running server: drop what must not be counted, pseudonymise, enqueue.

Counting is off the request path: an event goes on the store writer's queue (one
transaction per batch, helpgen.store.writer) and the request does not wait for the
commit. Once a UTC day, the first event also queues the roll-up of expired raw events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from helpgen.analytics.agents import is_ai_agent
from helpgen.analytics.privacy import DailySalt, day_number, is_bot, read_headers, visitor_hash
from helpgen.config import Project
from helpgen.store import Event
from helpgen.store.rollup import STEP_DAYS, rolled_up, rollup
from helpgen.store.writer import StoreWriter

SALT_FOLDER = "visitor-salt"


class Tracker:
    """The statistics of one server process. `writer()` opens the store on first use."""

    def __init__(self, project: Project, watch: bool, writer: Callable[[], StoreWriter]):
        settings = project.config.analytics
        self.enabled = settings.enabled and not watch
        """The live preview counts nothing: the author's own reloads are not readers."""
        self.counts_views = self.enabled and not settings.endpoint
        """Pages send their own views (a beacon) when an endpoint is configured: never both."""
        self.filter_bots = settings.filter_bots
        self.retention_days = settings.retention_days
        self.salt = DailySalt(project.cache_dir / SALT_FOLDER)
        self.writer = writer
        self._rolled_up = -1

    def visitor(
        self, raw_headers: list[tuple[bytes, bytes]], address: str, agent: bool = False
    ) -> tuple[str, bool] | None:
        """(the day's visitor hash, whether an AI agent sent it) of a request, or None when it
        must not be counted (DNT, GPC, a bot that is no AI agent). `agent`: the request is an
        agent's whatever its user agent says (markdown, /mcp; helpgen.analytics.agents)."""
        user_agent, opted_out = read_headers(raw_headers)
        if opted_out:
            return None
        agent = agent or is_ai_agent(user_agent)
        if not agent and self.filter_bots and is_bot(user_agent):
            return None
        return visitor_hash(self.salt.get(), address, user_agent), agent

    def count(
        self,
        event: Event,
        raw_headers: list[tuple[bytes, bytes]],
        address: str,
        agent: bool = False,
    ) -> bool:
        """Queue `event` unless the request (its ASGI headers) must not be counted; whether it was
        queued. `agent` as for `visitor`."""
        if not self.enabled:
            return False
        counted = self.visitor(raw_headers, address, agent)
        if counted is None:
            return False
        writer = self.writer()
        if self._rolled_up != day_number():
            self.roll_up(writer)
        writer.record_event(replace(event, visitor=counted[0], agent=counted[1]))
        return True

    def roll_up(self, writer: StoreWriter) -> None:
        """Queue the roll-up (at start, then daily): STEP_DAYS days per writer task, the next
        step queued while one leaves more, so that votes are written between the steps."""
        self._rolled_up = day_number()
        retention = self.retention_days

        def step(db) -> bool:
            rollup(db, retention, days=STEP_DAYS)
            return not rolled_up(db, retention)

        def next_step(future) -> None:
            if future.exception() is None and future.result():
                writer.run(step).add_done_callback(next_step)

        writer.run(step).add_done_callback(next_step)
