"""`helpgen import` reads and writes nothing through a link out of the project (issue 19)."""

from __future__ import annotations

import os
import shutil

from tests.helpers import problem_lines, tree_hashes
from tests.migrate.conftest import ZENDESK_EXPORT

WRITE_HINT = "(hint: remove the link: helpgen writes only inside the project)"


def test_mkdocs_import_uses_no_link_out_of_docs(mkdocs_project, tmp_path, run_cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("ZQX-SECRET\n", encoding="utf-8")
    docs = mkdocs_project / "docs"
    shutil.move(docs / "orders" / "track.md", outside / "track.md")  # the nav gives it an order
    os.symlink(outside / "track.md", docs / "orders" / "track.md")
    os.symlink(outside / "category.yml", docs / "returns" / "_category.yml")  # not there yet
    os.symlink(outside / "passwd", docs / "leak.md")
    before = tree_hashes(outside)
    code, _, err = run_cli("import", "mkdocs", mkdocs_project / "mkdocs.yml")
    assert code == 0, err
    assert tree_hashes(outside) == before
    lines = problem_lines(err)
    for link, target in (
        ("leak.md", "passwd"),
        ("orders/track.md", "track.md"),
        ("returns/_category.yml", "category.yml"),
    ):
        assert (
            f"warning: {docs / link}: symbolic link to {outside / target}, "
            f"outside {docs}/; skipped (hint: copy the file into the project instead)" in lines
        )
    category = docs / "returns" / "_category.yml"
    assert (
        f"warning: {category}: symbolic link to {outside / 'category.yml'}, "
        f"outside {docs}/; not written {WRITE_HINT}" in lines
    )
    assert (docs / "orders" / "_category.yml").is_file()  # folders inside still get theirs


def test_zendesk_import_writes_no_article_through_a_linked_folder(tmp_path, make_site, run_cli):
    config = {"language": "en-us", "languages": ["en-us", "de"]}
    project = make_site(tmp_path / "shop", {"welcome.md": "# Welcome\n"}, config)
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, project / "content" / "orders-shipping")
    code, _, err = run_cli("import", "zendesk", ZENDESK_EXPORT, project)
    assert code == 0, err
    assert list(outside.iterdir()) == []
    refused = [
        line
        for line in problem_lines(err)
        if line.startswith(f"warning: {project / 'content' / 'orders-shipping'}/")
    ]
    assert refused
    said = f"outside {project / 'content'}/; not written {WRITE_HINT}"
    assert all(said in line for line in refused)
    assert (project / "content" / "returns-and-refunds" / "_category.yml").is_file()


def test_zendesk_import_into_a_new_project_whose_content_leads_out(tmp_path, run_cli):
    project, outside = tmp_path / "shop", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    os.symlink(outside, project / "content")
    code, _, err = run_cli("import", "zendesk", ZENDESK_EXPORT, project)
    assert code == 2
    assert problem_lines(err) == [
        f"error: {project / 'content'}: symbolic link to {outside}, "
        f"outside {project}/; not written {WRITE_HINT}"
    ]
    assert list(outside.iterdir()) == [] and list(project.iterdir()) == [project / "content"]
