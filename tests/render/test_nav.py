"""Previous/next and related articles (helpgen.render.nav)."""

from __future__ import annotations

import heapq
import subprocess
import sys
from collections import defaultdict

import pytest

from helpgen.builder.pipeline import load_site
from helpgen.config import load_project
from helpgen.render.nav import build_nav
from tests.helpers import SHARED_CORPUS, copy_shared_corpus

SYNTH = SHARED_CORPUS.parent.parent / "tools" / "synth_corpus.py"


def article(title: str, tags: list[str] = ()) -> str:
    return f"---\ntitle: {title}\ntags: [{', '.join(tags)}]\n---\nText.\n"


def test_related_articles_share_tags_first_then_are_siblings_in_alphabetical_order(
    tmp_path, make_site
):
    make_site(
        tmp_path,
        {
            "orders/a.md": article("Zebra", ["ship", "track"]),
            "orders/b.md": article("Apple"),
            "orders/c.md": article("Mango"),
            "orders/d.md": article("banana"),
            "orders/e.md": article("Cherry", ["ship"]),
            "returns/f.md": article("Kiwi", ["ship", "track"]),
            "returns/g.md": article("Lime", ["track"]),
        },
    )
    nav = build_nav(load_site(load_project(tmp_path), use_cache=False).site, related_count=4)
    related = [a.title for a in nav["orders/a.md"].related]
    # Kiwi shares two tags (4 points); Cherry one tag and the category (3); Lime one tag (2);
    # then siblings with one point each, alphabetically whatever their case: Apple before banana
    assert related == ["Kiwi", "Cherry", "Lime", "Apple"]
    assert [a.title for a in nav["orders/b.md"].related] == ["banana", "Cherry", "Mango", "Zebra"]
    assert all(a.source != source for source, n in nav.items() for a in n.related)


def _reference_related(article, siblings, by_tag, count):
    """The quadratic `_related` before issue #21, kept as the reference the fast one must match."""

    def alphabetical(a):
        return a.title.lower(), a.source

    score, pool = defaultdict(int), {}
    for tag in {t.lower() for t in article.tags}:
        for other in by_tag[tag][:200]:
            score[other.source] += 2
            pool[other.source] = other
    if score:
        sources = {other.source for other in siblings}
        for source in score:
            score[source] += source in sources
    score.pop(article.source, None)
    top = heapq.nsmallest(count, score, key=lambda s: (-score[s], alphabetical(pool[s])))
    best = [pool[s] for s in top]
    for other in sorted(siblings, key=alphabetical):
        if len(best) >= count:
            break
        if other.source != article.source and other.source not in score:
            best.append(other)
    return [a.source for a in best]


def _assert_same_as_reference(site, count=5):
    by_tag = defaultdict(list)
    for a in site.listed:
        for tag in {t.lower() for t in a.tags}:
            by_tag[tag].append(a)
    nav = build_nav(site, related_count=count)
    checked = 0
    for path in site.categories:
        ordered = site.articles_in(path)
        for a in ordered:
            assert [r.source for r in nav[a.source].related] == _reference_related(
                a, ordered, by_tag, count
            ), a.source
            checked += 1
    assert checked == len(nav) > 0


def test_related_lists_match_the_reference_on_a_synthetic_corpus(tmp_path):
    # Many ties (two tags drawn from a small vocabulary) and tag lists past the 200 cap.
    subprocess.run([sys.executable, str(SYNTH), str(tmp_path / "content"), "1200"], check=True)
    (tmp_path / "helpgen.yml").write_text("site_name: Synth\nsite_url: https://help.example.com/\n")
    _assert_same_as_reference(load_site(load_project(tmp_path), use_cache=False).site)


@pytest.mark.skipif(not (SHARED_CORPUS / "content").is_dir(), reason="shared corpus is missing")
def test_related_lists_match_the_reference_on_the_shared_corpus(tmp_path):
    copy_shared_corpus(tmp_path)
    _assert_same_as_reference(load_site(load_project(tmp_path), use_cache=False).site)


def test_related_lists_match_the_reference_past_the_tag_cap(tmp_path, make_site):
    # Three tags on 300 articles: every tag list is past its 200-article cap, scores tie a lot.
    files = {
        f"c{i % 3}/a{i:03d}.md": article(f"T{i % 7}", [f"t{i % 3}", f"t{i % 5 % 3}"])
        for i in range(300)
    }
    make_site(tmp_path, files)
    site = load_site(load_project(tmp_path), use_cache=False).site
    _assert_same_as_reference(site)
    _assert_same_as_reference(site, count=30)
