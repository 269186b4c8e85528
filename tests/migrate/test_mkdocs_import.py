"""`helpgen import mkdocs`: the fixture MkDocs project imports, builds, keeps its nav order."""

from __future__ import annotations

import json

import yaml

from helpgen.config import load_project
from helpgen.errors import ConfigError
from helpgen.migrate.frontmatter_edit import add_front_matter
from helpgen.migrate.mkdocs_config import import_mkdocs
from tests.helpers import problem_lines, read_page, summary_of


def test_import_writes_a_config_helpgen_loads(mkdocs_project, run_cli):
    code, _, err = run_cli("import", "mkdocs", mkdocs_project / "mkdocs.yml")
    assert code == 0, err
    config = load_project(mkdocs_project).config
    assert config.site_name == "Northwind Supply Help"
    assert config.site_url == "https://help.northwind.example/"
    assert config.description.startswith("Answers about orders")
    assert config.content_dir == "docs"
    assert config.brand.logo == "images/logo.svg" and config.brand.favicon == "images/favicon.png"
    assert (config.brand.primary_color, config.brand.accent_color) == (
        "#7e56c2",
        "#ffaa00",
    )  # deep purple, amber
    assert config.custom_css == "docs/stylesheets/extra.css"
    assert [(link.title, link.url) for link in config.header_links] == [
        ("Shop", "https://shop.northwind.example/")
    ]
    assert [link.title for link in config.footer_links] == ["Northwind on Mastodon"]
    assert config.variables == {"support_email": "help@northwind.example", "return_window_days": 30}


def test_import_lists_what_was_not_mapped_with_lines(mkdocs_project, run_cli):
    _, _, err = run_cli("import", "mkdocs", mkdocs_project / "mkdocs.yml")
    lines = problem_lines(err)
    assert (
        "warning: mkdocs.yml:4: repo_url: not mapped (helpgen pages have no repository or edit "
        "link)" in lines
    )
    assert any(line.startswith("warning: mkdocs.yml:5: copyright: not mapped") for line in lines)
    assert any(
        line.startswith("warning: mkdocs.yml:23: theme.features: not mapped") for line in lines
    )
    assert any(
        line.startswith("warning: mkdocs.yml:37: extra.analytics: not mapped") for line in lines
    )
    emoji = [line for line in lines if "'pymdownx.emoji' is not available in helpgen" in line]
    assert emoji and emoji[0].startswith("warning: mkdocs.yml:55:")
    # same options as helpgen's own: nothing to say
    assert not any(
        "markdown_extensions: 'pymdownx.tabbed'" in line or "markdown_extensions: 'toc'" in line
        for line in lines
    )


def test_nav_becomes_categories_and_order(mkdocs_project, run_cli):
    run_cli("import", "mkdocs", mkdocs_project / "mkdocs.yml")
    docs = mkdocs_project / "docs"
    assert yaml.safe_load((docs / "orders/_category.yml").read_text()) == {
        "title": "Orders",
        "order": 2,
    }
    assert yaml.safe_load((docs / "orders/shipping/_category.yml").read_text()) == {
        "title": "Delivery",
        "order": 3,
    }
    assert yaml.safe_load((docs / "returns/_category.yml").read_text()) == {
        "title": "Returns & refunds",
        "order": 3,
    }
    track = (docs / "orders/track.md").read_text()
    assert track.startswith(
        "---\ndescription: Follow your parcel from our warehouse to your door.\norder: 1\n---\n"
    )
    # an author's own weight wins over the nav position
    assert "order:" not in (docs / "returns/start-a-return.md").read_text()


def test_imported_project_builds_in_nav_order(mkdocs_project, run_cli):
    run_cli("import", "mkdocs", mkdocs_project / "mkdocs.yml")
    code, _, err = run_cli("build", mkdocs_project, "--strict")
    assert code == 0, err
    assert summary_of(err)["articles"] == "8"
    site = mkdocs_project / "site"
    track = read_page(site, "orders/track/index.html")
    assert 'class="admonition note"' in track and "<details" in track  # !!! note and ??? tip
    assert "help@northwind.example" in read_page(site, "contact/index.html")  # extra -> variables
    orders = read_page(site, "orders/index.html")
    assert orders.index("Track your order") < orders.index("Change or cancel an order")
    records = [json.loads(line) for line in (site / "articles.jsonl").read_text().splitlines()]
    assert {r["category_titles"][-1] for r in records if r["category"]} == {
        "Orders",
        "Delivery",
        "Returns & refunds",
    }


def test_existing_helpgen_yml_is_kept(mkdocs_project):
    (mkdocs_project / "helpgen.yml").write_text("site_name: Mine\n")
    try:
        import_mkdocs(mkdocs_project / "mkdocs.yml")
    except ConfigError as exc:
        assert "exists already; nothing was written (hint: --force replaces it)" in str(exc)
    else:
        raise AssertionError("an existing helpgen.yml was overwritten")
    assert (mkdocs_project / "helpgen.yml").read_text() == "site_name: Mine\n"


def test_dry_run_writes_nothing(mkdocs_project):
    before = {p: p.read_bytes() for p in mkdocs_project.rglob("*") if p.is_file()}
    result = import_mkdocs(mkdocs_project / "mkdocs.yml", dry_run=True)
    assert mkdocs_project / "helpgen.yml" in result.written
    assert {p: p.read_bytes() for p in mkdocs_project.rglob("*") if p.is_file()} == before


def test_inherit_and_env_tags(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("# A\n")
    (tmp_path / "base.yml").write_text(
        "site_name: Base\ntheme:\n  name: material\n  palette: {primary: teal}\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_url: !ENV [HG_TEST_URL, 'https://x.example/']\n"
        "theme:\n  palette: {accent: red}\n"
    )
    monkeypatch.setenv("HG_TEST_URL", "https://help.from-env.example/")
    import_mkdocs(tmp_path / "mkdocs.yml")
    config = load_project(tmp_path).config
    assert config.site_name == "Base" and config.site_url == "https://help.from-env.example/"
    assert (config.brand.primary_color, config.brand.accent_color) == ("#009485", "#ff1a47")


def test_section_without_a_folder_is_reported(tmp_path):
    for name in ("a/one.md", "b/two.md"):
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text("# T\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nnav:\n  - Mixed:\n      - a/one.md\n      - b/two.md\n  - missing.md\n"
    )
    result = import_mkdocs(tmp_path / "mkdocs.yml")
    notes = [str(n) for n in result.notes]
    assert (
        "mkdocs.yml:3: nav: section 'Mixed' has no folder of its own (its pages are in a, b); its "
        "title and "
        "place in the nav are not kept (hint: in helpgen a category is a folder: move the "
        "section's pages "
        "into one folder)"
    ) in notes
    assert "mkdocs.yml:6: nav: 'missing.md' is not a markdown file under docs_dir; skipped" in notes


def test_a_value_helpgen_refuses_is_left_out_with_its_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nsite_url: not a url\n")
    result = import_mkdocs(tmp_path / "mkdocs.yml")
    assert [str(n) for n in result.notes] == [
        "mkdocs.yml:2: site_url: must be an absolute http(s) URL like https://help.example.com/; "
        "left out of helpgen.yml"
    ]
    assert load_project(tmp_path).config.site_url is None


def test_mkdocs_redirects_become_redirect_from(tmp_path, run_cli):
    (tmp_path / "docs/shipping").mkdir(parents=True)
    (tmp_path / "docs/shipping/times.md").write_text("# Delivery times\n\nThree days.\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: S\nplugins:\n  - search\n  - redirects:\n      redirect_maps:\n"
        "        delivery.md: shipping/times.md\n        old/index.md: shipping/times.md#top\n"
        "        gone.md: https://example.com/\n"
    )
    code, _, err = run_cli("import", "mkdocs", tmp_path / "mkdocs.yml")
    assert code == 0, err
    assert (
        (tmp_path / "docs/shipping/times.md")
        .read_text()
        .startswith("---\nredirect_from:\n- /delivery/\n- /old/\n---\n")
    )
    assert (
        "warning: mkdocs.yml:8: redirects: 'gone.md' -> 'https://example.com/' not mapped (the "
        "target is not "
        "a page of docs_dir) (hint: keep that redirect in your web server)"
    ) in problem_lines(err)
    assert not any("plugins: 'redirects'" in line for line in problem_lines(err))
    assert run_cli("build", tmp_path, "--strict")[0] == 0
    for old in ("delivery", "old"):
        assert 'url=/shipping/times/"' in (tmp_path / "site" / old / "index.html").read_text()


def test_bad_yaml_names_file_and_line(tmp_path, run_cli):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: S\nnav:\n  - a: [b\n")
    code, _, err = run_cli("import", "mkdocs", tmp_path / "mkdocs.yml")
    assert code != 0 and "Traceback" not in err
    assert problem_lines(err)[0].startswith("error: mkdocs.yml:3:8:")  # where the [ was opened


def test_front_matter_edit_keeps_the_rest(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: 'Keep: me'\n---\n# Body\n")
    assert add_front_matter(page, {"order": 4})
    assert page.read_text() == "---\ntitle: 'Keep: me'\norder: 4\n---\n# Body\n"
    assert not add_front_matter(page, {"order": 9})  # already there: the author's value wins
    bare = tmp_path / "bare.md"
    bare.write_text("# Bare\n")
    assert add_front_matter(bare, {"order": 1})
    assert bare.read_text() == "---\norder: 1\n---\n\n# Bare\n"
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: x\nno closing line\n")
    assert not add_front_matter(broken, {"order": 1})
