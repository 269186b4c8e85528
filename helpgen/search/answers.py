"""Answers, not just links: the passage of an article that answers a question, or None.

The article search (lexical, plus semantic with the extra) finds the candidate articles;
their passages (passages.py: whole sentences or whole blocks of the markdown copy, so an
answer never says anything the article does not) are scored against the question:

- coverage: the share of the question's words the passage holds, each word weighted by
  1 + its inverse document frequency, so that "refund" counts more than "get", and a
  word the help center never uses ("sourdough", "netflix") weighs most and is missed (the
  1 keeps a small help center, where every word is rare, from swinging on one word). A
  word only in the passage's heading or the article's title counts CONTEXT_SHARE, only
  elsewhere in its section SECTION_SHARE, only elsewhere in the article ARTICLE_SHARE;
- the article's rank: RANK_SPAN of the confidence goes by its search score against the
  best article's (the search already weighed titles, synonyms and meaning);
- the question's type: a question for a number ("how many", "how long", "limit") prefers a
  passage with a figure in it (NUMBER_CUE otherwise);
- length: a shorter passage wins a tie.

The product is the confidence, in [0, 1]. Below THRESHOLD the question is declined.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from pathlib import Path

from helpgen.search.analysis import Analyzer
from helpgen.search.passages import ArticlePassages, Passage, article_passages, markdown_copy

THRESHOLD = 0.61
"""Chosen on the calibration half of bench/answer_questions.yml (docs/search.md): below it,
decline."""
CANDIDATES = 5
"""How many top articles are read for passages."""
CONTEXT_SHARE = 0.5
SECTION_SHARE = 0.25
ARTICLE_SHARE = 0.15
RANK_SPAN = 0.7
"""The article ranked best keeps all of a passage's coverage; one scoring nothing, 1 - this."""
NUMBER_CUE = 0.8
_NUMBER_QUESTION = re.compile(
    r"\b(?:how (?:many|much|long|far|big|often|soon|old)|what time|limits?|"
    r"largest|biggest|maximum|max|minimum|cap)\b",
    re.I,
)


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


def coverage(wanted: dict[str, float], p: Passage, article: ArticlePassages, title) -> float:
    """The weighted share of the question's terms the passage holds, those found only
    around it (heading and title, section, article) counting less."""
    section = article.sections[p.section]
    got = 0.0
    for t, w in wanted.items():
        if t in p.terms:
            got += w
        elif t in p.heading_terms or t in title:
            got += w * CONTEXT_SHARE
        elif t in section:
            got += w * SECTION_SHARE
        elif t in article.terms:
            got += w * ARTICLE_SHARE
    return got / (sum(wanted.values()) or 1.0)


def confidence(share: float, rank: float, p: Passage, wants_number: bool) -> float:
    """Coverage × the article's rank factor × the question-type cue × a small length factor."""
    brevity = 1.0 if p.words <= 60 else 60 / p.words
    cue = NUMBER_CUE if wants_number and not p.has_number else 1.0
    return share * (1 - RANK_SPAN * (1 - rank)) * cue * (0.85 + 0.15 * brevity)


def best_answer(index, question: str, hits: list, lang: str | None = None) -> Answer | None:
    """The best passage of `hits` (the top articles `index`, a SearchIndex, found for
    `question`), or None when none reaches THRESHOLD."""
    found = best_passage(index, question, hits, lang)
    return found if found is not None and found.confidence >= THRESHOLD else None


def best_passage(index, question: str, hits: list, lang: str | None = None) -> Answer | None:
    """The best passage whatever its confidence (None only when there is nothing to score):
    what `best_answer` thresholds, and what bench/answer_quality.py calibrates on."""
    analyzer = index.analyzer_for(lang)
    own = [t.term for t in analyzer.query(question) if not t.pair and t.weight >= 1.0]
    if not hits or not own:
        return None
    wanted = {t: 1.0 + idf for t, idf in index.idf(own).items()}
    wants_number = bool(_NUMBER_QUESTION.search(question))
    top_score = hits[0].score or 1.0
    best, best_conf, best_hit = None, -1.0, None
    for hit in hits:
        copy = markdown_copy(index.site_dir, hit.url)
        if copy is None:
            continue
        article = article_passages.get(analyzer, copy)
        title = set(analyzer.terms(hit.title))
        rank = min(1.0, hit.score / top_score)
        for p in article.passages:
            c = confidence(coverage(wanted, p, article, title), rank, p, wants_number)
            if c > best_conf:
                best, best_conf, best_hit = p, c, hit
    return None if best is None else _answer(best, round(best_conf, 4), best_hit, wanted)


def _answer(p: Passage, conf: float, hit, wanted: dict[str, float]) -> Answer:
    article = {"id": hit.id, "title": hit.title, "url": hit.url, "source": hit.source}
    # an FAQ hit's URL already names its question's anchor: the passage's replaces it
    url = hit.url.split("#")[0] + f"#{p.anchor}" if p.anchor else hit.url
    matched = tuple(sorted(p.terms & set(wanted)))
    return Answer(p.text, conf, article, p.heading or hit.title, url, matched)


def answer(question: str, lang: str | None = None, *, index_dir: Path) -> Answer | None:
    """`helpgen.search.answer`: open the index at `index_dir` and answer `question`."""
    from helpgen.search.query import open_index

    return open_index(index_dir).answer(question, lang)
