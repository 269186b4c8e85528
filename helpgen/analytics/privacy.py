"""Who is not counted, and the most that identifies who is: a visitor hash that changes every day.

- `Do-Not-Track: 1` or `Sec-GPC: 1` (Global Privacy Control): not counted at all.
- A user agent that is a crawler, a bot or an HTTP library (crawlerdetect's maintained
  patterns), or none at all: not counted.
- Everyone else is counted under BLAKE2b keyed with the salt of the day over address and
  user agent, 8 bytes (16 hex digits): enough to count distinct readers in one day, useless the
  next. The salt is random, lives in its own file under the project's cache folder (never in
  the store beside the hashes, so that every worker process of one server agrees on it), and
  is deleted when the day changes; from then on nobody can tell which address made an earlier
  hash. The address and the user agent themselves are never stored or logged.

The hash is keyed BLAKE2b (the standard library's keyed mode, a MAC by design, and cheaper
per request than HMAC-SHA256: this runs for every page served).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import threading
import time
from functools import lru_cache
from pathlib import Path

from crawlerdetect import CrawlerDetect

SALT_BYTES = 32
MAX_USER_AGENT = 512
"""Longer user agents are cut before they are checked or hashed (a cap on work per request)."""

_detector = CrawlerDetect()
_detector_lock = threading.Lock()  # CrawlerDetect keeps its last matches on the instance


def read_headers(raw: list[tuple[bytes, bytes]]) -> tuple[str, bool]:
    """(user agent, opted out) from an ASGI request's raw headers, in one pass: opted out is
    `DNT: 1` or `Sec-GPC: 1` (Global Privacy Control)."""
    agent, out = "", False
    for name, value in raw:
        if name == b"user-agent":
            agent = value[:MAX_USER_AGENT].decode("latin-1")
        elif name in _OPT_OUT and value.strip() == b"1":
            out = True
    return agent, out


_OPT_OUT = (b"dnt", b"sec-gpc")


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """A crawler, bot, monitor or HTTP library by its user agent; no user agent counts as a bot."""
    if not user_agent.strip():
        return True
    with _detector_lock:
        return _detector.isCrawler(user_agent)


def day_number() -> int:
    """The current UTC day as a number (cheap enough to ask on every request)."""
    return int(time.time() // 86400)


def today() -> str:
    return dt.date.fromordinal(EPOCH_ORDINAL + day_number()).isoformat()


EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class DailySalt:
    """The salt of the current UTC day, shared by the processes of one server through `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._day = -1
        self._salt = b""
        self._lock = threading.Lock()

    def get(self) -> bytes:
        day = day_number()
        if day == self._day:
            return self._salt
        with self._lock:
            if day != self._day:
                self._salt, self._day = self._load(today()), day
            return self._salt

    def _load(self, day: str) -> bytes:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.folder / day
        tmp = self.folder / f".{day}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(SALT_BYTES))
        try:
            os.link(tmp, path)  # atomic: the first process to get here sets the day's salt for all
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        salt = path.read_bytes()
        for old in self.folder.iterdir():
            if old.name != day and not old.name.startswith("."):
                old.unlink(missing_ok=True)  # yesterday's hashes become unlinkable to anyone
        return salt


def visitor_hash(salt: bytes, address: str, user_agent: str) -> str:
    """The day's pseudonym of one browser: equal for the same address and user agent on one day."""
    message = f"{address}\n{user_agent[:MAX_USER_AGENT]}".encode("utf-8", "replace")
    return hashlib.blake2b(message, key=salt, digest_size=8).hexdigest()
