"""Short pieces of HTML as text, and text cut to length.

For the small fragments a Treeprocessor meets only as HTML (what an inline extension stashed):
a few regular expressions. A whole body's text is read from its tree (helpgen.render.body).
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


def cut_at_word(text: str, limit: int = 160) -> str:
    """`text` cut at a word boundary so it fits `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"
