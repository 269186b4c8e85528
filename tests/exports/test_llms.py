"""llms.txt and llms-full.txt: the llmstxt.org shape, the reference parser, our strict check."""

from __future__ import annotations

import json

import llms_txt
import pytest

from helpgen.exports.llms_check import check_llms_txt
from tests.helpers import build_project, messages, write_project


def records(site):
    return [
        json.loads(line)
        for line in (site / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def test_reference_parser_reads_every_article(any_built):
    text = (any_built.site / "llms.txt").read_text(encoding="utf-8")
    parsed = llms_txt.parse_llms_file(text)
    config = any_built.project.config
    assert parsed.title == config.site_name
    assert parsed.summary == " ".join(config.description.split())
    assert "llms-full.txt" in parsed.info
    links = [link for section in parsed.sections.values() for link in section]
    assert sorted(link["url"] for link in links) == sorted(
        r["markdown_url"] for r in records(any_built.site)
    )
    assert all(link["title"] for link in links)
    if (
        any_built.project.config.site_name == "Juniper Trail Help Center"
    ):  # every demo article has a description
        assert all(link["desc"] for link in links)


def test_passes_the_strict_check(any_built):
    text = (any_built.site / "llms.txt").read_text(encoding="utf-8")
    assert check_llms_txt(text, any_built.site, any_built.site_url) == []


def test_demo_sections_follow_the_categories(demo_built):
    parsed = llms_txt.parse_llms_file((demo_built.site / "llms.txt").read_text(encoding="utf-8"))
    assert list(parsed.sections) == [
        "Orders & shipping",
        "Returns & refunds",
        "Payments",
        "Your account",
        "Products & sizing",
        "Promotions & rewards",
        "Quick answers",
        "Bahasa Indonesia: Pesanan & pengiriman",
        "Bahasa Indonesia: Pengembalian & pengembalian dana",
        "Bahasa Indonesia: Jawaban singkat",
    ]
    returns = [link["title"] for link in parsed.sections["Returns & refunds"]]
    assert returns[0] == "How to start a return"  # featured first
    assert "Agent guide: refund exceptions and escalation" not in returns  # internal


def test_corpus_long_tail_goes_under_optional(corpus_built):
    parsed = llms_txt.parse_llms_file((corpus_built.site / "llms.txt").read_text(encoding="utf-8"))
    assert list(parsed.sections)[-1] == "Optional"
    assert all(len(links) <= 20 for name, links in parsed.sections.items() if name != "Optional")
    assert sum(len(links) for links in parsed.sections.values()) == 473


@pytest.mark.parametrize(
    "text, problem",
    [
        ("Title\n\n> s\n", "line 1: the file must start with an H1"),
        (
            "# T\n\nNo summary.\n\n## A\n\n- [a](https://help.example.com/a/)\n",
            "line 3: the H1 must be followed by",
        ),
        (
            "# T\n\n> s\n\n## A\n\nSome prose.\n",
            "line 7: not a `- [title](url): notes` line under 'A'",
        ),
        ("# T\n\n> s\n\n### Deep\n", "line 5: only H2 headings may follow the H1"),
        (
            "# T\n\n> s\n\n## A\n\n- [a](https://help.example.com/missing/)\n",
            "line 7: link https://help.example.com/missing/ is not a file",
        ),
        (
            "# T\n\n> s\n\n## A\n\n- [a](https://elsewhere.example/a/)\n",
            "line 7: link https://elsewhere.example/a/ is not a file",
        ),
        (
            "# T\n\n> s\n\n## A\n\n- [a](https://help.example.com/)\n\n## A\n\n- "
            "[a](https://help.example.com/)\n",
            "line 9: section 'A' is empty or named twice",
        ),
        (
            "# T\n\n> s\n\n## Empty\n\n## B\n\n- [a](https://help.example.com/)\n",
            "line 7: section 'Empty' has no links",
        ),
        (
            "# T\n\n> s\n\nSee [x](https://help.example.com/nope.txt).\n",
            "line 5: link https://help.example.com/nope.txt",
        ),
    ],
)
def test_strict_check_rejects(tmp_path, text, problem):
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    problems = check_llms_txt(text, tmp_path, "https://help.example.com/")
    assert any(p.startswith(problem) for p in problems), problems


def test_strict_check_accepts_a_minimal_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html.md").write_text("# a", encoding="utf-8")
    text = (
        "# T\n\n> s\n\nPara.\n\n## A\n\n- [a](https://help.example.com/a/index.html.md): "
        "notes\n- [b](/a/index.html.md)\n"
    )
    assert check_llms_txt(text, tmp_path, "https://help.example.com/") == []


def _article(title: str, order: int | None = None, description: str = "About it.") -> str:
    order_line = f"order: {order}\n" if order is not None else ""
    return (
        f'---\ntitle: "{title}"\ndescription: "{description}"\n{order_line}---\nBody of {title}.\n'
    )


def test_optional_rule(tmp_path):
    files = {f"guides/g{i}.md": _article(f"Guide {i}", order=i) for i in range(1, 5)}
    files |= {
        "glossary/term.md": _article("Term"),
        "glossary/more/deep.md": _article("Deep term"),
        "top.md": _article("Top"),
    }
    project = write_project(
        tmp_path,
        files,
        {
            "featured": ["guides/g4"],
            "llms": {"max_per_section": 2, "optional_categories": ["glossary"]},
        },
    )
    result = build_project(project)
    assert result.written, messages(result)
    parsed = llms_txt.parse_llms_file((project / "site" / "llms.txt").read_text(encoding="utf-8"))
    titles = {name: [link["title"] for link in links] for name, links in parsed.sections.items()}
    assert titles == {
        "General": ["Top"],
        "Guides": ["Guide 4", "Guide 1"],
        "Optional": ["Term", "Deep term", "Guide 2", "Guide 3"],  # in navigation order
    }


def test_no_limit_and_no_optional_section(tmp_path):
    files = {f"guides/g{i}.md": _article(f"Guide {i}") for i in range(1, 30)}
    project = write_project(tmp_path, files, {"llms": {"max_per_section": 0}})
    build_project(project)
    parsed = llms_txt.parse_llms_file((project / "site" / "llms.txt").read_text(encoding="utf-8"))
    assert list(parsed.sections) == ["Guides"] and len(parsed.sections["Guides"]) == 29


def test_awkward_titles_and_descriptions_stay_parseable(tmp_path):
    files = {
        "a/x.md": '---\ntitle: "Use [beta] (new) feature"\ndescription: "Line one,\\n   line two: '
        '#3 ) done"\n---\nBody\n',
        "a/y (copy).md": "# Paren file\n\nText.\n",
    }
    project = write_project(
        tmp_path,
        files,
        {
            "description": "Two\n\nparagraphs here.",
            "llms": {"details": "Agents: read the markdown copies."},
        },
    )
    result = build_project(project)
    assert result.written, messages(result)
    text = (project / "site" / "llms.txt").read_text(encoding="utf-8")
    assert check_llms_txt(text, project / "site", "https://help.example.com/") == []
    parsed = llms_txt.parse_llms_file(text)
    assert parsed.summary == "Two paragraphs here."
    assert parsed.info.strip() == "Agents: read the markdown copies."
    by_title = {link["title"]: link for link in parsed.sections["A"]}
    assert by_title["Use (beta) (new) feature"]["desc"] == "Line one, line two: #3 ) done"
    assert (
        by_title["Paren file"]["url"] == "https://help.example.com/a/y%20%28copy%29/index.html.md"
    )


def test_without_site_url_links_are_root_relative(tmp_path):
    project = write_project(tmp_path, {"a/x.md": _article("X")}, {"site_url": None})
    build_project(project)
    text = (project / "site" / "llms.txt").read_text(encoding="utf-8")
    assert "- [X](/a/x/index.html.md): About it." in text
    assert check_llms_txt(text, project / "site", None) == []


def test_llms_full_holds_every_article_with_title_and_url(demo_built):
    full = (demo_built.site / "llms-full.txt").read_text(encoding="utf-8")
    assert full.startswith("# Juniper Trail Help Center\n\n> Answers from")
    for record in records(demo_built.site):
        block = f"# {record['title']}\n\nSource: {record['url']}\n\n{record['markdown']}\n"
        assert block in full
    assert "Agent guide" not in full


def test_sections_of_the_same_name_stay_apart(tmp_path):
    files = {
        "eu/help/a.md": _article("A"),
        "us/help/b.md": _article("B"),
        "eu/_category.yml": "title: Region\n",
        "us/_category.yml": "title: Region\n",
    }
    project = write_project(tmp_path, files)
    build_project(project)
    text = (project / "site" / "llms.txt").read_text(encoding="utf-8")
    assert list(llms_txt.parse_llms_file(text).sections) == [
        "Region / Help",
        "Region / Help (us/help)",
    ]
    assert check_llms_txt(text, project / "site", "https://help.example.com/") == []
