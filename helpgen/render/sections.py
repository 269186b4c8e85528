"""A body as heading sections of plain text, and the FAQ pairs in it.

`SectionReader` takes a body's tags and text in document order, as HTMLParser would hand
them over: from Python-Markdown's element tree while it converts (helpgen.render.body), so
chunks, FAQ answers and the page never disagree about what an article says. `feed_html`
hands it the tags and text of HTML (the raw HTML an author wrote, a stashed code block):
one regular expression splits it, about three times faster than HTMLParser, whose event
order it keeps.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
_SKIP = {"script", "style", "template"}
_BLOCK = {
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "tr",
    "pre",
    "blockquote",
    "br",
    "hr",
    "section",
    "details",
    "summary",
    "dd",
    "dt",
    "figure",
    "figcaption",
}
_HEADING = re.compile(r"h[1-6]")
_TOKEN = re.compile(
    r"""<!--.*?-->|<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|</([a-zA-Z][^\s>]*)\s*>|<[!?][^>]*>|</[^a-zA-Z][^>]*>""",
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("script", "style")}
"""Elements whose content is text, never tags, up to their end tag (as HTMLParser reads them)."""


@dataclass
class Section:
    """The text from one heading to the next (any level); the first one has no heading."""

    level: int
    """1–6; 0 for the text before the first heading."""
    anchor: str
    """The heading's id ("" for the intro or a heading without one)."""
    title: str
    path: tuple[str, ...]
    """Titles of the enclosing headings, outermost first, ending with this one."""
    parts: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """Block-level pieces (paragraphs, list items, table rows), cleaned, none empty."""
        return [
            line for line in (_clean(piece) for piece in "".join(self.parts).split("\n")) if line
        ]


@dataclass(frozen=True)
class QA:
    question: str
    answer: str
    anchor: str
    """Where the answer is: the question heading's id, or the id of the heading above a details
    block."""


def _attrs(raw: str) -> list[tuple[str, str | None]]:
    return (
        [
            (
                name.lower(),
                None
                if v1 is None and v2 is None and v3 is None
                else htmllib.unescape(v1 or v2 or v3 or ""),
            )
            for name, v1, v2, v3 in _ATTR.findall(raw)
        ]
        if raw.strip(" /")
        else []
    )


class SectionReader:
    """Receives the body's tags and text in order, as an HTMLParser subclass would."""

    def __init__(self):
        self.sections = [Section(0, "", "", ())]
        self.details: list[QA] = []
        self._skip = 0
        self._heading: tuple[int, str, list[str]] | None = None
        self._stack: list[tuple[int, str]] = []
        self._cells = 0
        self._row = False
        self._question: dict | None = None
        """The `??? question` details block being read: its summary, answer parts and depth."""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP or "headerlink" in (attrs.get("class") or ""):
            self._skip += 1
            return
        if _HEADING.fullmatch(tag):
            self._heading = (int(tag[1]), attrs.get("id") or "", [])
            return
        q = self._question
        if tag == "details":
            if q is not None:
                q["depth"] += 1
            elif "question" in (attrs.get("class") or "").split():
                self._question = q = {"summary": None, "answer": [], "depth": 1}
        if tag == "summary" and q is not None and q["summary"] is None and q["depth"] == 1:
            q["summary"] = []
        if tag in ("td", "th"):
            self._text(" | " if self._cells else "\n")
            self._cells += 1
        elif tag == "tr":
            self._cells, self._row = 0, True
            self._text("\n")
        elif tag == "li":
            self._text("\n- ")
        elif tag in _BLOCK:
            self._text("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP or (self._skip and tag == "a"):
            self._skip = max(self._skip - 1, 0)
            return
        if self._heading and tag == f"h{self._heading[0]}":
            self._open_section(*self._heading)
            self._heading = None
            return
        q = self._question
        if (
            q is not None
            and tag == "summary"
            and isinstance(q["summary"], list)
            and not q.get("asked")
        ):
            q["asked"] = True
        if tag == "tr":
            self._row = False
        if tag in _BLOCK or tag == "li":
            self._text("\n")
        if q is not None and tag == "details":
            q["depth"] -= 1
            if q["depth"] == 0:
                self._close_question(q)

    def handle_data(self, data):
        if self._skip:
            return
        if self._heading:
            self._heading[2].append(data)
            return
        q = self._question
        if q is not None and isinstance(q["summary"], list) and not q.get("asked"):
            q["summary"].append(data)
        self._text(data.replace("\n", " ") if self._row else data)  # a table row is one line

    def _text(self, text: str) -> None:
        self.sections[-1].parts.append(text)
        q = self._question
        if q is not None and q.get("asked"):
            q["answer"].append(text)

    def _open_section(self, level: int, anchor: str, words: list[str]) -> None:
        title = _clean("".join(words))
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, title))
        self.sections.append(Section(level, anchor, title, tuple(t for _, t in self._stack)))

    def _close_question(self, q: dict) -> None:
        self._question = None
        question = _clean("".join(q["summary"] or []))
        answer = "\n".join(
            line for line in (_clean(p) for p in "".join(q["answer"]).split("\n")) if line
        )
        if question and answer:
            anchor = next((s.anchor for s in reversed(self.sections) if s.anchor), "")
            self.details.append(QA(question, answer, anchor))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_sections(html: str) -> tuple[list[Section], list[QA]]:
    """The sections of a body in order (the intro first, possibly empty) and its `??? question`
    pairs."""
    reader = SectionReader()
    feed_html(reader, html)
    return reader.sections, reader.details


def feed_html(reader, html: str) -> None:
    """Hand `reader` (handle_starttag, handle_endtag, handle_data as HTMLParser calls them) the
    tags and text of `html` in order: text unescaped, tag and attribute names
    lowercased, `<br/>` as a start and an end tag; comments, declarations and a broken end tag
    such as `</<code>` dropped (as browsers do)."""
    pos = 0
    while (m := _TOKEN.search(html, pos)) is not None:
        if m.start() > pos:
            reader.handle_data(htmllib.unescape(html[pos : m.start()]))
        pos = m.end()
        start, raw, end = m.group(1), m.group(2), m.group(3)
        if end:
            reader.handle_endtag(end.lower())
        elif start:
            tag = start.lower()
            reader.handle_starttag(tag, _attrs(raw))
            if raw.endswith("/"):
                reader.handle_endtag(tag)
            elif tag in _RAW_TEXT_END:  # its content is not markup: skip to its end tag
                close = _RAW_TEXT_END[tag].search(html, pos)
                if close is not None and close.start() > pos:
                    reader.handle_data(html[pos : close.start()])
                pos = close.end() if close else len(html)
                reader.handle_endtag(tag)
    if pos < len(html):
        reader.handle_data(htmllib.unescape(html[pos:]))


def is_question(title: str) -> bool:
    """Whether a heading is phrased as a question: it ends with a question mark (any script's)."""
    return title.rstrip().endswith(("?", "？", "؟"))


def question_pairs(sections: list[Section], details: list[QA]) -> list[QA]:
    """FAQ pairs: H2/H3 headings phrased as questions with the text under them (down to the
    next heading of the same or a higher level), then the `??? question` blocks, in page order."""
    pairs: list[tuple[int, QA]] = []
    for i, section in enumerate(sections):
        if section.level not in (2, 3) or not is_question(section.title):
            continue
        lines = _answer_lines(sections, i)
        if lines:
            pairs.append((i, QA(section.title, "\n".join(lines), section.anchor)))
    order = {s.anchor: i for i, s in enumerate(sections) if s.anchor}
    pairs += [(order.get(qa.anchor, 0), qa) for qa in details]
    return [qa for _, qa in sorted(pairs, key=lambda p: p[0])]


def faq_page_pairs(sections: list[Section]) -> list[QA]:
    """On an FAQ page (`type: faq`) every `##` heading is a question, phrased so or not."""
    return [
        QA(s.title, "\n".join(lines), s.anchor)
        for i, s in enumerate(sections)
        if s.level == 2 and (lines := _answer_lines(sections, i))
    ]


def _answer_lines(sections: list[Section], i: int) -> list[str]:
    """The text under section i, down to the next heading of the same or a higher level."""
    lines = list(sections[i].lines)
    for sub in sections[i + 1 :]:
        if sub.level <= sections[i].level:
            break
        lines += [sub.title] + sub.lines
    return lines


def split_words(lines: list[str], limit: int) -> list[str]:
    """Pack lines into passages of at most `limit` words, breaking only between lines when it
    can; a line longer than `limit` is split between sentences, then between words."""
    pieces: list[str] = []
    for line in lines:
        pieces += [line] if len(line.split()) <= limit else _split_long(line, limit)
    passages: list[list[str]] = []
    count = 0
    for piece in pieces:
        words = len(piece.split())
        if passages and count + words <= limit:
            passages[-1].append(piece)
            count += words
        else:
            passages.append([piece])
            count = words
    return ["\n".join(p) for p in passages]


def _split_long(line: str, limit: int) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", line):
        words = sentence.split()
        while len(words) > limit:  # one sentence over the limit: cut between words
            if current:
                out.append(" ".join(current))
                current = []
            out.append(" ".join(words[:limit]))
            words = words[limit:]
        if len(current) + len(words) > limit:
            out.append(" ".join(current))
            current = []
        current += words
    if current:
        out.append(" ".join(current))
    return out
