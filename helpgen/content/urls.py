"""Where an article lives: the one place URLs and slugs are computed."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: `Where's my order?` -> `wheres-my-order`."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[\s_-]+", "-", text).strip("-")


def article_url(source: str, slug: str | None, lang: str, default_lang: str) -> str:
    """URL path of an article, as a directory: `returns/refund-policy.md` -> `returns/refund-policy/`.

    A front matter `slug` replaces the file name (a slug starting with `/` replaces the whole
    path); a non-default language adds a `<lang>/` prefix. `index.md` is its folder's page.
    """
    path = PurePosixPath(source).with_suffix("")
    if slug:
        path = PurePosixPath(slug.strip("/")) if slug.startswith("/") else path.parent / slug.strip("/")
    parts = [p for p in path.parts if p != "."]
    if parts and parts[-1] in ("index", "README", "readme"):
        parts.pop()
    if lang != default_lang:
        parts.insert(0, lang)
    return "".join(f"{p}/" for p in parts)


def category_url(path: tuple[str, ...]) -> str:
    """URL path of a category folder: ('returns',) -> `returns/`."""
    return "".join(f"{p}/" for p in path)


def normalize_url_path(path: str) -> str:
    """`/old/returns.html` or `old/returns` -> `old/returns/` style, for redirects and lookups."""
    path = path.split("#")[0].split("?")[0].strip().lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    if path and not path.endswith("/"):
        path += "/"
    return path
