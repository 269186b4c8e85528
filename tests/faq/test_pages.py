"""FAQ pages (`type: faq`): an accordion of questions with FAQPage data, from every template."""

from __future__ import annotations

import json
import re

from helpgen.faq import check_values, load_topics, render_topic
from tests.helpers import messages, read_page

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SUMMARY_H2 = re.compile(r"<summary><h2[^>]*>(.*?)</h2>", re.S)


def faq_page_data(html: str) -> dict:
    graph = json.loads(JSONLD.search(html).group(1))["@graph"]
    return next(node for node in graph if node["@type"] == "FAQPage")


def test_questions_become_an_accordion_with_faqpage_data(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "faq.md": "---\ntitle: Shipping FAQ\ntype: faq\n---\nIntro.\n\n"
            "## How long does it take?\n\nThree days.\n\n### In winter\n\nFour.\n\n"
            "## Do you ship abroad?\n\nYes.\n"
        },
    )
    build_site(tmp_path)
    html = read_page(tmp_path / "site", "faq/index.html")
    assert html.count('<details class="faq hg-faq-item"') == 2
    assert (
        '<details class="faq hg-faq-item"><summary><h2 id="how-long-does-it-take">How long does it '
        "take?</h2>" in html
    )
    assert (
        "headerlink"
        not in html.split('<div class="hg-prose">')[1].split("<summary>")[1].split("</summary>")[0]
    )
    assert "<p>Intro.</p>" in html  # the introduction stays outside the accordion
    questions = faq_page_data(html)["mainEntity"]
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in questions] == [
        ("How long does it take?", "Three days.\nIn winter\nFour."),
        ("Do you ship abroad?", "Yes."),
    ]


def test_an_ordinary_article_has_no_accordion_nor_faqpage(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "---\ntitle: A\n---\n## Why?\n\nBecause.\n"})
    build_site(tmp_path)
    html = read_page(tmp_path / "site", "a/index.html")
    assert "hg-faq-item" not in html and "FAQPage" not in html


def test_an_unknown_type_is_a_warning_on_its_line(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "---\ntitle: A\ntype: blog\n---\nText.\n"})
    result = build_site(tmp_path)
    assert messages(result, "warning") == [
        "content/a.md:3: front matter: 'type': expected article or faq, got 'blog'"
    ]


def test_every_template_builds_into_a_page_whose_faqpage_questions_are_its_headings(
    tmp_path, make_site, build_site
):
    files = {}
    for topic in load_topics().values():
        values = check_values(
            topic,
            {
                name: var.example
                if var.required
                else (var.example if var.example is not None else var.default)
                for name, var in topic.variables.items()
            },
        )
        for lang in topic.languages:
            files[f"{lang}-{topic.id}.md"] = render_topic(topic, lang, values)
    make_site(tmp_path, files)
    result = build_site(tmp_path, strict=True)
    assert result.written, messages(result)
    for name in files:
        html = read_page(tmp_path / "site", f"{name[:-3]}/index.html")
        headings = [re.sub(r"<[^>]+>", "", h) for h in SUMMARY_H2.findall(html)]
        questions = [q["name"] for q in faq_page_data(html)["mainEntity"]]
        assert len(headings) >= 5 and questions == [h.replace("&amp;", "&") for h in headings], name
        assert "{{" not in html and "{%" not in html, name


def test_each_question_is_its_own_search_hit_linking_to_its_anchor(tmp_path, make_site, build_site):
    from helpgen.search import index_dir_for, open_index

    make_site(
        tmp_path,
        {
            "faq.md": "---\ntitle: Shipping FAQ\ntype: faq\n---\nIntro.\n\n"
            "## How long does shipping take?\n\nThree working days.\n\n"
            "## Do you ship abroad?\n\nYes, to every country of the EU.\n"
        },
    )
    result = build_site(tmp_path)
    hits = open_index(index_dir_for(result.out)).search("ship abroad").results
    assert [(h.id, h.url, h.title, h.source) for h in hits][:1] == [
        ("faq#do-you-ship-abroad", "/faq/#do-you-ship-abroad", "Do you ship abroad?", "faq.md")
    ]
    assert (
        "<mark>EU</mark>" in open_index(index_dir_for(result.out)).search("EU").results[0].snippet
    )


def test_each_question_is_a_record_in_the_exports_even_without_a_question_mark(
    tmp_path, make_site, build_site
):
    make_site(
        tmp_path,
        {
            "faq.md": "---\ntitle: Shipping FAQ\ntype: faq\n---\nIntro.\n\n"
            "## Shipping times\n\nThree working days.\n\n## Do you ship abroad?\n\nYes.\n"
        },
    )
    build_site(tmp_path)
    record = json.loads(
        (tmp_path / "site" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    assert [(qa["question"], qa["answer"]) for qa in record["faq"]] == [
        ("Shipping times", "Three working days."),
        ("Do you ship abroad?", "Yes."),
    ]
