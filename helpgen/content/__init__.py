"""Stage 2: articles and categories as plain data (no HTML).

`discover` finds the files, `load_article` turns one file's bytes into an Article (pure,
so the build can run it in parallel and cache it), `assemble_site` makes the Site.
"""

from helpgen.content.article import Article, Category
from helpgen.content.load import assemble_site, content_hash, discover, load_article, read_source
from helpgen.content.site import Site

__all__ = [
    "Article",
    "Category",
    "Site",
    "assemble_site",
    "content_hash",
    "discover",
    "load_article",
    "read_source",
]
