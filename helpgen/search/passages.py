"""An article's passages: what an answer may quote, split once and analysed once.

The markdown copy (`index.html.md` beside an article's page) is split at headings and blank
lines into passages: one to three whole sentences of a paragraph, or a whole list, table or
note block. Each passage keeps its section heading and the id the page gives that heading
(read from the page's HTML, so a deep link always lands), and its analysed terms, with the
terms of its whole section and of the whole article, which answers.py scores against a
question. `article_passages` keeps the last articles it read (keyed by the files' identity,
so a rebuild is seen): a question reads its 5 candidate articles, and questions about the
same topics share them.
"""

from __future__ import annotations

import html as htmllib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from helpgen.search.analysis import Analyzer

MAX_SENTENCES = 3
MAX_BLOCK_CHARS = 1200
"""A longer list or table is not offered whole (an answer is meant to be read at a glance)."""
CACHED_ARTICLES = 512
"""Articles whose passages a process keeps analysed (a few MB at most)."""

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9*\"'(\[])")
_HTML_HEADING = re.compile(r"<h([2-6])[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", re.S)
_MD_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")
_DIGIT = re.compile(r"\d")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||!!!|\?\?\?|```|~~~|>)")


@dataclass(frozen=True)
class Passage:
    """A quotable piece of an article, with its section and analysed terms."""

    text: str
    heading: str
    anchor: str
    """The id of the heading on the page ("" for the title or a heading without one)."""
    terms: frozenset[str] = frozenset()
    heading_terms: frozenset[str] = frozenset()
    section: int = 0
    """Which section of the article (an index into ArticlePassages.sections)."""
    words: int = 0
    has_number: bool = False


@dataclass(frozen=True)
class ArticlePassages:
    """Every passage of one article, with the terms of each section and of the whole."""

    passages: tuple[Passage, ...]
    sections: tuple[frozenset[str], ...]
    terms: frozenset[str]


def markdown_copy(site: Path, url: str) -> Path | None:
    """The markdown copy of the page at `url` inside `site` (base path tolerated), or None."""
    parts = [p for p in url.split("#")[0].split("/") if p]
    if any(p in (".", "..") or "\\" in p for p in parts):  # never outside `site`
        return None
    for skip in range(len(parts) + 1):
        path = site.joinpath(*parts[skip:], "index.html.md")
        if path.is_file():
            return path
    return None


def heading_ids(page_html: str) -> dict[str, str]:
    """Normalised heading text -> the id the page gives it (the theme's own `hg-` ids left out)."""
    ids: dict[str, str] = {}
    for _, anchor, inner in _HTML_HEADING.findall(page_html):
        if not anchor.startswith("hg-"):
            ids.setdefault(_norm(htmllib.unescape(_TAG.sub("", _PERMALINK.sub("", inner)))), anchor)
    return ids


def passages(markdown: str, ids: dict[str, str]) -> list[Passage]:
    """Every candidate passage of a markdown copy, in order."""
    out: list[Passage] = []
    heading, anchor = "", ""
    for block in _blocks(markdown):
        m = _HEADING.match(block) if "\n" not in block else None
        if m:
            heading = m.group(2)
            anchor = "" if len(m.group(1)) == 1 else ids.get(_norm(plain(heading)), "")
            continue
        if _BLOCK_START.match(block):
            if len(block) <= MAX_BLOCK_CHARS:
                out.append(Passage(block, heading, anchor))
            continue
        sentences = [s for s in _SENTENCE_END.split(" ".join(block.split())) if s]
        for i in range(len(sentences)):
            for n in range(1, MAX_SENTENCES + 1):
                if i + n <= len(sentences):
                    out.append(Passage(" ".join(sentences[i : i + n]), heading, anchor))
    return out


def _blocks(markdown: str) -> list[str]:
    """Blank-line separated blocks; a heading line is a block of its own; fences kept whole."""
    blocks: list[str] = []
    current: list[str] = []
    fence = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and _HEADING.match(line):
            blocks += ["\n".join(current)] if current else []
            blocks.append(line.strip())
            current = []
        elif not fence and not line.strip():
            blocks += ["\n".join(current)] if current else []
            current = []
        else:
            current.append(line)
    blocks += ["\n".join(current)] if current else []
    return _join_indented([b.strip("\n") for b in blocks if b.strip()])


def _join_indented(blocks: list[str]) -> list[str]:
    """An indented block (a note's body, a list item's paragraph) belongs to the block above."""
    out: list[str] = []
    for b in blocks:
        if out and b.startswith("    ") and not _HEADING.match(out[-1]):
            out[-1] += "\n\n" + b
        else:
            out.append(b)
    return out


def plain(text: str) -> str:
    """Markdown emphasis, code marks and link targets out: the words a reader sees."""
    return _MD_MARKUP.sub(lambda m: m.group(1) or "", text)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def analysed(analyzer: Analyzer, found: list[Passage]) -> ArticlePassages:
    """`found` with each passage's terms, and the terms of each section and of the article."""
    sections: list[set[str]] = []
    out: list[Passage] = []
    last: str | None = None
    memo: dict[str, frozenset[str]] = {}
    for p in found:
        terms = _terms(analyzer, p.text, memo)
        if p.heading != last or not sections:
            sections.append(set())
            last = p.heading
        sections[-1] |= terms
        out.append(
            Passage(
                p.text,
                p.heading,
                p.anchor,
                terms,
                _terms(analyzer, p.heading, memo),
                len(sections) - 1,
                len(p.text.split()),
                _DIGIT.search(p.text) is not None,
            )
        )
    frozen = tuple(frozenset(s) for s in sections)
    return ArticlePassages(tuple(out), frozen, frozenset().union(*frozen))


def _terms(analyzer: Analyzer, text: str, memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """The terms of `text`, as the union of its sentences' (each analysed once per article:
    passages of one to three sentences overlap, and a split never falls inside a word)."""
    found: set[str] = set()
    for sentence in _SENTENCE_END.split(text):
        if sentence not in memo:
            memo[sentence] = frozenset(analyzer.terms(plain(sentence)))
        found |= memo[sentence]
    return frozenset(found)


class PassageCache:
    """The analysed passages of the articles read last, keyed by their files' identity."""

    def __init__(self, size: int = CACHED_ARTICLES):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple, ArticlePassages] = OrderedDict()

    def get(self, analyzer: Analyzer, copy: Path) -> ArticlePassages:
        page = copy.with_name("index.html")
        key = (analyzer.lang, _identity(copy), _identity(page))
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        ids = heading_ids(page.read_text(encoding="utf-8")) if page.is_file() else {}
        found = analysed(analyzer, passages(copy.read_text(encoding="utf-8"), ids))
        with self._lock:
            self._items[key] = found
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return found


def _identity(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_ino, st.st_mtime_ns, st.st_size)


article_passages = PassageCache()
"""The process's cache: `article_passages.get(analyzer, markdown_copy_path)`."""
