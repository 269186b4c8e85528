"""The markdown copy of each article at its URL + index.html.md, and the page's link to it."""

from __future__ import annotations

import json
import re

from tests.helpers import build_project, messages, read_page, write_project

ARTICLE = """---
title: Returns
description: How returns work.
---
Send it back within {{ days }} days, see [refunds](refunds.md#timing) and [the FAQ](/faq/).

Our [home page](../) and an [anchor](#steps), ![label](../images/label.png "Label")
and [elsewhere](https://example.org/x.md), [mail](mailto:a@example.com).

[ref-link]: ../shipping/rates.md
<a href="refunds.md">raw html</a>

## Steps

Use `[not a link](refunds.md)` in code, and:

```markdown
[also not](refunds.md) {{ days }}
```
"""


def site_of(tmp_path, config=None, extra=None):
    files = {
        "returns/start.md": ARTICLE,
        "returns/refunds.md": "# Refunds\n\n## Timing\n\nFive days.\n",
        "shipping/rates.md": "# Rates\n\nCheap.\n",
        "faq.md": "# FAQ\n\nQuestions.\n",
        "images/label.png": b"\x89PNG",
        **(extra or {}),
    }
    project = write_project(tmp_path, files, {"variables": {"days": 30}, **(config or {})})
    result = build_project(project)
    assert result.written, messages(result)
    return project / "site"


def test_copy_is_the_markdown_with_absolute_links(tmp_path):
    site = site_of(tmp_path)
    copy = read_page(site, "returns/start/index.html.md")
    assert copy.startswith("# Returns\n\nSend it back within 30 days, ")
    assert "---" not in copy and "description:" not in copy
    expected = [
        "[refunds](https://help.example.com/returns/refunds/#timing)",
        "[the FAQ](https://help.example.com/faq/)",
        "[home page](https://help.example.com/)",
        "[anchor](https://help.example.com/returns/start/#steps)",
        '![label](https://help.example.com/images/label.png "Label")',
        "[elsewhere](https://example.org/x.md)",
        "[mail](mailto:a@example.com)",
        "[ref-link]: https://help.example.com/shipping/rates/",
        '<a href="https://help.example.com/returns/refunds/">raw html</a>',
        "Use `[not a link](refunds.md)` in code",
        "[also not](refunds.md) 30",  # defined variables are filled in, in code too
    ]
    for piece in expected:
        assert piece in copy, piece
    assert copy.endswith("```\n")


def test_base_path_and_no_site_url(tmp_path):
    site = site_of(tmp_path / "a", {"site_url": "https://shop.example.com/help/"})
    copy = read_page(site, "returns/start/index.html.md")
    assert "[refunds](https://shop.example.com/help/returns/refunds/#timing)" in copy
    site = site_of(tmp_path / "b", {"site_url": None})
    copy = read_page(site, "returns/start/index.html.md")
    assert "[refunds](/returns/refunds/#timing)" in copy and "[the FAQ](/faq/)" in copy


def test_page_links_its_copy_and_drafts_have_none(tmp_path):
    site = site_of(
        tmp_path,
        {"site_url": "https://shop.example.com/help/"},
        {"returns/draft.md": "---\ntitle: Draft\ndraft: true\n---\nSoon.\n"},
    )
    page = read_page(site, "returns/start/index.html")
    assert (
        '<link rel="alternate" type="text/markdown" href="/help/returns/start/index.html.md">'
        in page
    )
    assert 'type="text/markdown"' not in read_page(site, "returns/draft/index.html")
    assert not (site / "returns/draft/index.html.md").exists()


def test_every_public_article_has_its_copy(any_built):
    records = [
        json.loads(line)
        for line in (any_built.site / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    listed = [a for a in any_built.result.site.articles if a.listed]
    assert len(records) == len(listed) > 0
    for article in listed:
        copy = any_built.site / article.url / "index.html.md"
        text = copy.read_text(encoding="utf-8")
        assert text.startswith(f"# {article.title}\n"), article.source
        assert not text.startswith("---")
        page = (any_built.site / article.url / "index.html").read_text(encoding="utf-8")
        assert re.search(
            r'<link rel="alternate" type="text/markdown" href="[^"]*/index\.html\.md">', page
        )


def test_demo_copies_resolve_variables_and_site_links(demo_built):
    copy = (demo_built.site / "returns-and-refunds/refund-timing/index.html.md").read_text(
        encoding="utf-8"
    )
    assert "{{" not in copy and "help@junipertrail.example" in copy
    assert (
        "[damaged or "
        "defective](https://help.junipertrail.example/returns-and-refunds/damaged-or-defective-items/)"
        in copy
    )
    relative = re.compile(r"\]\((?!https?://|mailto:|tel:)[^)]*\)")
    for path in demo_built.site.rglob("index.html.md"):
        assert not relative.search(path.read_text(encoding="utf-8")), path


def test_rebuilds_over_the_cache_follow_a_linked_article_that_moved(tmp_path):
    """Exports are cached per article: a link in an unchanged article must still follow its
    target."""
    files = {
        "a.md": "# A\n\nSee [B](b.md) and [C](c.md).\n",
        "b.md": "# B\n\nBee.\n",
        "c.md": "# C\n\nSea.\n",
    }
    project = write_project(tmp_path / "live", files)
    assert build_project(project).written

    def copy(root):
        return (root / "site" / "a" / "index.html.md").read_text(encoding="utf-8")

    assert "https://help.example.com/b/" in copy(project)
    (project / "content" / "b.md").write_text(
        "---\nslug: bee\n---\n# B\n\nBee.\n", encoding="utf-8"
    )
    (project / "content" / "c.md").write_text("# C\n\nSea, changed.\n", encoding="utf-8")
    assert build_project(project).written
    assert "https://help.example.com/bee/" in copy(project) and "/b/" not in copy(project)
    cold = write_project(
        tmp_path / "cold",
        {**files, "b.md": "---\nslug: bee\n---\n# B\n\nBee.\n", "c.md": "# C\n\nSea, changed.\n"},
    )
    assert build_project(cold, use_cache=False).written
    for name in ("articles.jsonl", "chunks.jsonl", "llms-full.txt", "a/index.html.md"):
        assert (project / "site" / name).read_bytes() == (cold / "site" / name).read_bytes(), name
