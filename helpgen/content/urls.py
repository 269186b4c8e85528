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


def language_prefix(lang: str, default_lang: str, default_at_root: bool = True) -> str:
    """The URL prefix of a language's pages: `id/`; none for the default language at the root."""
    return "" if lang == default_lang and default_at_root else f"{lang}/"


def split_language(
    source: str, languages: tuple[str, ...], default_lang: str
) -> tuple[str | None, str]:
    """(language, path inside its tree) when `source` lies in a non-default language's top
    folder (`id/returns/x.md` -> ('id', 'returns/x.md')), else (None, source)."""
    head, _, rest = source.partition("/")
    if rest and head in languages and head != default_lang:
        return head, rest
    return None, source


FOLDER_PAGE_NAMES = ("index", "README", "readme")
"""An article file named so (`.md` aside) is its folder's page: `returns/index.md` is
`/returns/`."""


def article_url(
    source: str, slug: str | None, lang: str, default_lang: str, default_at_root: bool = True
) -> str:
    """URL path of an article, as a directory:
    `returns/refund-policy.md` -> `returns/refund-policy/`.

    `source` is the path inside its language's tree. A front matter `slug` replaces the file
    name (a slug starting with `/` replaces the whole path); the language adds its prefix
    (`language_prefix`). `index.md` is its folder's page.
    """
    path = PurePosixPath(source).with_suffix("")
    if slug:
        path = (
            PurePosixPath(slug.strip("/"))
            if slug.startswith("/")
            else path.parent / slug.strip("/")
        )
    parts = [p for p in path.parts if p != "."]
    if parts and parts[-1] in FOLDER_PAGE_NAMES:
        parts.pop()
    return language_prefix(lang, default_lang, default_at_root) + "".join(f"{p}/" for p in parts)


def category_url(path: tuple[str, ...], prefix: str = "") -> str:
    """URL path of a category folder: ('returns',) -> `returns/`; a language tree's folders
    carry their language already (('id', 'returns') -> `id/returns/`), `prefix` is the
    default language's when it is not at the root."""
    return prefix + "".join(f"{p}/" for p in path)


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
