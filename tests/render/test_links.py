"""Internal links: `.md` paths rewritten to URLs, broken ones and missing anchors warned about at
file:line."""

from __future__ import annotations

import re

from tests.helpers import messages, prose, read_page

HINT = "(hint: fix the path (links to articles may use their .md file path))"


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def links_site(make_site, root, config=None):
    return make_site(
        root,
        {
            "orders/_category.yml": "title: Orders\n",
            "orders/track.md": (
                "# Track\n\n"
                "[ship](shipping.md) [ship-sec](shipping.md#how-long) [self](#steps) "
                "[cancel](../returns/cancel.md)\n\n"
                "[cat](../returns/) [abs](/returns/cancel-an-order/) [old](/old/cancel.html) "
                "[home](/) [search](/search/)\n\n"
                "![logo](../images/logo.png) ![box](img/box.png) [pdf](../files/terms.pdf)\n\n"
                "## Steps\n\nDone.\n"
            ),
            "orders/shipping.md": "# Shipping\n\n## How long?\n\nDays.\n",
            "orders/img/box.png": b"\x89PNG box",
            "returns/cancel.md": "---\nslug: cancel-an-order\nredirect_from: "
            "[/old/cancel.html]\n---\n# Cancel\n",
            "images/logo.png": b"\x89PNG logo",
            "files/terms.pdf": b"%PDF-1.4",
        },
        config,
    )


def test_internal_links_are_rewritten_to_urls(tmp_path, make_site, build_site):
    links_site(make_site, tmp_path)
    result = build_site(tmp_path)
    assert messages(result) == []
    body = prose(read_page(tmp_path / "site", "orders/track/index.html"))
    assert hrefs(body) == [
        "/orders/shipping/",
        "/orders/shipping/#how-long",
        "#steps",
        "/returns/cancel-an-order/",
        "/returns/",
        "/returns/cancel-an-order/",
        "/returns/cancel-an-order/",
        "/",
        "/search/",
        "/images/logo.png",
        "/orders/img/box.png",
        "/files/terms.pdf",
        "#steps",  # the heading's own permalink
    ]
    site = tmp_path / "site"
    assert (site / "images/logo.png").read_bytes() == b"\x89PNG logo"
    assert (site / "orders/img/box.png").read_bytes() == b"\x89PNG box"
    assert (site / "files/terms.pdf").read_bytes() == b"%PDF-1.4"


def test_links_under_a_site_url_with_a_base_path(tmp_path, make_site, build_site):
    links_site(make_site, tmp_path, {"site_url": "https://shop.example/help/"})
    result = build_site(tmp_path)
    assert messages(result) == []
    body = prose(read_page(tmp_path / "site", "orders/track/index.html"))
    assert hrefs(body)[:4] == [
        "/help/orders/shipping/",
        "/help/orders/shipping/#how-long",
        "#steps",
        "/help/returns/cancel-an-order/",
    ]
    assert "/help/images/logo.png" in hrefs(body) and "/help/orders/img/box.png" in hrefs(body)
    page = read_page(tmp_path / "site", "orders/track/index.html")
    assert '<link rel="canonical" href="https://shop.example/help/orders/track/">' in page


def test_broken_links_and_missing_anchors_are_warnings_with_lines(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "orders/a.md": (
                "---\ntitle: A\n---\nIntro.\n\n"
                "See [gone](gone.md) and [b](b.md#nope).\n\n"
                "Jump [here](#nowhere).\n\n"
                "![pic](missing.png)\n\n[path](/no/such/page/)\n"
            ),
            "orders/b.md": "## Real\n",
        },
    )
    expected = [
        "content/orders/a.md:6: broken link 'b.md#nope': orders/b.md has no heading or id '#nope' "
        f"{HINT}",
        "content/orders/a.md:6: broken link 'gone.md': no such article or file in the content "
        f"folder {HINT}",
        "content/orders/a.md:8: broken link '#nowhere': no heading or id '#nowhere' in this "
        f"article {HINT}",
        "content/orders/a.md:10: broken link 'missing.png': no such article or file in the "
        f"content folder {HINT}",
        "content/orders/a.md:12: broken link '/no/such/page/': no such article or file in the "
        f"content folder {HINT}",
    ]
    result = build_site(tmp_path)
    assert result.written and messages(result, "warning") == expected
    body = prose(read_page(tmp_path / "site", "orders/a/index.html"))
    assert hrefs(body) == [
        "/orders/gone.md",
        "/orders/b/#nope",
        "#nowhere",
        "/orders/missing.png",
        "/no/such/page/",
    ]
    result = build_site(tmp_path, strict=True, out=tmp_path / "strict")
    assert not result.written and messages(result) == expected
    assert not (tmp_path / "strict").exists()


def test_a_broken_link_written_twice_is_reported_at_each_line(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {"a.md": "# A\n\n[gone](gone.md) and ![](x.png)\n\nAgain [gone](gone.md).\n\n![](x.png)\n"},
    )
    assert [m.split(": broken")[0] for m in messages(build_site(tmp_path))] == [
        "content/a.md:3",
        "content/a.md:3",
        "content/a.md:5",
        "content/a.md:7",
    ]


def test_anchor_made_by_attr_list_or_raw_html_counts(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": '[x](b.md#custom) [y](b.md#raw) [z](#local)\n\n<span id="local"></span>\n',
            "b.md": '## Title {: #custom }\n\n<div id="raw">R</div>\n',
        },
    )
    assert messages(build_site(tmp_path)) == []


def test_link_to_a_draft_is_fine(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "[d](d.md)\n", "d.md": "---\ndraft: true\n---\nD\n"})
    result = build_site(tmp_path)
    assert messages(result) == []
    assert hrefs(prose(read_page(tmp_path / "site", "a/index.html"))) == ["/d/"]
