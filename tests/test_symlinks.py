"""The one rule for symbolic links (helpgen.symlinks): real paths must stay inside their folder."""

from __future__ import annotations

import os

from helpgen.symlinks import escape, inside, walk


def test_a_link_in_the_middle_of_a_path_counts(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "real").mkdir(parents=True)
    outside.mkdir()
    os.symlink(outside, root / "css")
    out = escape(root / "css" / "brand.css", root)  # need not exist: nothing is written there
    assert out is not None and out.target == outside / "brand.css"
    assert inside(root / "real" / "brand.css", root)


def test_a_dangling_link_out_and_a_loop_of_links(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(tmp_path / "gone.md", root / "gone.md")
    os.symlink("b.md", root / "a.md")
    os.symlink("a.md", root / "b.md")
    (root / "ok.md").write_text("ok", encoding="utf-8")
    files, escapes = walk(root)
    assert files == [root / "ok.md"]  # the loop cannot be read; nothing raises
    assert [(e.link, e.target) for e in escapes] == [(root / "gone.md", tmp_path / "gone.md")]


def test_a_link_into_a_hidden_part_leads_out(tmp_path):
    root = tmp_path / "root"
    (root / ".cache").mkdir(parents=True)
    (root / ".cache" / "db").write_text("x", encoding="utf-8")
    os.symlink(".cache/db", root / "db.txt")

    def hidden(name: str) -> bool:
        return name.startswith(".")

    assert walk(root, hidden) == ([], [escape(root / "db.txt", root, hidden)])
    assert inside(root / "db.txt", root)  # without the rule for hidden names it is inside
    assert str(escape(root / "db.txt", root, hidden).problem()) == (
        f"{root / 'db.txt'}: symbolic link to {root / '.cache' / 'db'}, outside {root}/; skipped "
        "(hint: copy the file into the project instead)"
    )
