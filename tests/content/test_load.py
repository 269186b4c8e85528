"""Finding and loading sources: files that cannot be used are named, with their line, never a
crash."""

from __future__ import annotations

import os

import pytest

from helpgen.content import discover
from tests.helpers import messages, problem_lines, read_page, summary_of

NOT_WRITTEN = "site NOT written (the previous one is kept)"


def test_discover_sorts_and_skips_hidden_and_underscored(tmp_path, make_site):
    make_site(
        tmp_path,
        {
            "b.md": "B",
            "a.markdown": "A",
            "guide/_category.yml": "title: G\n",
            "guide/z.md": "Z",
            "guide/img.png": b"\x89PNG",
            "_drafts/x.md": "X",
            ".git/y.md": "Y",
            "guide/_partial.md": "P",
            "notes.txt": "N",
        },
    )
    assert discover(tmp_path / "content") == (
        ["a.markdown", "b.md", "guide/z.md"],
        ["guide/_category.yml"],
        ["guide/img.png", "notes.txt"],
    )


def test_non_utf8_article_names_file_and_line(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {
            "ok.md": "Fine.\n",
            "orders/latin1.md": "# Caf\xe9s\n".encode() + b"\n\nna\xefve\n",
        },
    )
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    assert problem_lines(err) == [
        "error: content/orders/latin1.md:4: not UTF-8 text (byte 13 is 0xef) (hint: save the file "
        "as UTF-8)",
    ]
    assert code == 1
    summary = summary_of(err)
    assert (summary["articles"], summary["errors"], summary["outcome"]) == ("1", "1", NOT_WRITTEN)
    assert not (tmp_path / "site").exists()


def test_utf8_with_bom_and_crlf_is_fine(tmp_path, make_site, build_site):
    make_site(
        tmp_path, {"a.md": "\ufeff---\r\ntitle: Windows\r\n---\r\nLine one\r\n".encode("utf-8")}
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    assert result.site.by_source["a.md"].title == "Windows"


def test_duplicate_url_names_both_files(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {
            "returns/refunds.md": "# Refunds\n",
            "returns/money-back.md": "---\nslug: refunds\n---\n# Money back\n",
        },
    )
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [
        "error: content/returns/refunds.md: duplicate URL /returns/refunds/: returns/money-back.md "
        "has it too "
        "(hint: give one of them a different `slug` in its front matter)",
    ]
    assert code == 1
    assert summary_of(err)["outcome"] == NOT_WRITTEN


def test_duplicate_url_from_index_md_and_folder_name(tmp_path, make_site, build_site):
    make_site(tmp_path, {"faq.md": "A", "faq/index.md": "B"})
    result = build_site(tmp_path)
    assert messages(result) == [
        "content/faq.md: duplicate URL /faq/: faq/index.md has it too "
        "(hint: give one of them a different `slug` in its front matter)",
    ]
    assert not result.written


def test_a_link_to_an_unreadable_file_outside_content_is_skipped(tmp_path, make_site, run_cli):
    # /proc/self/mem fails with EIO when read from offset 0, even as root; it used to stand in for
    # an unreadable file here, but it lies outside content_dir, so it is not read at all any more
    # (an unreadable file inside: test_a_file_without_read_permission).
    make_site(tmp_path, {"ok.md": "Fine.\n"})
    os.symlink("/proc/self/mem", tmp_path / "content" / "broken.md")
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    [line] = problem_lines(err)
    assert line.startswith("warning: content/broken.md: symbolic link to /proc/")
    assert line.endswith(
        "/mem, outside content/; skipped (hint: copy the file into the project instead)"
    )
    assert code == 0


def test_a_file_without_read_permission(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"ok.md": "Fine.\n", "locked.md": "Secret.\n"})
    locked = tmp_path / "content" / "locked.md"
    locked.chmod(0)
    try:
        locked.read_bytes()
        pytest.skip("running as root: file permissions do not stop reads")
    except PermissionError:
        pass
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [
        "error: content/locked.md: cannot read file: Permission denied (hint: check the file's "
        "permissions)"
    ]
    assert code == 1


def test_malformed_category_file(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"orders/_category.yml": "title: Orders\norder: [1\n", "orders/a.md": "A"})
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    assert problem_lines(err) == [
        "error: content/orders/_category.yml:2:8: category: the list opened with '[' here "
        "is not closed (hint: close it with ']', as in [refunds, returns], or quote the value)",
    ]
    assert code == 1


def test_category_file_with_unknown_keys_and_not_a_mapping(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a/_category.yml": "title: A\ncolour: red\n",
            "a/x.md": "X",
            "b/_category.yml": "- just\n- a list\n",
            "b/y.md": "Y",
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == [
        "content/a/_category.yml:2: category: unknown key 'colour' (hint: known keys: title, "
        "description, icon, order)",
        "content/b/_category.yml: category: unknown key '(not a mapping)' (hint: known keys: "
        "title, description, icon, order)",
    ]
    assert result.written
    assert result.site.categories[("a",)].title == "A"
    assert result.site.categories[("b",)].title == "B"


def test_category_file_not_utf8(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a/_category.yml": b"title: Caf\xe9\n", "a/x.md": "X"})
    result = build_site(tmp_path)
    [problem] = result.report.problems
    assert str(problem).startswith(
        "content/a/_category.yml: cannot read: 'utf-8' codec can't decode byte 0xe9"
    )
    assert problem.severity == "error"


def test_problems_from_many_files_are_all_reported_in_order(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {
            "b.md": b"\xff",
            "a.md": "{{ x }}\n",
            "c.md": "---\ntitle: [\n---\n",
        },
    )
    code, _, err = run_cli("build", tmp_path)
    lines = problem_lines(err)
    assert [line.split(": ")[1] for line in lines] == [
        "content/a.md:1",
        "content/b.md:1",
        "content/c.md:3:1",
    ]
    assert code == 1
    summary = summary_of(err)
    assert (summary["articles"], summary["errors"], summary["warnings"]) == ("2", "2", "1")


def test_category_order_that_is_not_a_number_is_a_warning(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a/_category.yml": "title: A\norder: first\n", "a/x.md": "X"})
    [problem] = build_site(tmp_path).report.problems
    assert (problem.path, problem.line, problem.severity) == (
        "content/a/_category.yml",
        2,
        "warning",
    )


def test_an_article_that_lands_on_a_folder_page_is_a_warning(tmp_path, make_site, build_site):
    """index.md is its folder's page by design; another article at a folder's URL (a slug, or faq.md
    beside a faq/ folder) replaces the home page or a category's list of articles, so it is a
    warning."""
    make_site(
        tmp_path,
        {
            "index.md": "# Welcome\n",
            "returns/index.md": "# Returns\n",
            "returns/start.md": "# Start\n",
            "orders/_category.yml": "title: Your orders\n",
            "orders/guide.md": "---\nslug: /orders\n---\n# Guide\n",
            "orders/track.md": "# Track\n",
            "faq.md": "# Questions\n",
            "faq/shipping.md": "# Shipping\n",
        },
    )
    result = build_site(tmp_path)
    hint = (
        "(hint: give it another `slug` to keep that page, or name it index.md if it is meant to "
        "replace it)"
    )
    assert messages(result) == [
        "content/faq.md: this article is the page at /faq/, in place of the page of the category "
        "'Faq' (its list "
        f"of articles) {hint}",
        "content/orders/guide.md: this article is the page at /orders/, in place of the page of "
        "the category "
        f"'Your orders' (its list of articles) {hint}",
    ]
    assert result.written and "Welcome" in read_page(tmp_path / "site", "index.html")
