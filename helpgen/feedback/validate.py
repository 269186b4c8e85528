"""Check a "Was this helpful?" vote sent by a browser before anything is stored."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from helpgen.store import Vote
from helpgen.visitor_text import clean_visitor_text

MAX_BODY = 16384
"""Bytes: the largest valid vote, a 1,000-character comment with every character \\u-escaped,
fits."""
MAX_COMMENT = 1000
REASONS = ("outdated", "unclear", "incomplete", "did_not_answer", "other")
_VOTE_KEY = re.compile(r"[A-Za-z0-9-]{8,64}")
_FIELDS = {"article", "helpful", "reason", "comment", "vote"}


class VoteError(Exception):
    """A vote that is refused: `status` is the HTTP status, the message says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class ArticleRegistry:
    """The articles a vote may name, by id and by URL path (`/returns/start/`)."""

    ids: frozenset[str]
    paths: dict[str, str]
    """URL path -> article id."""

    def resolve(self, ref: str) -> str | None:
        if ref in self.ids:
            return ref
        path = "/" + ref.split("://", 1)[-1].split("/", 1)[-1] if "://" in ref else ref
        path = path.split("#")[0].split("?")[0]
        return self.paths.get(path if path.endswith("/") else path + "/")


def parse_vote(body: bytes, articles: ArticleRegistry) -> Vote:
    """The Vote in a request body, or VoteError(4xx) naming the first problem."""
    if len(body) > MAX_BODY:
        raise VoteError(413, f"body too large: at most {MAX_BODY} bytes")
    try:
        data = json.loads(body)
    except (
        ValueError,
        UnicodeDecodeError,
        RecursionError,
    ):  # RecursionError: absurdly deep nesting
        raise VoteError(400, "body is not valid JSON") from None
    if not isinstance(data, dict):
        raise VoteError(422, "body must be a JSON object")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise VoteError(422, f"unknown field '{unknown[0]}' (fields: {', '.join(sorted(_FIELDS))})")
    article = data.get("article")
    if not isinstance(article, str) or not article or len(article) > 500:
        raise VoteError(422, "'article' must be an article id or URL path")
    article_id = articles.resolve(article)
    if article_id is None:
        raise VoteError(404, "no such article")
    helpful = data.get("helpful")
    if not isinstance(helpful, bool):
        raise VoteError(422, "'helpful' must be true or false")
    return Vote(
        article_id,
        helpful,
        _reason(data.get("reason"), helpful),
        _comment(data.get("comment")),
        _key(data.get("vote")),
    )


def _reason(reason, helpful: bool) -> str | None:
    if reason is None or reason == "":
        return None
    if reason not in REASONS or helpful:
        raise VoteError(
            422, f"'reason' must be one of {', '.join(REASONS)}, and only with helpful: false"
        )
    return reason


def _comment(comment) -> str | None:
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise VoteError(422, "'comment' must be text")
    # stored as written (escaped when shown), without escape sequences and spoofing characters
    comment = clean_visitor_text(comment, multiline=True)
    if len(comment) > MAX_COMMENT:
        raise VoteError(422, f"'comment' is longer than {MAX_COMMENT} characters")
    return comment or None


def _key(key) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not _VOTE_KEY.fullmatch(key):
        raise VoteError(422, "'vote' must be 8 to 64 letters, digits or hyphens")
    return key
