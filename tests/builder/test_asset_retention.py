"""A rebuild keeps the previous build's fingerprinted assets for one more build: a page loaded
just before the new site went in still gets the stylesheet it names."""

from __future__ import annotations

import re

import yaml

from tests.helpers import tree_hashes

FILES = {"a.md": "# A\n\nSome words.\n", "orders/b.md": "# B\n\nMore words.\n"}
COLOURS = ("#1d4ed8", "#b91c1c", "#15803d")
CSS = re.compile(r'href="/(_helpgen/helpgen\.[0-9a-f]{10}\.css)"')


def set_colour(project, colour: str) -> None:
    path = project / "helpgen.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["brand"] = {"primary_color": colour}
    path.write_text(yaml.safe_dump(config), encoding="utf-8")


def stylesheet(site) -> str:
    [path] = CSS.findall((site / "a" / "index.html").read_text(encoding="utf-8"))
    return path


def mentions(site, name: str) -> list[str]:
    """Files of the site whose bytes contain `name`."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and name.encode() in p.read_bytes()
    )


def test_assets_of_the_previous_build_stay_for_one_more_build(tmp_path, make_site, build_site):
    project = make_site(tmp_path / "project", FILES)
    site = project / "site"
    names = []
    for colour in COLOURS:
        set_colour(project, colour)
        assert build_site(project).written
        names.append(stylesheet(site))
    first, second, third = names
    assert len(set(names)) == 3
    assert not (site / first).exists()  # the build after next removed it
    assert (site / second).is_file() and (site / third).is_file()
    # kept files are only files: no page, sitemap or export names them
    assert mentions(site, second.rsplit("/", 1)[1]) == []
    assert build_site(project).written  # a build that changes nothing drops what it kept too
    assert not (site / second).exists() and (site / third).is_file()


def test_a_first_build_has_no_previous_assets(tmp_path, make_site, build_site):
    """A clean build, and a --no-cache build over a site that kept assets, are exactly the
    site a build from scratch makes."""
    project = make_site(tmp_path / "project", FILES)
    set_colour(project, COLOURS[0])
    assert build_site(project).written
    old = stylesheet(project / "site")
    set_colour(project, COLOURS[1])
    assert build_site(project).written
    assert (project / "site" / old).is_file()
    assert build_site(project, use_cache=False).written
    assert build_site(project, out=tmp_path / "fresh", use_cache=False).written
    assert tree_hashes(project / "site") == tree_hashes(tmp_path / "fresh")
    assert not (project / "site" / old).exists()
