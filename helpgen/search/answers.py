"""Answers, not just links: the passage of an article that answers a question, or None.

The article search finds the candidate articles; each candidate's markdown copy (the
`index.html.md` beside its page) is split into passages: one to three whole sentences of
a paragraph, or a whole list, table or note block. A passage is scored by how much of the
question it covers (its section heading counts half), weighted by how well its article
ranked. The answer text is always a quotation of the markdown copy, so an answer never
says anything the article does not. Below `THRESHOLD` confidence the question is declined.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from pathlib import Path

from helpgen.search.analysis import Analyzer

THRESHOLD = 0.55
"""Calibrated on half of bench/answer_questions.yml (docs/search.md): below it, decline."""
CANDIDATES = 5
"""How many top articles are read for passages."""
MAX_SENTENCES = 3
MAX_BLOCK_CHARS = 1200
"""A longer list or table is not offered whole (an answer is meant to be read at a glance)."""

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9*\"'(\[])")
_HTML_HEADING = re.compile(r"<h([2-6])[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r"<a\b[^>]*\bclass=\"headerlink\"[^>]*>.*?</a>", re.S)
_MD_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||!!!|\?\?\?|```|~~~|>)")


@dataclass(frozen=True)
class Answer:
    """One passage that answers a question, with where it comes from."""

    text: str
    """A quotation of the article's markdown copy: whole sentences, or a whole block."""
    confidence: float
    article: dict
    """id, title, url, source (as in search hits)."""
    heading: str
    url: str
    """The deep link: the article's url plus the section heading's id, when it has one."""
    terms: tuple[str, ...] = ()

    def to_dict(self, analyzer: Analyzer | None = None) -> dict:
        """The JSON shape of /api/answer: `html` is the escaped text with matched words marked."""
        return {
            "text": self.text,
            "html": mark(self.text, analyzer, set(self.terms)),
            "confidence": self.confidence,
            "article": self.article,
            "section": {"heading": self.heading, "url": self.url},
        }


@dataclass(frozen=True)
class Passage:
    text: str
    heading: str
    anchor: str


def mark(text: str, analyzer: Analyzer | None, wanted: set[str]) -> str:
    """`text` HTML-escaped, each word whose term is wanted inside <mark>."""
    if analyzer is None or not wanted:
        return htmllib.escape(text)
    out, at = [], 0
    for w in analyzer.words(text):
        if analyzer.term(w.folded) in wanted:
            out += [
                htmllib.escape(text[at : w.start]),
                "<mark>",
                htmllib.escape(text[w.start : w.end]),
                "</mark>",
            ]
            at = w.end
    out.append(htmllib.escape(text[at:]))
    return "".join(out)


def markdown_copy(site: Path, url: str) -> Path | None:
    """The markdown copy of the page at `url` inside `site` (base path tolerated), or None."""
    parts = [p for p in url.split("#")[0].split("/") if p]
    for skip in range(len(parts) + 1):
        path = site.joinpath(*parts[skip:], "index.html.md")
        if path.is_file() and site.resolve() in path.resolve().parents:
            return path
    return None


def heading_ids(page_html: str) -> dict[str, str]:
    """Normalised heading text -> the id the page gives it (the theme's own `hg-` ids left out)."""
    ids = {}
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
            anchor = "" if len(m.group(1)) == 1 else ids.get(_norm(_plain(heading)), "")
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
    blocks, current, fence = [], [], False
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


def _plain(text: str) -> str:
    return _MD_MARKUP.sub(lambda m: m.group(1) or "", text)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def score(analyzer: Analyzer, wanted: dict[str, float], passage: Passage) -> tuple[float, set[str]]:
    """How much of the question (by term weight) the passage covers, its heading counting half."""
    body = set(analyzer.terms(_plain(passage.text)))
    head = set(analyzer.terms(_plain(passage.heading)))
    total = sum(wanted.values()) or 1.0
    got = sum(w * (1.0 if t in body else 0.5 if t in head else 0.0) for t, w in wanted.items())
    length = len(passage.text.split())
    brevity = 1.0 if length <= 60 else 60 / length
    return got / total * (0.85 + 0.15 * brevity), body & set(wanted)


def best_answer(index, question: str, lang: str | None = None) -> Answer | None:
    """The best passage of the top articles of `index` (a SearchIndex) for `question`, or None
    when none reaches THRESHOLD."""
    hits = index.search(question, limit=CANDIDATES, lang=lang).results
    if not hits:
        return None
    analyzer = index.analyzer_for(lang)
    wanted = {t.term: 1.0 for t in analyzer.query(question) if not t.pair and t.weight >= 1.0}
    if not wanted:
        return None
    site = index.site_dir
    top_score = hits[0].score or 1.0
    found: Answer | None = None
    for hit in hits:
        copy = markdown_copy(site, hit.url)
        if copy is None:
            continue
        page = copy.with_name("index.html")
        ids = heading_ids(page.read_text(encoding="utf-8")) if page.is_file() else {}
        rank = 0.7 + 0.3 * min(1.0, hit.score / top_score)
        for p in passages(copy.read_text(encoding="utf-8"), ids):
            coverage, matched = score(analyzer, wanted, p)
            confidence = round(coverage * rank, 4)
            if found is None or confidence > found.confidence:
                article = {"id": hit.id, "title": hit.title, "url": hit.url, "source": hit.source}
                url = hit.url.split("#")[0] + f"#{p.anchor}" if p.anchor else hit.url
                found = Answer(
                    p.text, confidence, article, p.heading or hit.title, url, tuple(sorted(matched))
                )
    return found if found is not None and found.confidence >= THRESHOLD else None


def answer(question: str, lang: str | None = None, *, index_dir: Path) -> Answer | None:
    """`helpgen.search.answer`: open the index at `index_dir` and answer `question`."""
    from helpgen.search.query import open_index

    return open_index(index_dir).answer(question, lang)
