"""A rebuild decides which pages to write from the view data handed to their templates (each
page's key is a digest of it, whatever fields it has), not from a list of inputs kept beside
it: a value that changes in the view data rewrites exactly the pages showing it."""

from __future__ import annotations

from tests.builder.test_pipeline import corpus
from tests.helpers import tree_hashes


def _changed_pages(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {
        p
        for p in before.keys() | after.keys()
        if p.endswith(".html") and before.get(p) != after.get(p)
    }


def test_a_changed_description_rewrites_the_pages_showing_it_and_no_other(
    make_site, build_site, tmp_path
):
    project = make_site(tmp_path / "project", corpus(12), {"variables": {"store": "Acme"}})
    assert build_site(project).written
    before = tree_hashes(project / "site")
    article = project / "content" / "orders" / "article-003.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "---\ntitle:", "---\ndescription: Now described.\ntitle:"
        ),
        encoding="utf-8",
    )
    result = build_site(project)
    changed = _changed_pages(before, tree_hashes(project / "site"))
    # its own page (meta description), its neighbours in the reading order and its category's list
    assert {
        "orders/article-003/index.html",
        "orders/article-000/index.html",
        "orders/article-006/index.html",
        "orders/index.html",
    } <= changed
    assert "returns/article-004/index.html" not in changed
    assert result.pages_changed == len(changed)  # no page written again with the same bytes
    build_site(project, out=tmp_path / "fresh", use_cache=False)
    assert tree_hashes(project / "site") == tree_hashes(tmp_path / "fresh")
