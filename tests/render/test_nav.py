"""Previous/next and related articles (helpgen.render.nav)."""

from __future__ import annotations

from helpgen.build.pipeline import load_site
from helpgen.config import load_project
from helpgen.render.nav import build_nav


def article(title: str, tags: list[str] = ()) -> str:
    return f"---\ntitle: {title}\ntags: [{', '.join(tags)}]\n---\nText.\n"


def test_related_articles_share_tags_first_then_are_siblings_in_alphabetical_order(tmp_path, make_site):
    make_site(tmp_path, {
        "orders/a.md": article("Zebra", ["ship", "track"]),
        "orders/b.md": article("Apple"),
        "orders/c.md": article("Mango"),
        "orders/d.md": article("banana"),
        "orders/e.md": article("Cherry", ["ship"]),
        "returns/f.md": article("Kiwi", ["ship", "track"]),
        "returns/g.md": article("Lime", ["track"]),
    })
    nav = build_nav(load_site(load_project(tmp_path), use_cache=False).site, related_count=4)
    related = [a.title for a in nav["orders/a.md"].related]
    # Kiwi shares two tags (4 points); Cherry one tag and the category (3); Lime one tag (2);
    # then siblings with one point each, alphabetically whatever their case: Apple before banana
    assert related == ["Kiwi", "Cherry", "Lime", "Apple"]
    assert [a.title for a in nav["orders/b.md"].related] == ["banana", "Cherry", "Mango", "Zebra"]
    assert all(a.source != source for source, n in nav.items() for a in n.related)
