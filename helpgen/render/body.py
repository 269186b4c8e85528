"""What a body says, read from Python-Markdown's element tree while it converts the body:
its heading sections and `??? question` pairs, its plain text, headings, ids and images.

A Treeprocessor walks the finished tree (after every other one, `unescape` included) and
hands each element and text in document order to the readers, so the structure comes from
the tree and never from reading back the HTML just written. What the tree holds only as a
placeholder (raw HTML of the author, highlighted code, entities, footnote marks) is what
the serializer and postprocessors would make of it: that small piece of HTML is tokenized.
"""

from __future__ import annotations

import html as htmllib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension
from markdown.postprocessors import RawHtmlPostprocessor

# the serializer's own escaping, so that the text read here is what Python-Markdown writes;
# its stubs leave these module names out
from markdown.serializers import (  # type: ignore[attr-defined]
    HTML_EMPTY,
    _escape_attrib_html,
    _escape_cdata,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from helpgen.render.sections import QA, Section, SectionReader, feed_html

_DROPPED = {"script", "style", "template"}
_BREAK = re.compile(
    r"p|div|li|ul|ol|table|tr|td|th|pre|blockquote|h[1-6]|br|hr|section|details|summary|dd|dt"
)
_HEADING = re.compile(r"h[1-6]")
_HIGHLIGHT = re.compile(r"\bhighlight\b")
_SPACE = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class BodyFacts:
    sections: tuple[Section, ...]
    details: tuple[QA, ...]
    text: str
    """One line per block, without heading permalinks or scripts."""
    headings: tuple[tuple[int, str, str], ...]
    """(level, id, text) of every heading, in order; the title is the page's only h1, so a
    body's h1 counts as an h2, as it is written."""
    ids: frozenset[str]
    images: tuple[tuple[str, str], ...]
    has_code: bool


class _FactsReader:
    """Receives a body's start tags, end tags and text in order; keeps every fact but the
    sections, which its SectionReader keeps."""

    def __init__(self):
        self.sections = SectionReader()
        self.text: list[str] = []
        self.headings: list[tuple[int, str, str]] = []
        self.ids: set[str] = set()
        self.images: list[tuple[str, str]] = []
        self.has_code = False
        self._drop: str | None = None
        """The element whose content is no text (a script, a heading's permalink), while in it."""
        self._heading: tuple[int, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = "h2" if tag == "h1" else tag
        self.sections.handle_starttag(tag, attrs)
        values = dict(attrs)
        if anchor := values.get("id"):
            self.ids.add(anchor)
        if _HIGHLIGHT.search(values.get("class") or ""):
            self.has_code = True
        if tag == "img":
            self.images.append((values.get("src") or "", values.get("alt") or ""))
        if self._drop:
            return
        if tag in _DROPPED or (tag == "a" and values.get("class") == "headerlink"):
            self._drop = tag
        elif _HEADING.fullmatch(tag):
            self._heading = (int(tag[1]), values.get("id") or "", [])
        if _BREAK.fullmatch(tag):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        tag = "h2" if tag == "h1" else tag
        self.sections.handle_endtag(tag)
        if self._drop:
            self._drop = None if tag == self._drop else self._drop
            return
        if self._heading and tag == f"h{self._heading[0]}":
            level, anchor, words = self._heading
            self.headings.append((level, anchor, " ".join("".join(words).split())))
            self._heading = None
        if _BREAK.fullmatch(tag):
            self._break()

    def _break(self) -> None:
        self.text.append("\n")
        if self._heading:
            self._heading[2].append("\n")

    def handle_data(self, data: str) -> None:
        self.sections.handle_data(data)
        if self._drop:
            return
        self.text.append(data)
        if self._heading:
            self._heading[2].append(data)

    def facts(self) -> BodyFacts:
        lines = (_SPACE.sub(" ", raw).strip() for raw in "".join(self.text).split("\n"))
        return BodyFacts(
            sections=tuple(self.sections.sections),
            details=tuple(self.sections.details),
            text="\n".join(line for line in lines if line),
            headings=tuple(self.headings),
            ids=frozenset(self.ids),
            images=tuple(self.images),
            has_code=self.has_code,
        )


class BodyFactsTreeprocessor(Treeprocessor):
    """Reads the finished tree into `BodyFactsExtension.facts`."""

    def __init__(self, md, ext: BodyFactsExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        reader = _FactsReader()
        self._text(root.text, reader)
        for child in root:
            self._walk(child, reader)
        self.ext.facts = reader.facts()

    def _walk(self, el: etree.Element, reader: _FactsReader) -> None:
        tag = el.tag
        if isinstance(tag, str):
            name = tag.lower()
            reader.handle_starttag(name, [(k.lower(), self._value(v)) for k, v in el.items()])
            if name in ("script", "style"):  # written as it is, not escaped
                reader.handle_data(el.text or "")
            else:
                self._text(el.text, reader)
            for child in el:
                self._walk(child, reader)
            if name not in HTML_EMPTY:
                reader.handle_endtag(name)
        elif tag is None:  # a wrapper the serializer leaves out: its content only
            self._text(el.text, reader)
            for child in el:
                self._walk(child, reader)
        self._text(el.tail, reader)  # a comment's own text is not the body's

    def _value(self, value: str) -> str:
        """An attribute's value as the page has it (an `&` in a URL is a placeholder till then)."""
        if STX not in value:
            return value
        return htmllib.unescape(self._post(_escape_attrib_html(value)))

    def _post(self, html: str) -> str:
        for post in self.md.postprocessors:
            if STX in html or not isinstance(post, RawHtmlPostprocessor):
                html = post.run(html)
        return html

    def _text(self, text: str | None, reader: _FactsReader) -> None:
        """Text of the tree as the page has it: escaped as the serializer escapes it, then put
        through the postprocessors (the author's raw HTML, stashed code, entities and the
        footnotes' marks come back only there), and that piece of HTML read."""
        if not text:
            return
        feed_html(reader, self._post(_escape_cdata(text)))


class BodyFactsExtension(Extension):
    """Registers BodyFactsTreeprocessor after every other treeprocessor; `facts` holds what it
    read of the last document (an empty body has no tree, and none to read)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.facts = _FactsReader().facts()

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.treeprocessors.register(BodyFactsTreeprocessor(md, self), "helpgen_body_facts", -10)

    def reset(self):
        self.facts = _FactsReader().facts()
