"""What search.js needs to stem a language whose stemmer it does not implement.

search.js has Porter (English) rule for rule. Indonesian is stemmed by Sastrawi, which
checks candidates against a dictionary of some 30,000 root words, and Spanish, French,
German, Portuguese… by Snowball's algorithms: too much to send to every reader. Instead
the static index carries, per such language:

- `forms`: every word of that language's documents whose term differs from it
  (`pengembalian` → `kembali`), computed here by the real stemmer, so a query word that
  occurs in the help center gets exactly the term the index has;
- `roots`: the one-word terms of those documents, for a query word that occurs nowhere.
  Indonesian: search.js strips affixes (`stemIndonesian`, the confix-stripping order
  Sastrawi follows) until a candidate is one of these roots: `kembalikan` → `kembali`.
  A word whose root is in no document matches nothing in either engine, so only the
  roots the index holds are needed. Snowball languages: search.js takes the longest root
  that starts the word and is at least half of it (`lieferungen` → `liefer`), close to
  Snowball for languages that inflect by suffixes, not exact.
"""

from __future__ import annotations

from helpgen.search.analysis import Analyzer
from helpgen.search.documents import FIELDS, SearchDoc

BROWSER_STEMMERS = frozenset({"porter", "none"})
"""Stemmers search.js implements itself (`none`: the word is the term)."""


def browser_vocabulary(analyzer: Analyzer, docs: list[SearchDoc]) -> dict:
    """`{"forms": {word: term}, "roots": [term, …]}` of the words of `docs`, sorted."""
    forms: dict[str, str] = {}
    roots: set[str] = set()
    for doc in docs:
        for name in FIELDS:
            for word in analyzer.words(doc.fields.get(name, "")):
                term = analyzer.term(word.folded)
                if term is None:
                    continue
                roots.add(term)
                if term != word.folded:
                    forms[word.folded] = term
    return {"forms": dict(sorted(forms.items())), "roots": sorted(roots)}
