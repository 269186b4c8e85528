"""Build behaviour: deterministic output, no half-written site, correct rebuilds over the cache."""

from __future__ import annotations

import os

import pytest

from helpgen.builder.articles import PARALLEL_FROM
from tests.helpers import messages, problem_lines, read_page, summary_of, tree_hashes


def corpus(n: int) -> dict[str, str]:
    """n small articles in a few categories, with links, code, variables and dates."""
    files = {
        "orders/_category.yml": "title: Orders\nicon: truck\norder: 1\n",
        "returns/_category.yml": "title: Returns\norder: 2\n",
        "images/logo.png": "not really a png",
    }
    for i in range(n):
        folder = ("orders", "returns", "account")[i % 3]
        files[f"{folder}/article-{i:03}.md"] = (
            f"---\ntitle: Article {i}\ntags: [t{i % 4}]\nupdated: 2026-01-{i % 28 + 1:02}\n---\n"
            f"Shop at {{{{ store }}}}, item {i}.\n\n## Part one\n\n```python\nprint({i})\n```\n\n"
            f"See [the first](../orders/article-000.md#part-one) and ![logo](../images/logo.png).\n"
        )
    return files


def no_leftovers(parent):
    return sorted(p.name for p in parent.iterdir() if ".building-" in p.name or ".old-" in p.name)


@pytest.fixture
def big(tmp_path, make_site):
    return make_site(
        tmp_path / "project", corpus(PARALLEL_FROM + 5), {"variables": {"store": "Acme"}}
    )


def test_two_builds_are_byte_identical(big, build_site, tmp_path):
    outputs = []
    for name, use_cache in (("first", True), ("second", True), ("nocache", False)):
        result = build_site(big, out=tmp_path / name, use_cache=use_cache)
        assert result.written and messages(result) == []
        outputs.append(tree_hashes(tmp_path / name))
    first, second, nocache = outputs
    assert len(first) > PARALLEL_FROM + 5
    assert first == second == nocache


def test_same_input_in_another_folder_gives_the_same_site(tmp_path, make_site, build_site):
    files = corpus(6)
    for name in ("one", "two"):
        make_site(tmp_path / name, files, {"variables": {"store": "Acme"}})
        assert build_site(tmp_path / name).written
    assert tree_hashes(tmp_path / "one" / "site") == tree_hashes(tmp_path / "two" / "site")


def test_out_writes_where_asked(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "A"}, {"output_dir": "public"})
    code, _, err = run_cli("build", tmp_path, "--out", tmp_path / "elsewhere")
    assert code == 0
    assert summary_of(err)["outcome"] == f"wrote {tmp_path / 'elsewhere'}"
    assert (tmp_path / "elsewhere" / "a" / "index.html").is_file()
    assert not (tmp_path / "public").exists() and not (tmp_path / "site").exists()
    code, _, err = run_cli("build", cwd=tmp_path)  # the project defaults to the current folder
    assert code == 0 and summary_of(err)["outcome"] == "wrote public"
    assert (tmp_path / "public" / "a" / "index.html").is_file()


@pytest.mark.parametrize("cached", [True, False])
def test_failed_build_leaves_the_previous_site_untouched(tmp_path, make_site, build_site, cached):
    make_site(tmp_path, {"a.md": "# A\n\nOne.\n", "b.md": "B"})
    assert build_site(tmp_path, use_cache=cached).written
    before = tree_hashes(tmp_path / "site")
    (tmp_path / "content" / "a.md").write_text("# A\n\nTwo.\n", encoding="utf-8")
    (tmp_path / "content" / "c.md").write_bytes(b"\xff\xfe")
    (tmp_path / "content" / "b.md").unlink()
    result = build_site(tmp_path, use_cache=cached)
    assert not result.written
    assert messages(result) == [
        "content/c.md:1: not UTF-8 text (byte 0 is 0xff) (hint: save the file as UTF-8)"
    ]
    assert tree_hashes(tmp_path / "site") == before
    assert no_leftovers(tmp_path) == []


def test_failed_build_while_writing_pages_leaves_no_staging_folder(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"}, {"theme_dir": "theme"})
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    assert build_site(tmp_path).written
    before = tree_hashes(tmp_path / "site")
    template = tmp_path / "theme" / "templates" / "article.html"
    template.write_text("{% if %}\n", encoding="utf-8")
    result = build_site(tmp_path)
    assert not result.written
    assert messages(result) == [
        f"{template.resolve()}:1: template: Expected an expression, got 'end of statement block'"
    ]
    assert tree_hashes(tmp_path / "site") == before
    assert no_leftovers(tmp_path) == []


def test_strict_failure_keeps_the_previous_site(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"})
    assert build_site(tmp_path, strict=True).written
    before = tree_hashes(tmp_path / "site")
    (tmp_path / "content" / "a.md").write_text("A {{ typo }}\n", encoding="utf-8")
    assert not build_site(tmp_path, strict=True).written
    assert tree_hashes(tmp_path / "site") == before
    assert no_leftovers(tmp_path) == []


def test_an_edit_shows_on_the_next_cached_build(tmp_path, make_site, build_site):
    make_site(
        tmp_path, {"orders/a.md": "# A\n\nOld words.\n", "orders/b.md": "# B\n\nSee [a](a.md).\n"}
    )
    assert build_site(tmp_path).written
    (tmp_path / "content" / "orders" / "a.md").write_text(
        "# A renamed\n\nNew words.\n", encoding="utf-8"
    )
    result = build_site(tmp_path)
    assert result.written and messages(result) == []
    site = tmp_path / "site"
    assert "New words." in read_page(site, "orders/a/index.html")
    assert "Old words." not in read_page(site, "orders/a/index.html")
    assert "A renamed" in read_page(
        site, "orders/index.html"
    )  # pages that show its title change too
    assert "A renamed" in read_page(site, "orders/b/index.html")  # its neighbour's pager


def test_a_config_change_reaches_cached_articles(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "Shop at {{ store }}.\n"}, {"variables": {"store": "Acme"}})
    build_site(tmp_path)
    make_site(tmp_path, {}, {"variables": {"store": "Zenith"}})
    build_site(tmp_path)
    assert "Shop at Zenith." in read_page(tmp_path / "site", "a/index.html")


def test_a_deleted_article_leaves_no_stale_pages(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": "A",
            "gone/only.md": "---\nredirect_from: /old-only/\n---\nO\n",
            "img/x.png": "x",
        },
    )
    build_site(tmp_path)
    site = tmp_path / "site"
    assert (site / "gone/only/index.html").is_file() and (site / "old-only/index.html").is_file()
    (tmp_path / "content" / "gone" / "only.md").unlink()
    (tmp_path / "content" / "img" / "x.png").unlink()
    assert build_site(tmp_path).written
    assert not (site / "gone").exists()
    assert not (site / "old-only").exists()
    assert not (site / "img").exists()
    assert "gone/only" not in read_page(site, "sitemap.xml")
    fresh = tmp_path / "fresh"
    build_site(tmp_path, out=fresh, use_cache=False)
    assert tree_hashes(site) == tree_hashes(fresh)


def test_cached_rebuild_after_many_edits_equals_a_fresh_build(big, build_site, tmp_path):
    assert build_site(big).written
    content = big / "content"
    (content / "orders" / "article-000.md").write_text(
        "# First\n\n## Part one\n\nChanged.\n", encoding="utf-8"
    )
    (content / "returns" / "article-001.md").unlink()
    (content / "account" / "new.md").write_text("# New one\n", encoding="utf-8")
    (content / "returns" / "_category.yml").write_text("title: Money back\n", encoding="utf-8")
    assert build_site(big).written
    build_site(big, out=tmp_path / "fresh", use_cache=False)
    assert tree_hashes(big / "site") == tree_hashes(tmp_path / "fresh")


def test_cached_build_after_a_no_cache_build_is_correct(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "Version one.\n"})
    assert build_site(tmp_path).written
    (tmp_path / "content" / "a.md").write_text("Version two.\n", encoding="utf-8")
    assert build_site(tmp_path, use_cache=False).written
    (tmp_path / "content" / "a.md").write_text("Version one.\n", encoding="utf-8")
    assert build_site(tmp_path).written
    assert "Version one." in read_page(tmp_path / "site", "a/index.html")


def test_a_hand_deleted_output_file_is_written_again(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"})
    build_site(tmp_path)
    before = tree_hashes(tmp_path / "site")
    os.remove(tmp_path / "site" / "a" / "index.html")
    build_site(tmp_path)
    assert tree_hashes(tmp_path / "site") == before


def test_no_cache_writes_nothing_beside_the_site(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"})
    assert build_site(tmp_path, use_cache=False).written
    assert ".helpgen" not in [p.name for p in tmp_path.iterdir()]
    assert (tmp_path / "site" / "a" / "index.html").is_file()


def test_unchanged_articles_come_from_the_cache(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A", "b.md": "B"})
    assert build_site(tmp_path).cached == 0
    assert build_site(tmp_path).cached == 2
    (tmp_path / "content" / "b.md").write_text("B2", encoding="utf-8")
    result = build_site(tmp_path)
    assert result.cached == 1
    assert "B2" in read_page(tmp_path / "site", "b/index.html")
    assert build_site(tmp_path, use_cache=False).cached == 0


def test_a_failed_build_does_not_poison_the_cache(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A", "b.md": "B"})
    build_site(tmp_path)
    (tmp_path / "content" / "bad.md").write_bytes(b"\xff")
    (tmp_path / "content" / "a.md").write_text("A2", encoding="utf-8")
    assert not build_site(tmp_path).written
    (tmp_path / "content" / "bad.md").unlink()
    result = build_site(tmp_path)
    assert result.written
    assert "A2" in read_page(tmp_path / "site", "a/index.html")
    build_site(tmp_path, out=tmp_path / "fresh", use_cache=False)
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "fresh")


def files_outside(root, keep=("content", "helpgen.yml", "site", "site.index", ".helpgen")):
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] not in keep
    )


@pytest.mark.parametrize(
    "front_matter", ["slug: ../../../escaped", "redirect_from: ../../../escaped"]
)
def test_nothing_is_written_outside_the_output_folder(
    tmp_path, make_site, build_site, front_matter
):
    project = make_site(
        tmp_path / "deep" / "er" / "project", {"a.md": f"---\n{front_matter}\n---\nA\n"}
    )
    build_site(project, use_cache=False)
    assert files_outside(tmp_path, keep=("deep",)) == []
    assert files_outside(tmp_path / "deep", keep=("er",)) == []
    assert files_outside(project) == []


def project_files(project):
    return sorted(
        p.relative_to(project).as_posix() for p in (project / "content").rglob("*")
    ) + sorted(p.name for p in project.glob("helpgen.yml"))


@pytest.mark.parametrize("out", [".", "content", ".."])
def test_out_that_would_replace_the_sources_is_refused(tmp_path, make_site, run_cli, out):
    project = make_site(
        tmp_path / "holder" / "project", {"a.md": "# Precious\n", "img/x.png": b"x"}
    )
    before = project_files(project)
    code, _, err = run_cli("build", project, "--no-cache", "--out", project / out)
    assert project_files(project) == before
    assert "Traceback" not in err
    assert code == 2
    [line] = problem_lines(err)
    assert line.startswith("error: ")


def test_output_dir_inside_content_dir_is_refused(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "# A\n"}, {"output_dir": "content/site"})
    run_cli("build", tmp_path)
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    assert code == 2
    [line] = problem_lines(err)
    assert line.startswith("error: helpgen.yml: ")


def test_the_summary_line_counts(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"x/a.md": "{{ nope }}", "x/b.md": "B", "y/c.md": "C", "d.md": "D"})
    code, _, err = run_cli("build", tmp_path)
    summary = summary_of(err)
    assert code == 0
    assert (summary["articles"], summary["categories"], summary["errors"], summary["warnings"]) == (
        "4",
        "2",
        "0",
        "1",
    )


def export_keys(project) -> set[str]:
    import sqlite3

    with sqlite3.connect(project / ".helpgen" / "cache.sqlite") as db:
        return {key for (key,) in db.execute("SELECT key FROM entries WHERE key LIKE 'export:%'")}


def test_agent_exports_are_cached_per_article(big, build_site):
    """The exports are written by a forked process; what it made must still reach the cache, one
    entry per article, and an edit must replace that article's entry only."""
    assert build_site(big).written
    first = export_keys(big)
    assert len(first) == PARALLEL_FROM + 5
    (big / "content" / "orders" / "article-000.md").write_text(
        "# First\n\nChanged words.\n", encoding="utf-8"
    )
    assert build_site(big).written
    second = export_keys(big)
    assert len(second) == len(first) and len(second - first) == 1
    assert "Changed words." in (big / "site" / "llms-full.txt").read_text(encoding="utf-8")


def test_a_failed_search_index_fails_the_build_and_keeps_the_previous_site(
    tmp_path, make_site, build_site
):
    """The Whoosh index is written by a forked process: its failure must still reach the report as
    one line, and leave the previous site and index as they were. A file where the child stages
    the index (the folder name carries the build's pid: this process) makes it fail."""
    make_site(tmp_path, {"a.md": "# A\n\nOne.\n"})
    assert build_site(tmp_path).written
    before = tree_hashes(tmp_path / "site"), tree_hashes(tmp_path / "site.index")
    (tmp_path / "content" / "a.md").write_text("# A\n\nTwo.\n", encoding="utf-8")
    blocker = tmp_path / f".site.index.building-{os.getpid()}"
    blocker.write_text("in the way", encoding="utf-8")
    try:
        result = build_site(tmp_path)
    finally:
        blocker.unlink()
    assert not result.written
    [line] = messages(result)
    assert line.startswith(f"{tmp_path / 'site.index'}: could not write the search index: ")
    assert line.endswith("(hint: check the disk space and permissions of that folder)")
    assert (tree_hashes(tmp_path / "site"), tree_hashes(tmp_path / "site.index")) == before
    assert no_leftovers(tmp_path) == []


def test_a_damaged_template_cache_is_ignored(tmp_path, make_site, build_site):
    """Jinja's compiled templates in .helpgen/templates/ are only a cache: garbage there (a full
    disk, a copy from another Python) must cost a recompile, never a build."""
    make_site(tmp_path, {"a.md": "# A\n\nOne.\n", "b.md": "# B\n"})
    assert build_site(tmp_path).written
    before = tree_hashes(tmp_path / "site")
    cached = list((tmp_path / ".helpgen" / "templates").iterdir())
    assert cached
    for i, path in enumerate(cached):
        path.write_bytes(b"" if i % 2 else b"\x00garbage" * 50)
    (tmp_path / "content" / "a.md").write_text("# A\n\nTwo.\n", encoding="utf-8")
    result = build_site(tmp_path)
    assert result.written and messages(result) == []
    assert "Two." in read_page(tmp_path / "site", "a/index.html")
    (tmp_path / "content" / "a.md").write_text("# A\n\nOne.\n", encoding="utf-8")
    assert build_site(tmp_path).written
    assert tree_hashes(tmp_path / "site") == before


def test_an_index_md_added_later_becomes_its_folders_page_on_a_rebuild(
    tmp_path, make_site, build_site
):
    """A cached rebuild used to stage the folder's page twice (its list, then the article) and stop
    with a traceback when moving it into place."""
    make_site(tmp_path, {"returns/start.md": "# Start\n", "returns/refunds.md": "# Refunds\n"})
    assert build_site(tmp_path).written
    assert "Start" in read_page(tmp_path / "site", "returns/index.html")
    (tmp_path / "content/returns/index.md").write_text("# All about returns\n", encoding="utf-8")
    result = build_site(tmp_path)
    assert result.written and not result.report.problems
    assert "All about returns" in read_page(tmp_path / "site", "returns/index.html")
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>https://help.example.com/returns/</loc>") == 1
    (tmp_path / "content/returns/index.md").unlink()
    assert build_site(tmp_path).written
    assert "Refunds" in read_page(tmp_path / "site", "returns/index.html")


@pytest.mark.parametrize("edit", ["body", "description", "title", "template"])
def test_a_rebuild_renders_only_what_changed_and_equals_a_fresh_build(
    big, build_site, tmp_path, edit
):
    """Article pages whose inputs are as they were are not even made (their inputs digest, not
    their rendered context, tells); whatever the edit, the site is the one a fresh build makes."""
    theme = big / "theme" / "templates" / "partials"
    theme.mkdir(parents=True)
    config = big / "helpgen.yml"
    config.write_text(config.read_text(encoding="utf-8") + "theme_dir: theme\n", encoding="utf-8")
    assert build_site(big).written
    article = big / "content" / "orders" / "article-003.md"
    text = article.read_text(encoding="utf-8")
    if edit == "body":
        article.write_text(text + "\nOne more line.\n", encoding="utf-8")
    elif edit == "description":
        article.write_text(
            text.replace("---\ntitle:", "---\ndescription: Now described.\ntitle:"),
            encoding="utf-8",
        )
    elif edit == "title":  # in the same place in the reading order
        article.write_text(
            text.replace("title: Article 3", "title: Article 3 (updated)"), encoding="utf-8"
        )
    else:
        (theme / "feedback.html").write_text("<p>Tell us.</p>\n", encoding="utf-8")
    result = build_site(big)
    assert result.written and messages(result) == []
    if edit == "body":
        assert result.pages_changed == 1
    else:  # the pages showing it (neighbours, lists) change too
        assert result.pages_changed > 1
    build_site(big, out=tmp_path / "fresh", use_cache=False)
    assert tree_hashes(big / "site") == tree_hashes(tmp_path / "fresh")


def _edit(content, path: str, old: str, new: str) -> None:
    file = content / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


REBUILD_EDITS = [  # (what, how): each leaves the site in a state a fresh build is compared with
    (
        "a body",
        lambda c: _edit(c, "orders/article-000.md", "## Part one", "More words.\n\n## Part one"),
    ),
    (
        "a title that moves it in the reading order",
        lambda c: _edit(c, "orders/article-003.md", "title: Article 3", "title: A first article"),
    ),
    (
        "a description",
        lambda c: _edit(
            c, "returns/article-001.md", "---\ntitle:", "---\ndescription: Money back.\ntitle:"
        ),
    ),
    (
        "tags (related articles)",
        lambda c: _edit(c, "account/article-002.md", "tags: [t2]", "tags: [t0, t1]"),
    ),
    (
        "a move to another folder",
        lambda c: (c / "orders/article-006.md").rename(c / "returns/article-006.md"),
    ),
    (
        "a new article with a redirect",
        lambda c: (c / "orders/new.md").write_text(
            "---\ntitle: New\nredirect_from: [/old-new/]\n---\nSee "
            "[six](../returns/article-006.md).\n",
            encoding="utf-8",
        ),
    ),
    ("a deleted article that others link to", lambda c: (c / "returns/article-006.md").unlink()),
    (
        "a category's title and order",
        lambda c: _edit(c, "returns/_category.yml", "order: 2", "order: 0\ntitle: Refunds"),
    ),
    (
        "an index.md",
        lambda c: (c / "account/index.md").write_text(
            "# Your account\n\nAll about it.\n", encoding="utf-8"
        ),
    ),
    ("an index.md removed", lambda c: (c / "account/index.md").unlink()),
    (
        "a draft",
        lambda c: _edit(c, "account/article-005.md", "---\ntitle:", "---\ndraft: true\ntitle:"),
    ),
    (
        "an internal article",
        lambda c: _edit(
            c, "orders/article-009.md", "---\ntitle:", "---\naudience: internal\ntitle:"
        ),
    ),
    (
        "an expired article",
        lambda c: _edit(
            c, "returns/article-004.md", "---\ntitle:", "---\nvalid_until: 2020-01-01\ntitle:"
        ),
    ),
    ("an image", lambda c: (c / "images/logo.png").write_bytes(b"another picture")),
]


def test_rebuilds_after_every_kind_of_edit_equal_fresh_builds(tmp_path, make_site, build_site):
    """What a rebuild reuses (cached articles, unchanged pages, the search state, export
    entries) must never show: after each edit in turn, the site and its search index are
    those a build from scratch makes."""
    project = make_site(tmp_path / "project", corpus(12), {"variables": {"store": "Acme"}})
    assert build_site(project).written
    for what, edit in REBUILD_EDITS:
        edit(project / "content")
        again = build_site(project)
        fresh = build_site(project, out=tmp_path / "fresh", use_cache=False)
        assert again.written and fresh.written, what
        assert tree_hashes(project / "site") == tree_hashes(tmp_path / "fresh"), what
        assert messages(again) == messages(fresh), what
        for query in ("article", "part one", "money back", "new"):
            assert hits(project / "site", query) == hits(tmp_path / "fresh", query), (what, query)


def hits(site, query: str) -> list[tuple[str, str]]:
    from helpgen.search import index_dir_for, open_index

    return [
        (hit.id, hit.url, round(hit.score, 6))
        for hit in open_index(index_dir_for(site)).search(query, limit=20).results
    ]


@pytest.mark.parametrize(
    "manifest", ["{not json", '{"a/index.html": "sha256:old"}', '{"files": [], "inputs": {}}']
)
def test_a_damaged_or_older_build_manifest_costs_a_full_build_never_a_wrong_site(
    tmp_path, make_site, build_site, manifest
):
    """The manifest says which files are already right; garbage, or an older helpgen's flat
    {path: key} form, must not be trusted: the site is then written whole, as a fresh build's."""
    make_site(tmp_path, {"a.md": "# A\n\nOld words.\n", "b.md": "# B\n\nSee [a](a.md).\n"})
    assert build_site(tmp_path).written
    [path] = (tmp_path / ".helpgen").glob("output-*.json")
    path.write_text(manifest, encoding="utf-8")
    (tmp_path / "content" / "a.md").write_text("# A\n\nNew words.\n", encoding="utf-8")
    result = build_site(tmp_path)
    assert result.written and messages(result) == []
    assert result.pages_changed > 1  # everything written again
    build_site(tmp_path, out=tmp_path / "fresh", use_cache=False)
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "fresh")


def _edit_article_3(project) -> None:
    article = project / "content" / "orders" / "article-003.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEarly line.\n", encoding="utf-8")


def test_watch_modes_hook_publishes_an_edited_page_before_the_indexes_are_done(big, build_site):
    """serve's pages hook: on a rebuild the edited page is in place while the search index of
    the same build is still staged (the index that is live then is the last build's)."""
    from helpgen.serve.builder import publish_early

    build_site(big)
    index_before = tree_hashes(big / "site.index")
    _edit_article_3(big)
    seen = []

    def ready(changed: int) -> None:
        seen.append(
            (
                changed,
                "Early line." in read_page(big / "site", "orders/article-003/index.html"),
                tree_hashes(big / "site.index") == index_before,
            )
        )

    result = build_site(big, on_pages=publish_early(ready))
    assert result.written and seen == [(1, True, True)]
    assert tree_hashes(big / "site.index") != index_before


def test_the_pages_hook_waits_for_a_first_build_and_is_never_called_in_strict_mode(big, build_site):
    from helpgen.serve.builder import publish_early

    seen = []
    build_site(big, on_pages=publish_early(seen.append))
    assert seen == []  # a first build swaps its whole folder in at the end
    _edit_article_3(big)
    calls = []
    result = build_site(big, strict=True, on_pages=lambda writer, result: calls.append(1))
    assert result.written and calls == []
