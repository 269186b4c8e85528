"""Who is not counted, and the most that identifies who is: a visitor hash that changes every day.

- `Do-Not-Track: 1` or `Sec-GPC: 1` (Global Privacy Control): not counted at all.
- A user agent that is a crawler, a bot or an HTTP library (crawlerdetect's maintained
  patterns), or none at all: not counted.
- Everyone else is counted under HMAC-SHA256(salt of the day, address + user agent), cut to
  16 hex digits: enough to count distinct readers in one day, useless the next. The salt is
  random, lives in its own file under the project's cache folder (never in the store beside
  the hashes, so that every worker process of one server agrees on it), and is deleted when
  the day changes; from then on nobody can tell which address made an earlier hash. The
  address and the user agent themselves are never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import threading
from functools import lru_cache
from pathlib import Path

from crawlerdetect import CrawlerDetect

SALT_BYTES = 32
MAX_USER_AGENT = 512
"""Longer user agents are cut before they are checked or hashed (a cap on work per request)."""

_detector = CrawlerDetect()
_detector_lock = threading.Lock()  # CrawlerDetect keeps its last matches on the instance


def opted_out(headers) -> bool:
    """Whether the request asks not to be tracked (DNT or Global Privacy Control)."""
    return headers.get("dnt", "").strip() == "1" or headers.get("sec-gpc", "").strip() == "1"


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """A crawler, bot, monitor or HTTP library by its user agent; no user agent counts as a bot."""
    if not user_agent.strip():
        return True
    with _detector_lock:
        return _detector.isCrawler(user_agent)


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


class DailySalt:
    """The salt of the current UTC day, shared by the processes of one server through `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._day = ""
        self._salt = b""
        self._lock = threading.Lock()

    def get(self) -> bytes:
        day = today()
        with self._lock:
            if day != self._day:
                self._salt, self._day = self._load(day), day
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
    return hmac.new(salt, message, hashlib.sha256).hexdigest()[:16]
