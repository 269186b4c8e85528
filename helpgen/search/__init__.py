"""Stage 4, search: one analysis chain and one query function behind every front door.

Public interface (the server, the CLI and the MCP server use only this):

- `index_dir_for(out: Path) -> Path`: the Whoosh index folder of the site built into
  `out`, i.e. `out.parent / (out.name + ".index")`. Never served as static files.
  `helpgen build` writes it (staged, swapped in right after the site, so both change
  together; a rebuild updates it incrementally).
- `open_index(index_dir) -> SearchIndex`; raises `helpgen.errors.HelpgenError` when the
  folder is missing or not a readable index. Safe to share between threads; it reopens
  by itself (two stats per query) when a rebuild replaced the index or its vectors
  arrived late (`deferred`); `refresh()` forces the check.
- `SearchIndex.search(query, limit=10, lang=None, category=None) -> SearchResults`:
  `.query`, `.results: list[Hit]`, `.mode` ("hybrid" when semantic matching took part,
  else "lexical"), `.to_dict()` for JSON. `category` keeps articles in
  that category folder or below (`orders` or `orders/shipping`); `lang` one language.
- `SearchIndex.suggest(query, limit=8, lang=None) -> list[Hit]`: as-you-type, the last
  word also taken as the start of a word; `lang` as in search.
- `Hit`: `id, title, url, snippet, score, category, source` (DESIGN.md's JSON): `url`
  root-relative with the site's base path; `snippet` HTML-escaped text whose only
  markup is `<mark>` around matched words; `category` the category folder path;
  `source` the article's path under content_dir.
- Any string is a valid query (there is no query syntax: `AND`, quotes, `*:()` are
  words or nothing); `QueryError` (a ValueError, the API's 400) for what is refused:
  more than 1,000 characters, a limit that is not a positive whole number. `limit` is
  capped at 50. Nothing else is raised for any input.
- `answer(question, lang=None, index_dir=...)` / `SearchIndex.answer(question, lang=None)`:
  the passage that answers a question (`Answer`: text, confidence, article, heading,
  url with the heading's id), or None when nothing answers well enough (answers.py);
  `SearchIndex.answer_with_results(question, lang=None, limit=5)` -> (answer or None,
  SearchResults): one search for both, as /api/answer and `helpgen answer` show them.
- `helpgen.search.analytics.record(db_path, query, count)`: log a served query.

Only public, non-draft articles are indexed. The static browser index for hosting
without a server is written inside the site, under `_helpgen/search/` (see static.py).
"""

from importlib import import_module

_HOMES = {
    "answer": "answers",
    "Answer": "answers",
    "index_dir_for": "build",
    "start_search": "build",
    "Hit": "query",
    "QueryError": "query",
    "SearchIndex": "query",
    "SearchResults": "query",
    "open_index": "query",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    """Each name is imported from its module on first use: a build needs neither the query
    side nor Whoosh in its main process, and every `helpgen` command starts faster."""
    if name not in _HOMES:
        raise AttributeError(f"module 'helpgen.search' has no attribute '{name}'")
    value = getattr(import_module(f"helpgen.search.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
