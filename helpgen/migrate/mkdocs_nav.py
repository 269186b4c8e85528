"""MkDocs' `nav` as helpgen sees it: categories are folders, order is a number.

In MkDocs the nav decides what sits where; in helpgen a folder is a category (its
`_category.yml` gives title and order) and an article's `order` front matter places it.
`plan_nav` reads the nav into those terms and says what does not fit: a section whose
pages live in several folders, two sections over one folder, a missing file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from helpgen.migrate.result import ImportResult
from helpgen.yaml_source import KeyPath, line_of


@dataclass
class NavPlan:
    """What the nav says in helpgen's terms."""

    orders: dict[str, int] = field(default_factory=dict)
    """Article order by source path under docs_dir: its position in its nav section."""
    categories: dict[tuple[str, ...], tuple[str, int]] = field(default_factory=dict)
    """(title, order) of each category folder a nav section names."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(title, url) of the nav's external links: header links in helpgen."""


@dataclass
class _Walk:
    plan: NavPlan
    sources: set[str]
    result: ImportResult
    shown: str
    lines: dict[KeyPath, int]

    def note(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.result.note(self.shown, line_of(self.lines, path), message, hint)


def plan_nav(
    nav: object, sources: set[str], result: ImportResult, shown: str, lines: dict[KeyPath, int]
) -> NavPlan:
    """Read `nav` (MkDocs' list) against the markdown `sources` found under docs_dir."""
    walk = _Walk(NavPlan(), sources, result, shown, lines)
    if nav is None:
        return walk.plan
    if not isinstance(nav, list):
        walk.note(("nav",), "nav: expected a list; the nav was not imported")
        return walk.plan
    _items(walk, nav, ("nav",), ())
    return walk.plan


def _items(walk: _Walk, items: list, key: KeyPath, parent_folder: tuple[str, ...]) -> list[str]:
    """Walk one nav list; return every source below it."""
    found: list[str] = []
    for position, item in enumerate(items, 1):
        here = key + (position - 1,)
        title, value = _entry(item)
        if isinstance(value, list):
            found += _section(walk, title or "", value, here, position, parent_folder)
        elif isinstance(value, str) and "://" in value:
            walk.plan.links.append((title or value, value))
        elif isinstance(value, str):
            source = posixpath.normpath(value.lstrip("/"))
            if source not in walk.sources:
                walk.note(here, f"nav: '{value}' is not a markdown file under docs_dir; skipped")
                continue
            walk.plan.orders.setdefault(source, position)
            found.append(source)
        else:
            walk.note(here, f"nav: cannot read entry {item!r}; skipped")
    return found


def _entry(item: object) -> tuple[str | None, object]:
    if isinstance(item, dict) and len(item) == 1:
        title, value = next(iter(item.items()))
        return str(title), value
    return None, item


def _section(
    walk: _Walk,
    title: str,
    items: list,
    key: KeyPath,
    position: int,
    parent_folder: tuple[str, ...],
) -> list[str]:
    # the section's folder is known before its children are walked, so a sub-section
    # over the same folder cannot take the title meant for its parent
    folders = {tuple(s.split("/")[:-1]) for s in _paths(items) if s in walk.sources}
    folder = _common(folders)
    owned = (
        bool(folders) and len(folder) > len(parent_folder) and folder not in walk.plan.categories
    )
    if owned:
        walk.plan.categories[folder] = (title, position)
    elif folders:
        where = ", ".join("/".join(f) or "(docs root)" for f in sorted(folders))
        walk.note(
            key,
            f"nav: section '{title}' has no folder of its own (its pages are in {where}); "
            "its title and place in the nav are not kept",
            hint="in helpgen a category is a folder: move the section's pages into one folder",
        )
    return _items(walk, items, key + (title,), folder if owned else parent_folder)


def _paths(items: list) -> list[str]:
    """Every page path in a nav list and its sections."""
    paths: list[str] = []
    for item in items:
        _, value = _entry(item)
        if isinstance(value, list):
            paths += _paths(value)
        elif isinstance(value, str) and "://" not in value:
            paths.append(posixpath.normpath(value.lstrip("/")))
    return paths


def _common(folders: set[tuple[str, ...]]) -> tuple[str, ...]:
    """The deepest folder holding all of `folders`."""
    if not folders:
        return ()
    first, *rest = sorted(folders)
    common = first
    for other in rest:
        n = 0
        while n < min(len(common), len(other)) and common[n] == other[n]:
            n += 1
        common = common[:n]
    return common
