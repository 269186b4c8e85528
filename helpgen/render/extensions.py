"""Python-Markdown extensions of our own: custom HTML elements and site-aware links."""

from __future__ import annotations

import html as htmllib
import posixpath
import re
import xml.etree.ElementTree as etree
from urllib.parse import unquote, urlsplit

from markdown import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, HTML_PLACEHOLDER, STX

from helpgen.render.html_text import inline_text

MARKER = "helpgen:"
_CUSTOM_OPEN = re.compile(
    r"^(\s{0,3}<([a-z][a-z0-9]*-[a-z0-9-]*))(?=[\s>/])(?![^>]*\bmarkdown=)", re.M
)
_STASHED = re.compile(f"{STX}[^{ETX}]*{ETX}")
_PLACEHOLDER_INDEX = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"(\d+)"))
_CUSTOM_TAG = re.compile(r"^\s{0,3}<([a-z][a-z0-9]*-[a-z0-9-]*)[\s>/]", re.M)


class CustomElementsPreprocessor(Preprocessor):
    """Let markdown inside custom elements (`<call-out>` ... `</call-out>`) be rendered.

    Python-Markdown only treats known block tags as HTML blocks and only parses inside
    them with `markdown="1"`. Custom element names always contain a hyphen, so each one
    used at the start of a line becomes a block tag with `markdown="1"` for md_in_html.
    Runs after fenced code is stashed (priority 25), so examples in code stay as written.
    """

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        tags = set(_CUSTOM_TAG.findall(text))
        if not tags:
            return lines
        for tag in tags - set(self.md.block_level_elements):
            self.md.block_level_elements.append(tag)
        return _CUSTOM_OPEN.sub(r'\1 markdown="1"', text).split("\n")


class SiteLinksTreeprocessor(Treeprocessor):
    """Turn links and images that point inside the site into `helpgen:` markers, and collect them.

    Markers keep the render independent of other articles (so it can be cached); they are
    replaced with real URLs when the whole site is known. The article's source path is set
    on the extension before each document (`SiteLinksExtension.source`).
    """

    def __init__(self, md, ext: SiteLinksExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            attr = "href" if el.tag == "a" else "src" if el.tag == "img" else None
            if (
                attr
                and (url := el.get(attr)) is not None
                and not el.get("class", "").startswith("headerlink")
            ):
                marker = self.ext.marker_for(url, image=el.tag == "img")
                if marker:
                    el.set(attr, marker)


class SummaryTreeprocessor(Treeprocessor):
    """Keep the first top-level paragraph: the description of an article that has none.

    Top level only: a first paragraph inside a note, a list or a tab is no summary.
    """

    def __init__(self, md, ext: SiteLinksExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for child in root:
            if child.tag == "p":
                text = _STASHED.sub(self._stashed_text, _text_of(child))
                text = " ".join(text.split())
                if text:
                    self.ext.summary = text
                    return

    def _stashed_text(self, match: re.Match) -> str:
        """The text of what an inline extension stashed (inline code of pymdownx.inlinehilite, an
        entity, a raw tag): placeholders are not text, but what they stand for may be."""
        index = _PLACEHOLDER_INDEX.fullmatch(match.group())
        blocks = self.md.htmlStash.rawHtmlBlocks
        if index is None or int(index.group(1)) >= len(blocks):
            return ""
        block = blocks[int(index.group(1))]
        return inline_text(
            block if isinstance(block, str) else etree.tostring(block, encoding="unicode")
        )


def _text_of(element: etree.Element) -> str:
    """An element's text as a reader sees it: inline code keeps the escaping Python-Markdown gave
    it (`&lt;a&gt;`) until serialization, so it is unescaped here."""
    text = element.text or ""
    parts = [htmllib.unescape(text) if element.tag == "code" else text]
    for sub in element:
        parts += [_text_of(sub), sub.tail or ""]
    return "".join(parts)


class FaqTreeprocessor(Treeprocessor):
    """On FAQ pages, each `##` question and its answer become a <details> accordion item.

    Works without JavaScript; the heading keeps its id, and browsers open a closed
    <details> when a link's fragment points inside it, so `page#question` opens at it.
    The heading's permalink is dropped: a link inside <summary> would be an interactive
    element inside another. Runs after toc (which gives the ids).
    """

    def __init__(self, md, ext: SiteLinksExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        if not self.ext.faq:
            return
        kept, item = [], None
        for child in list(root):
            root.remove(child)
            if child.tag == "h2":
                item = self._item(child)
                kept.append(item)
            elif item is not None:
                item.append(child)
            else:  # the introduction before the first question stays as it is
                kept.append(child)
        root.extend(kept)

    @staticmethod
    def _item(heading: etree.Element) -> etree.Element:
        for link in [a for a in heading if a.tag == "a" and "headerlink" in a.get("class", "")]:
            heading.remove(link)
        item = etree.Element("details", {"class": "faq hg-faq-item"})
        etree.SubElement(item, "summary").append(heading)
        return item


class TagSafeAttrListTreeprocessor(AttrListTreeprocessor):
    """attr_list, except that a Liquid/Jinja tag is never an attribute list.

    attr_list reads `{...}` at the end of a block as attributes, so a paragraph ending in a
    line `{% endhint %}` became `<p _ endhint>`. `{%` and `{# ... #}` open no attribute
    list here; `{: .class }`, `{#id}` and `{ .class }` still do. The tag stays text (the
    content stage warns about it).
    """

    # the stubs mark these Final, but a subclass replacing them is how attr_list is changed
    BASE_RE = r"\{(?!%|#[^}\n]*#\})\:?[ ]*([^\}\n ][^\n]*)\}"  # type: ignore[misc]
    HEADER_RE = re.compile(rf"[ ]+{BASE_RE}[ ]*$")  # type: ignore[misc]
    BLOCK_RE = re.compile(rf"\n[ ]*{BASE_RE}[ ]*$")  # type: ignore[misc]
    INLINE_RE = re.compile(rf"^{BASE_RE}")  # type: ignore[misc]


class TagSafeAttrListExtension(Extension):
    """Registers TagSafeAttrListTreeprocessor as `attr_list` (8), in place of attr_list's own:
    load it after attr_list."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(TagSafeAttrListTreeprocessor(md), "attr_list", 8)


class SiteLinksExtension(Extension):
    """Registers CustomElementsPreprocessor (22, after fenced code is stashed),
    SiteLinksTreeprocessor (4, after toc) and SummaryTreeprocessor (3)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.source = ""
        self.faq = False
        """Set with `source` before each document: whether it is an FAQ page."""
        self.summary = ""
        self.found: list[tuple[str, str, str, str]] = []
        """(kind, target, fragment, raw) of each internal link in the current document."""

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(CustomElementsPreprocessor(md), "helpgen_custom_elements", 22)
        md.treeprocessors.register(SiteLinksTreeprocessor(md, self), "helpgen_site_links", 4)
        md.treeprocessors.register(SummaryTreeprocessor(md, self), "helpgen_summary", 3)
        md.treeprocessors.register(FaqTreeprocessor(md, self), "helpgen_faq", 4.5)

    def reset(self):
        self.found = []
        self.summary = ""

    def marker_for(self, raw: str, image: bool) -> str | None:
        """The marker replacing `raw`, or None for external and in-page links."""
        parts = urlsplit(raw.strip())
        if parts.scheme or parts.netloc or not parts.path:
            if not parts.scheme and not parts.netloc and parts.fragment:
                self.found.append(("anchor", "", parts.fragment, raw))
            return None
        path = unquote(parts.path)
        if path.startswith("/"):
            target = path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), path))
            if target.startswith("../") or target == "..":
                return None  # above content_dir: not ours to check
            target = "" if target == "." else target
        kind = (
            "asset" if image else "src" if target.lower().endswith((".md", ".markdown")) else "url"
        )
        self.found.append((kind, target, parts.fragment, raw))
        return f"{MARKER}{kind}:{target}" + (f"#{parts.fragment}" if parts.fragment else "")
