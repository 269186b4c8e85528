"""Per-client rate limit for writes: a token bucket per client address, kept only in memory."""

from __future__ import annotations

import time
from threading import Lock


class RateLimiter:
    """Allow `per_minute` requests a minute per client (all of them at once, if it comes to that)."""

    def __init__(self, per_minute: int, max_clients: int = 100_000):
        self.rate = per_minute / 60.0
        self.burst = max(1.0, float(per_minute))
        self.max_clients = max_clients
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = Lock()

    def allow(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if len(self.buckets) >= self.max_clients:
                self.buckets.clear()  # bounded memory under a flood of addresses
            if tokens >= 1:
                self.buckets[client] = (tokens - 1, now)
                return 0.0
            self.buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate
