"""What the store keeps: a vote and a counted event, as plain data (no SQL here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def now() -> str:
    """The current UTC time as stored: ISO 8601 to the second (sorts as text on every backend)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Vote:
    """One answer to "Was this article helpful?"; a known `vote_key` replaces the earlier vote."""

    article: str
    helpful: bool
    reason: str | None = None
    comment: str | None = None
    vote_key: str | None = None
    created: str = ""


@dataclass(frozen=True)
class Event:
    """One counted event (helpgen.analytics validates them); `created` is filled in when empty."""

    type: str
    source: str
    visitor: str | None = None
    article: str | None = None
    query: str | None = None
    rank: int | None = None
    results: int | None = None
    """`search` events only: how many results the query had (they go to the searches table)."""
    created: str = ""
    agent: bool = False
    """Sent by an AI agent (helpgen.analytics.agents), counted apart from people."""
