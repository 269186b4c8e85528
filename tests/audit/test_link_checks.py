"""broken-link, broken-anchor, orphan: links between articles, checked as the build resolves
them."""

from __future__ import annotations

from tests.audit.support import found, hints

TARGET = (
    "---\ntitle: Refunds\n---\n\n## How long refunds take\n\nFive days.\n\n## Store credit "
    "{#credit}\n\nOr credit.\n"
)


def test_links_and_anchors_that_resolve_are_not_findings(audit):
    result = audit(
        {
            "refunds.md": TARGET,
            "start.md": "# Start\n\nSee [refunds](refunds.md), "
            "[timing](refunds.md#how-long-refunds-take), "
            "[credit](/refunds/#credit), [below](#steps) and [the "
            "site](https://example.com/x).\n\n## Steps\n\nGo.\n",
        }
    )
    assert found(result, "broken-link") == found(result, "broken-anchor") == []


def test_a_link_to_a_missing_article_or_file_is_an_error_at_its_line(audit):
    result = audit(
        {
            "refunds.md": TARGET,
            "start.md": "# Start\n\nSee [refunds](refund.md).\n\n![Label](images/label.png)\n",
        }
    )
    assert found(result, "broken-link") == [
        (
            "error",
            "content/start.md",
            3,
            "broken link 'refund.md': no such article or file in the content folder",
        ),
        (
            "error",
            "content/start.md",
            5,
            "broken link 'images/label.png': no such article or file in the content folder",
        ),
    ]


def test_a_link_to_a_missing_heading_is_a_broken_anchor(audit):
    result = audit(
        {
            "refunds.md": TARGET,
            "start.md": "# Start\n\nSee [timing](refunds.md#timing).\n\nAnd [here](#nowhere).\n",
        }
    )
    assert found(result, "broken-anchor") == [
        (
            "warning",
            "content/start.md",
            3,
            "broken link 'refunds.md#timing': refunds.md has no heading or id '#timing'",
        ),
        (
            "warning",
            "content/start.md",
            5,
            "broken link '#nowhere': no heading or id '#nowhere' in this article",
        ),
    ]
    assert hints(result, "broken-anchor")[0].startswith(
        "link to the id of one of the target's headings"
    )


def test_a_broken_anchor_close_to_an_existing_id_gets_it_suggested(audit):
    result = audit(
        {
            "refunds.md": TARGET,
            "start.md": "# Start\n\n[timing](refunds.md#How-long-refunds-take) "
            "[here](#-Next-steps)\n\n## Next steps\n",
        }
    )
    assert hints(result, "broken-anchor") == [
        "did you mean '#next-steps'? link to the id of one of the target's headings (its table of "
        "contents shows "
        "them), or drop the #part",
        "did you mean '#how-long-refunds-take'? link to the id of one of the target's headings "
        "(its table of "
        "contents shows them), or drop the #part",
    ]


def test_a_link_written_twice_is_reported_at_both_lines(audit):
    result = audit({"a.md": "# A\n\n[gone](gone.md)\n\nAgain: [gone](gone.md)\n"})
    assert [line for _, _, line, _ in found(result, "broken-link")] == [3, 5]


def test_a_featured_path_that_is_no_article_is_a_broken_link_in_the_config(audit):
    result = audit({"a.md": "# A\n\nText.\n"}, {"featured": ["a", "returns/start"]})
    assert found(result, "broken-link") == [
        ("error", "helpgen.yml", None, "featured: 'returns/start' is not an article")
    ]


def test_orphans_are_articles_no_other_article_links_to_nor_the_home_page_features(audit):
    # header and footer links and the announcement are on every page: they count
    result = audit(
        {
            "a.md": "# A\n\nSee [B](b.md) and [myself](a.md).\n",
            "b.md": "# B\n\nBack to [A](/a/).\n",
            "featured.md": "# Featured\n\nText.\n",
            "self.md": "# Only itself\n\n[Top](self.md#top)\n",
            "alone.md": "# Alone\n\nText.\n",
            "draft.md": "---\ndraft: true\n---\n\n# Draft\n\nDrafts do not count: "
            "[alone](alone.md).\n",
            "policies/privacy.md": "# Privacy\n\nText.\n",
            "policies/terms.md": "# Terms\n\nText.\n",
        },
        {
            "featured": ["featured"],
            "footer_links": [
                {"title": "Privacy", "url": "/policies/privacy/"},
                {"title": "Shop", "url": "https://shop.example.com/"},
            ],
            "announcement": {"text": "New terms", "url": "/policies/terms/"},
        },
    )
    assert found(result, "orphan") == [
        (
            "info",
            "content/alone.md",
            1,
            "no other article links here and the home page does not feature it",
        ),
        (
            "info",
            "content/self.md",
            1,
            "no other article links here and the home page does not feature it",
        ),
    ]
