"""Under `helpgen serve`, a rebuild that changes the CSS keeps the old stylesheet served: a page
fetched just before the swap still gets the stylesheet it names."""

from __future__ import annotations

import re

from tests.serve.support import make_project, wait_for

CSS = re.compile(r'href="(/_helpgen/helpgen\.[0-9a-f]{10}\.css)"')
LONG_CACHE = "public, max-age=31536000, immutable"


def stylesheet(server) -> str:
    status, _, body = server.request("GET", "/shipping/")
    assert status == 200
    return CSS.findall(body.decode())[0]


def test_old_stylesheet_is_served_after_a_rebuild_that_changes_it(tmp_path, start_server):
    project = make_project(tmp_path / "project", {"brand": {"primary_color": "#1d4ed8"}})
    server = start_server(project, watch=True)
    old = stylesheet(server)
    config = project / "helpgen.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("#1d4ed8", "#b91c1c"), encoding="utf-8")
    new = wait_for(lambda: (css := stylesheet(server)) != old and css, 30)
    assert new, "the rebuild did not change the stylesheet"
    # pages go in before the build ends; the old files are dealt with when it ends, and its
    # record of the site (the manifest) is written last
    assert wait_for(
        lambda: any(
            new[1:] in p.read_text(encoding="utf-8")
            for p in (project / ".helpgen").glob("output-*.json")
        ),
        30,
    )
    for path in (old, new):
        status, headers, body = server.request("GET", path)
        assert status == 200, path
        assert headers["cache-control"] == LONG_CACHE
    assert b"#b91c1c" in server.request("GET", new)[2].lower()
