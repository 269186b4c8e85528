"""Bring an existing help center in: `helpgen import mkdocs` and `helpgen import zendesk`.

- `mkdocs_config.import_mkdocs`: helpgen.yml from an mkdocs.yml (read by `mkdocs_yaml`),
  the nav's order into `_category.yml` files and `order:` front matter (`mkdocs_nav`).
- `zendesk.import_zendesk`: a Help Center API export (JSON) into markdown articles with
  front matter and `redirect_from` for every old URL.

An importer never overwrites what exists unless asked, and says what it could not map:
each returns an `ImportResult` (files written, notes for the person migrating).
"""

from helpgen.migrate.result import ImportResult

__all__ = ["ImportResult"]
