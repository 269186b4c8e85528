"""Read back what a rendered body contains: plain text, ids, headings and images.

Python-Markdown's output is regular (its own serializer, attributes always quoted), so
a few regular expressions read it far faster than a second HTML parse; raw HTML blocks
from the markdown are covered too, since they are part of the same output.
"""

from __future__ import annotations

import html as htmllib
import re

_SPACE = re.compile(r"[ \t\r\f\v]+")
_DROP = re.compile(
    r"<(script|style|template)\b.*?</\1\s*>|<a class=\"headerlink\"[^>]*>.*?</a>", re.S | re.I
)
_BREAK = re.compile(
    r"</?(?:p|div|li|ul|ol|table|tr|td|th|pre|blockquote|h[1-6]|br|hr|section|details|summary|dd|dt)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_ID = re.compile(r"\sid=\"([^\"]+)\"")
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.S | re.I)
_IMG = re.compile(r"<img\b([^>]*)>", re.I)
_ATTR = re.compile(r"([\w-]+)=\"([^\"]*)\"")


def plain_text(html: str) -> str:
    """The text a reader sees, one line per block, without heading permalinks or scripts."""
    text = _BREAK.sub("\n", _DROP.sub("", html))
    text = htmllib.unescape(_TAG.sub("", text))
    return "\n".join(
        line for line in (_SPACE.sub(" ", raw).strip() for raw in text.split("\n")) if line
    )


def inline_text(html: str) -> str:
    """An HTML fragment as one line of text."""
    return " ".join(plain_text(html).split())


def element_ids(html: str) -> frozenset[str]:
    return frozenset(htmllib.unescape(i) for i in _ID.findall(html))


def headings(html: str) -> tuple[tuple[int, str, str], ...]:
    """(level, id, text) of every heading, in order."""
    found = []
    for level, attrs, inner in _HEADING.findall(_DROP.sub("", html)):
        found.append(
            (
                int(level),
                htmllib.unescape(dict(_ATTR.findall(attrs)).get("id", "")),
                inline_text(inner),
            )
        )
    return tuple(found)


def images(html: str) -> tuple[tuple[str, str], ...]:
    """(src, alt) of every image."""
    out = []
    for attrs in _IMG.findall(html):
        values = dict(_ATTR.findall(attrs))
        out.append(
            (htmllib.unescape(values.get("src", "")), htmllib.unescape(values.get("alt", "")))
        )
    return tuple(out)


def cut_at_word(text: str, limit: int = 160) -> str:
    """`text` cut at a word boundary so it fits `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"
