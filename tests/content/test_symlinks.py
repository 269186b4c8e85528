"""Symbolic links out of content_dir are never published (issue 19); links that stay inside are.

Every test starts from a fresh `helpgen init` project and links to files made in tmp_path,
outside the project, each holding a marker that must appear in no file of the built site.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import problem_lines, summary_of

SECRET = "ZQX-SECRET root:x:0:0:root:/root:/bin/bash"
FOLDER_SECRET = "ZQX-FOLDER-SECRET"
INTERNAL = "ZQX-INTERNAL-ONLY"
HINT = "(hint: copy the file into the project instead)"


def warning(link: str, target: str, root: str = "content") -> str:
    return f"warning: {link}: symbolic link to {target}, outside {root}/; skipped {HINT}"


@pytest.fixture
def project(tmp_path, run_cli) -> Path:
    """`helpgen init` in tmp_path/shop, plus an internal article (kept in the build cache)."""
    code, _, err = run_cli("init", tmp_path / "shop")
    assert code == 0, err
    root = tmp_path / "shop"
    internal = f"---\naudience: internal\n---\n# Agents only\n\n{INTERNAL} refund codes.\n"
    (root / "content" / "orders" / "agents.md").write_text(internal, encoding="utf-8")
    return root


@pytest.fixture
def outside(tmp_path) -> Path:
    """Files outside the project: a password-like file, a folder of articles and images."""
    folder = tmp_path / "outside"
    (folder / "docs").mkdir(parents=True)
    (folder / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (folder / "docs" / "guide.md").write_text(f"# Guide\n\n{FOLDER_SECRET}\n", encoding="utf-8")
    (folder / "docs" / "notes.txt").write_text(FOLDER_SECRET + "\n", encoding="utf-8")
    return folder


def built_files(root: Path) -> list[Path]:
    """Every file a build wrote: the site and the search index beside it."""
    found = [p for p in root.iterdir() if p.name.startswith("site")]
    assert found, "nothing was built"
    return [p for folder in found for p in folder.rglob("*") if p.is_file()]


def assert_nothing_of(root: Path, *markers: str) -> None:
    for path in built_files(root):
        data = path.read_bytes()
        for marker in markers:
            assert marker.encode() not in data, f"{marker} in {path}"
        assert b"SQLite format 3" not in data, f"the build cache in {path}"


def test_links_out_of_content_are_skipped_with_one_warning_each(project, outside, run_cli):
    content = project / "content"
    os.symlink(outside / "passwd", content / "orders" / "leak.md")
    os.symlink(outside / "passwd", content / "orders" / "leak.txt")
    os.symlink(outside / "docs", content / "guides")
    code, _, err = run_cli("build", project)
    assert code == 0, err
    assert sorted(problem_lines(err)) == [
        warning("content/guides", outside / "docs"),
        warning("content/orders/leak.md", outside / "passwd"),
        warning("content/orders/leak.txt", outside / "passwd"),
    ]
    assert summary_of(err)["warnings"] == "3"
    assert not (project / "site" / "orders" / "leak").exists()
    assert not (project / "site" / "orders" / "leak.txt").exists()
    assert not (project / "site" / "guides").exists()
    assert_nothing_of(project, SECRET.split()[0], FOLDER_SECRET)
    code, _, err = run_cli("build", project, "--strict")  # warnings count under --strict
    assert code == 1


def test_a_link_to_the_build_cache_is_not_published(project, outside, run_cli):
    code, _, err = run_cli("build", project)  # the cache now holds the internal article
    assert code == 0 and problem_lines(err) == []
    assert (project / ".helpgen" / "cache.sqlite").is_file()
    os.symlink("../../.helpgen/cache.sqlite", project / "content" / "orders" / "cache.txt")
    os.symlink("../../.helpgen/cache.sqlite", project / "content" / "orders" / "cache.md")
    code, _, err = run_cli("build", project)
    assert code == 0, err
    assert sorted(problem_lines(err)) == [
        warning("content/orders/cache.md", ".helpgen/cache.sqlite"),
        warning("content/orders/cache.txt", ".helpgen/cache.sqlite"),
    ]
    assert_nothing_of(project, INTERNAL)


def test_a_link_into_an_unpublished_part_of_content_is_skipped(project, run_cli):
    content = project / "content"
    (content / "_drafts").mkdir()
    (content / "_drafts" / "plan.md").write_text(f"# Plan\n\n{FOLDER_SECRET}\n", encoding="utf-8")
    os.symlink("../_drafts/plan.md", content / "orders" / "plan.md")
    code, _, err = run_cli("build", project)
    assert code == 0, err
    assert problem_lines(err) == [warning("content/orders/plan.md", "content/_drafts/plan.md")]
    assert_nothing_of(project, FOLDER_SECRET)


def test_links_that_stay_inside_keep_working(project, run_cli):
    content = project / "content"
    os.symlink("../returns/return-an-item.md", content / "orders" / "send-it-back.md")
    os.symlink("orders", content / "purchases")  # a linked folder, inside
    os.symlink("..", content / "orders" / "up")  # a loop: walked once, never again
    code, _, err = run_cli("build", project)
    assert code == 0, err
    assert problem_lines(err) == []
    site = project / "site"
    assert (site / "orders" / "send-it-back" / "index.html").is_file()
    assert (site / "purchases" / "track-your-order" / "index.html").is_file()
    original = (site / "returns" / "return-an-item" / "index.html.md").read_text(encoding="utf-8")
    assert (site / "orders" / "send-it-back" / "index.html.md").read_text(
        encoding="utf-8"
    ) == original.replace("/returns/return-an-item/", "/orders/send-it-back/")
