"""The MkDocs plugin drops files reached through a link out of docs_dir (issue 19): MkDocs
itself follows links anywhere, helpgen's exports and the built site must not."""

from __future__ import annotations

import os

from tests.mkdocs_plugin.test_plugin import copy_fixture, run_tool

MARKER = "ZQX-MKDOCS-SECRET"


def test_links_out_of_docs_are_left_out_of_the_site(tmp_path):
    project = copy_fixture(tmp_path)
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "passwd").write_text(f"# Leak\n\n{MARKER}\n", encoding="utf-8")
    (outside / "more" / "page.md").write_text(f"# More\n\n{MARKER}\n", encoding="utf-8")
    docs = project / "docs"
    os.symlink(outside / "passwd", docs / "leak.md")
    os.symlink(outside / "passwd", docs / "leak.txt")
    os.symlink(outside / "more", docs / "more")
    os.symlink("orders/track.md", docs / "where-is-it.md")  # stays inside: a page
    done = run_tool("mkdocs", project)
    assert done.returncode == 0, done.stderr
    links = {"leak.md": "passwd", "leak.txt": "passwd", "more/page.md": "more/page.md"}
    for link, target in links.items():
        said = f"{docs / link}: symbolic link to {outside / target}, outside {docs}/; skipped"
        assert said in done.stderr
    site = project / "site"
    built = [p for p in project.rglob("*") if p.is_file() and docs not in p.parents]
    assert (site / "llms-full.txt") in built
    assert not [p for p in built if MARKER.encode() in p.read_bytes()]
    assert (site / "where-is-it" / "index.html").is_file()
