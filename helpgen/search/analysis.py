"""The one analysis chain: tokenize, Unicode fold, stop words, stem, synonyms.

The Whoosh index, the static browser index and every query go through `Analyzer`, and
`themes/default/static/search.js` repeats the query side rule for rule (its tables come
from `Analyzer.browser_tables`), so a word is the same term everywhere.

    text ─► words (offsets kept, for snippets) ─► fold ─► drop stop words ─► stem ─► terms
    query ─► terms + synonym expansions (config `search.synonyms`), each with a weight
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

from whoosh.lang import NoStemmer, stemmer_for_language, stopwords_for_language

from helpgen.search import porter
from helpgen.search.thesaurus import groups as thesaurus_groups

WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:['’](?:[^\W_]|[\u0300-\u036f])+)*")
"""A run of letters, digits and combining marks, with inner apostrophes (`don't`)."""
MIN_LEN, MAX_LEN = 2, 40
"""Shorter words carry no meaning on their own; longer ones are hashes, URLs, base64."""
SYNONYM_WEIGHT = 0.5
"""A term that a synonym brought in counts for this much of a term the reader typed."""
PAIR_WEIGHT = 1.0
"""Two words side by side ("event webhook") also match as one pair term, `event_webhook`."""

_FOLD_EXTRA = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ı": "i",
        "'": "",
        "’": "",
    }
)

# Words customers put around a question that say nothing about its topic, on top of
# the language's stop list ("how do i", "can't", "please").
_EXTRA_STOPS = {
    "en": """can could would should will shall may might must do does did done i im ive id my me
             dont doesnt didnt cant cannot couldnt wont isnt arent wasnt havent hasnt shouldnt
             wouldnt please hi hello hey thanks thank yes ok okay also via etc ie eg many much one
             get gets got getting let lets still really already find found take takes use using used
             want wanted need needs make way something anything thing things able even every know
             like see""",
    # Whoosh has no Indonesian list: function words (pronouns, prepositions, conjunctions,
    # particles), not topic words (Sastrawi's own list drops "kembali", "bulan", "cara")
    "id": """ada adalah agar akan aku anda apa apakah atau bagaimana bagi bahwa beberapa belum boleh
             bisa dalam dan dapat dari daripada dengan di dia ia ini itu jika juga kalau kami kamu
             kapan karena ke kenapa kita lagi maka mana masih mereka mohon nya oleh pada para saat
             saja saya sebagai secara sedang sehingga sekarang sesudah setelah sudah supaya tentang
             tersebut tetapi untuk yang yaitu ya tolong halo terima kasih bagaimanakah apakah
             mengapa""",
}


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase without accents: `Café` → `cafe`, `Straße` → `strasse`, `don't` → `dont`."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_FOLD_EXTRA)


@dataclass(frozen=True)
class Word:
    """A word of a text: where it is (for highlighting) and its folded form."""

    start: int
    end: int
    folded: str


@dataclass(frozen=True)
class QueryTerm:
    term: str
    weight: float
    """1.0 for a word of the query, SYNONYM_WEIGHT for a synonym's."""
    last: bool = False
    """Whether it is the last word typed: as-you-type search also takes it as a prefix."""
    word: str = ""
    """The folded word it came from (before stemming), for prefix matching."""
    pair: bool = False
    """A pair term (`a_b`): it adds to the score, not to how much of the query a document covers."""


class Analyzer:
    """The chain for one language, with the project's synonyms."""

    def __init__(
        self,
        lang: str = "en",
        synonyms: Mapping[str, Iterable[str]] | None = None,
        thesaurus: bool = True,
    ):
        """`synonyms`: the project's (search.synonyms); `thesaurus`: add helpgen's built-in groups
        for this language (helpgen.search.thesaurus) before them."""
        self.lang = lang.split("-")[0].lower()
        self.stemmer_name, self._stem = _stemmer(self.lang)
        try:
            stops = set(stopwords_for_language(self.lang))
        except Exception:  # whoosh raises NoStopWords; an unknown language just keeps every word
            stops = set()
        stops.update(_EXTRA_STOPS.get(self.lang, "").split())
        self.stops = frozenset(fold(w) for w in stops)
        builtin = thesaurus_groups(self.lang) if thesaurus else {}
        self.synonyms = {**builtin, **{k: tuple(v) for k, v in (synonyms or {}).items()}}
        self._stems: dict[str, str] = {}

    # -- the chain ----------------------------------------------------------------------

    def words(self, text: str) -> list[Word]:
        """Every word of `text` with its offsets, folded; nothing dropped yet."""
        return [Word(m.start(), m.end(), fold(m.group())) for m in WORD_RE.finditer(text)]

    def stem(self, folded: str) -> str:
        stemmed = self._stems.get(folded)
        if stemmed is None:
            stemmed = self._stems[folded] = self._stem(folded) if folded.isalpha() else folded
        return stemmed

    def term(self, folded: str) -> str | None:
        """The index term of a folded word, or None for a stop word or a word too short or long."""
        if folded in self.stops or not MIN_LEN <= len(folded) <= MAX_LEN:
            return None
        return self.stem(folded)

    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order (repeats kept: they are term frequencies)."""
        out = []
        for m in WORD_RE.finditer(text):
            t = self.term(fold(m.group()))
            if t is not None:
                out.append(t)
        return out

    # -- queries ------------------------------------------------------------------------

    def query(self, text: str, max_terms: int = 32) -> list[QueryTerm]:
        """The weighted terms of a query: its own words, then synonyms of its phrases.

        A query of stop words only ("how to") keeps them, so that it still finds something.
        Each term appears once, with its highest weight.
        """
        words = [w.folded for w in self.words(text)][:256]
        own = [(t, w) for w in words if (t := self.term(w)) is not None]
        if not own:
            own = [(self.stem(w), w) for w in words if MIN_LEN <= len(w) <= MAX_LEN]
        terms: dict[str, QueryTerm] = {}
        ends_in_word = bool(text) and not text[-1].isspace()
        for i, (t, w) in enumerate(own):
            last = ends_in_word and i == len(own) - 1 and words and w == words[-1]
            terms[t] = QueryTerm(t, 1.0, bool(last), w)
        for t in self._synonym_terms([self.stem(w) for w in words]):
            terms.setdefault(t, QueryTerm(t, SYNONYM_WEIGHT))
        out = list(terms.values())[:max_terms]
        own_terms = list(dict.fromkeys(t for t, _ in own))
        out += [
            QueryTerm(p, PAIR_WEIGHT, pair=True)
            for p in dict.fromkeys(pairs(own_terms))
            if p not in terms
        ]
        return out

    @cached_property
    def synonym_groups(self) -> list[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]]:
        """Each synonym group as (phrases as stemmed word sequences, the terms it stands for: a
        phrase's one term, or the pairs of a phrase of several)."""
        groups = []
        for head, phrases in self.synonyms.items():
            seqs, content = [], []
            for phrase in (head, *phrases):
                words = [w.folded for w in self.words(phrase)]
                if words:
                    seqs.append(tuple(self.stem(w) for w in words))
                terms = [t for w in words if (t := self.term(w)) is not None]
                # "money back" stands for the pair, not for "money" and "back" anywhere
                content += pairs(terms) if len(terms) > 1 else terms
            groups.append((tuple(seqs), tuple(dict.fromkeys(content))))
        return groups

    @cached_property
    def _phrases_by_first(self) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """first stem → (group, phrase) of every synonym phrase: a query looks up its own
        words instead of trying each of the thesaurus's hundreds of groups."""
        index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for g, (phrases, _) in enumerate(self.synonym_groups):
            for phrase in phrases:
                index.setdefault(phrase[0], []).append((g, phrase))
        return index

    def _synonym_terms(self, stems: list[str]) -> list[str]:
        """The terms of every group one of whose phrases occurs in `stems`, in the groups' order."""
        index, groups = self._phrases_by_first, self.synonym_groups
        matched = {
            g
            for i, stem in enumerate(stems)
            for g, phrase in index.get(stem, ())
            if tuple(stems[i : i + len(phrase)]) == phrase
        }
        return [t for g in sorted(matched) for t in groups[g][1]]

    def browser_tables(self) -> dict:
        """What search.js needs to analyse queries as this class does."""
        return {
            "lang": self.lang,
            "stemmer": self.stemmer_name,
            "stop": sorted(self.stops),
            "min": MIN_LEN,
            "max": MAX_LEN,
            "synw": SYNONYM_WEIGHT,
            "pairw": PAIR_WEIGHT,
            "syn": [
                [[list(p) for p in phrases], list(content)]
                for phrases, content in self.synonym_groups
            ],
        }


def pairs(terms: list[str]) -> list[str]:
    """Each two neighbouring terms as one: `[event, webhook, url]` → `event_webhook webhook_url`."""
    return [f"{a}_{b}" for a, b in pairwise(terms)]


def _stemmer(lang: str) -> tuple[str, Callable[[str], str]]:
    """English uses our Porter (search.js has the same); Indonesian Sastrawi; others Whoosh's
    Snowball, if any.

    Indonesian: Snowball's algorithm strips affixes without a lexicon, so it cannot restore
    the root's first letter that a prefix replaced (`pengiriman` -> `irim`, but `kirim`;
    `kembalikan` -> `mbalik`, `pengembalian` -> `embali`). Sastrawi checks each candidate
    against its dictionary of root words and gets `kirim` and `kembali` (docs/i18n.md)."""
    if lang == "en":
        return "porter", porter.stem
    if lang == "id":
        return "sastrawi", _sastrawi().stem
    try:
        return "snowball", stemmer_for_language(lang)
    except NoStemmer:
        return "none", lambda w: w


@lru_cache(maxsize=1)
def _sastrawi():
    """Sastrawi's stemmer (its dictionary loads once, on the first Indonesian word)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()
