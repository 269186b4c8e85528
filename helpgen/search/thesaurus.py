"""The built-in thesaurus: groups of phrases customers use for the same thing ("close my
account" / "cancel account" / "stop paying"), one YAML file a language in `thesauri/`.

Help-center articles are written in the store's words, questions in the customer's; these
groups bridge the most common gaps for any store or software product. The Analyzer adds
them to the project's own `search.synonyms` unless `search.thesaurus: false`. A language
without a file has no built-in groups.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent / "thesauri"


@lru_cache(maxsize=32)
def groups(lang: str) -> dict[str, tuple[str, ...]]:
    """The built-in groups for `lang`, as synonyms: each group's first phrase → the others."""
    path = FOLDER / f"{lang}.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {group[0]: tuple(group[1:]) for group in data if group}
