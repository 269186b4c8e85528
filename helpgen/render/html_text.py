"""Read back what a rendered body contains: plain text, ids, headings, images, first paragraph.

One pass of the standard library's HTMLParser over the final HTML, so raw HTML blocks
in the markdown count as much as markdown syntax does.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")
_SKIP = {"script", "style", "template"}
_BLOCK = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "pre", "blockquote", "h1", "h2", "h3",
          "h4", "h5", "h6", "br", "hr", "section", "details", "summary", "dd", "dt"}


class BodyReader(HTMLParser):
    """Feed it a body's HTML; then read `.text`, `.ids`, `.headings`, `.images`, `.summary`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[tuple[int, str, str]] = []
        self.images: list[tuple[str, str]] = []
        self.summary = ""
        self._skip = 0
        self._heading: tuple[int, str, list[str]] | None = None
        self._para: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in _SKIP or "headerlink" in (attrs.get("class") or ""):
            self._skip += 1
            return
        if tag == "img":
            self.images.append((attrs.get("src") or "", attrs.get("alt") or ""))
        if tag in _BLOCK:
            self.parts.append("\n")
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._heading = (int(tag[1]), attrs.get("id") or "", [])
        if tag == "p" and not self.summary and self._depth == 0:
            self._para = []
        if tag in ("div", "details", "blockquote", "table", "li", "section"):
            self._depth += 1  # a first paragraph inside a note or a list is no summary

    def handle_endtag(self, tag):
        if tag in _SKIP or (self._skip and tag == "a"):
            self._skip = max(self._skip - 1, 0)
            return
        if tag in ("div", "details", "blockquote", "table", "li", "section"):
            self._depth = max(self._depth - 1, 0)
        if self._heading and tag == f"h{self._heading[0]}":
            level, hid, words = self._heading
            self.headings.append((level, hid, _clean("".join(words))))
            self._heading = None
        if tag == "p" and self._para is not None:
            self.summary = _clean("".join(self._para))
            self._para = None

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._heading:
            self._heading[2].append(data)
        if self._para is not None:
            self._para.append(data)

    @property
    def text(self) -> str:
        return "\n".join(line for line in (_clean(l) for l in "".join(self.parts).split("\n")) if line)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_body(html: str) -> BodyReader:
    """Parse a rendered body and return the reader holding what it found."""
    reader = BodyReader()
    reader.feed(html)
    reader.close()
    return reader


def cut_at_word(text: str, limit: int = 160) -> str:
    """`text` cut at a word boundary so it fits `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"
