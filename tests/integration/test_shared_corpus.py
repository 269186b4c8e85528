"""The SendGrid docs corpus (473 real articles, messy front matter, Handlebars examples) builds
right.

Slow (a full build of the corpus, once for the module); skipped when ../shared/corpora is missing.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers import SHARED_CORPUS, copy_shared_corpus, problem_lines, run_helpgen, summary_of

CORPUS = SHARED_CORPUS
ARTICLES = 473
LITERAL_HINT = "(hint: put template examples in `code`, or write \\{{ for a literal {{)"
UNKNOWN_HINT = "(hint: define it under `variables:` in helpgen.yml, or write \\{{ for a literal {{)"
HANDLEBARS = "for-developers/sending-email/using-handlebars"

pytestmark = pytest.mark.skipif(not (CORPUS / "content").is_dir(), reason=f"{CORPUS} is missing")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_shared_corpus(tmp_path_factory.mktemp("sendgrid"))
    code, out, err = run_helpgen("build", root, "--verbose")
    site = root / "site"
    pages = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
    }
    return code, err, pages


def article_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if '<body class="hg-kind-article"' in text}


def strip_code(text: str) -> str:
    return re.sub(r"<pre\b.*?</pre>|<code\b.*?</code>", "", text, flags=re.S)


def code_texts(page: str) -> list[str]:
    """The text of every <code> element, highlighting spans removed, still HTML-escaped."""
    return [
        re.sub(r"</?span[^>]*>", "", c)
        for c in re.findall(r"<code\b[^>]*>(.*?)</code>", page, re.S)
    ]


def test_builds_with_exit_0(built):
    code, err, _ = built
    assert code == 0, err[-3000:]
    assert "Traceback" not in err
    summary = summary_of(err)
    assert (summary["articles"], summary["errors"]) == (str(ARTICLES), "0")


def test_one_page_per_article(built):
    _, _, pages = built
    articles = article_pages(pages)
    assert len(articles) == ARTICLES
    canonicals = {
        re.search(r'<link rel="canonical" href="([^"]+)">', text).group(1)
        for text in articles.values()
    }
    assert len(canonicals) == ARTICLES
    sources = sorted(p for p in (CORPUS / "content").rglob("*.md"))
    assert len(sources) == ARTICLES


def test_two_dash_front_matter_of_fqdn_is_a_warning(built):
    _, err, pages = built
    assert (
        "warning: content/glossary/fqdn.md:1: front matter: opening line is '--', expected '---' "
        "(hint: write exactly three dashes)"
    ) in problem_lines(err)
    page = pages["glossary/fqdn/index.html"]
    assert "<title>Fully Qualified Domain Name (FQDN) | SendGrid Docs</title>" in page
    assert (
        '<meta name="description" content="Definition of a fully qualified domain name as it '
        'relates to SendGrid.">' in page
    )


def test_literal_braces_in_prose_are_warned_about_at_their_line(built):
    _, err, _ = built
    lines = problem_lines(err)
    for expected in (
        f"warning: content/{HANDLEBARS}.md:769: '{{{{#equals 3 \"3\"}}}}' is not a variable; it is "
        f"left as written {LITERAL_HINT}",
        "warning: content/ui/sending-email/create-and-manage-unsubscribe-groups.md:53: "
        "'{{{unsubscribe}}}' is not a "
        f"variable; it is left as written {LITERAL_HINT}",
        "warning: content/for-developers/sending-email/building-an-x-smtpapi-header.md:166: "
        "unknown variable 'name' "
        f"(defined: root_url) {UNKNOWN_HINT}",
        "warning: content/ui/sending-email/senders.md:75: unknown variable 'sender_name' "
        f"(defined: root_url) {UNKNOWN_HINT}",
    ):
        assert expected in lines, expected
    # code examples are not warned about: the one prose use on line 769 is all there is in that
    # article
    assert [line for line in lines if f"{HANDLEBARS}.md" in line and "broken link" not in line] == [
        f"warning: content/{HANDLEBARS}.md:769: '{{{{#equals 3 \"3\"}}}}' is not a variable; it is "
        f"left as written {LITERAL_HINT}",
    ]


def test_literal_braces_stay_in_the_page(built):
    _, _, pages = built
    assert (
        'For example, {{#equals 3 "3"}} will return <code>false</code>.'
        in pages[f"{HANDLEBARS}/index.html"]
    )


def test_no_root_url_outside_code_in_any_page(built):
    # for-developers/partners/azure.md:301 has ```inline code``` on one line: not a fence
    _, _, pages = built
    left = sorted(path for path, text in pages.items() if "root_url" in strip_code(text))
    assert left == []


def test_root_url_replaced_in_links(built):
    _, _, pages = built
    page = pages[f"{HANDLEBARS}/index.html"]
    assert (
        '<a href="/ui/sending-email/how-to-send-an-email-with-dynamic-transactional-templates/">'
        in page
    )
    assert "{{root_url}}" not in strip_code(page)


def test_no_root_url_in_any_page_code_included(built):
    _, _, pages = built
    assert sorted(path for path, text in pages.items() if "root_url" in text) == []
    # for-developers/partners/azure.md:260, a comment inside an objc code block: a defined variable
    # is filled in
    assert any(
        "// Find more details about the [Web API here](/api-reference/)." in text
        for text in code_texts(pages["for-developers/partners/azure/index.html"])
    )


@pytest.mark.parametrize(
    "example",
    [
        "<p>Hello {{ firstName }}</p>",
        "<p>Hello {{{firstName}}}</p>",
        '<p>Hello {{insert name "default=Customer"}}! Thank you for contacting us about {{insert '
        'businessName "your business"}}.</p>',
        "{{#if user.profile.male}}\n   <p>Dear Sir</p>\n{{else if user.profile.female}}\n   "
        "<p>Dear Madame</p>\n"
        "{{else}}\n   <p>Dear Customer</p>\n{{/if}}",
        "{{ name }}",
    ],
)
def test_handlebars_examples_in_code_are_kept(built, example):
    _, _, pages = built
    escaped = html.escape(example, quote=False)
    assert any(escaped in text for text in code_texts(pages[f"{HANDLEBARS}/index.html"])), example


def test_every_article_page_has_one_h1(built):
    _, _, pages = built
    assert (
        sorted(
            p for p, text in article_pages(pages).items() if len(re.findall(r"<h1\b", text)) != 1
        )
        == []
    )
