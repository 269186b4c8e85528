"""Watch mode follows no link out of content_dir (issue 19): a link made while `helpgen serve`
runs is skipped by the rebuild; nothing of its target is served."""

from __future__ import annotations

import os

from tests.serve.support import make_project, wait_for

WAIT = 15.0
MARKER = "ZQX-WATCH-SECRET"


def test_links_made_while_serving_are_not_followed(tmp_path, start_server):
    outside = tmp_path / "outside"
    (outside / "docs").mkdir(parents=True)
    (outside / "passwd").write_text(f"{MARKER} root:x:0:0\n", encoding="utf-8")
    (outside / "docs" / "guide.md").write_text(f"# Guide\n\n{MARKER}\n", encoding="utf-8")
    server = start_server(make_project(tmp_path / "project"), watch=True)
    content = server.project / "content"
    os.symlink(outside / "passwd", content / "leak.md")
    os.symlink(outside / "passwd", content / "leak.txt")
    os.symlink(outside / "docs", content / "guides")
    (outside / "docs" / "guide.md").write_text(f"# Guide\n\n{MARKER} again\n", encoding="utf-8")
    # an edit inside: once it is served, the links above went through a rebuild too
    (content / "shipping.md").write_text("# Shipping times\n\nWe ship on Sundays.\n", "utf-8")

    def edited():
        status, _, body = server.request("GET", "/shipping/")
        return status == 200 and b"We ship on Sundays." in body

    assert wait_for(edited, WAIT), server.log()
    paths = (
        "/leak/",
        "/leak/index.html.md",
        "/leak.txt",
        "/guides/guide/",
        "/llms-full.txt",
        "/articles.jsonl",
        "/api/search?q=ZQX",
    )
    for path in paths:
        status, _, body = server.request("GET", path)
        assert MARKER.encode() not in body, path
        if "leak" in path or "guides" in path:
            assert status == 404, path
