"""mkdocs-redirects' `redirect_maps` as helpgen's `redirect_from` front matter.

`plugins: [redirects: {redirect_maps: {old.md: new.md}}]` keeps old MkDocs URLs alive; in
helpgen the article itself lists its old paths, and the build writes a redirect page at each.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from helpgen.content.urls import article_url
from helpgen.yaml_source import KeyPath

PLUGIN = "redirects"


def plugin_entry(plugins: object, name: str) -> tuple[object, KeyPath] | None:
    """The options of plugin `name` and their key path, from either form of `plugins:`."""
    if isinstance(plugins, dict):
        return (plugins[name], ("plugins", name)) if name in plugins else None
    for index, item in enumerate(plugins if isinstance(plugins, list) else []):
        if item == name:
            return {}, ("plugins", index)
        if isinstance(item, dict) and name in item:
            return item[name], ("plugins", index, name)
    return None


def plan_redirects(
    plugins: object, sources: set[str], note: Callable[..., None]
) -> dict[str, list[str]]:
    """Old URL paths by the markdown source they now lead to; what cannot be kept is noted."""
    found = plugin_entry(plugins, PLUGIN)
    maps = found[0].get("redirect_maps") if found and isinstance(found[0], dict) else None
    if found is None or not isinstance(maps, dict):
        return {}
    key = found[1] + ("redirect_maps",)
    planned: dict[str, list[str]] = {}
    for old, new in maps.items():
        target = posixpath.normpath(str(new).split("#", 1)[0].lstrip("/"))
        if "://" in str(new) or target not in sources:
            note(
                key + (old,),
                f"redirects: '{old}' -> '{new}' not mapped (the target is not a page of docs_dir)",
                hint="keep that redirect in your web server",
            )
            continue
        planned.setdefault(target, []).append("/" + _old_url(str(old)))
    return planned


def _old_url(old: str) -> str:
    """The URL MkDocs gave a page (folder URLs): `old/page.md` -> `old/page/`; other files as they
    are."""
    old = old.lstrip("/")
    return article_url(old, None, "", "") if old.endswith(".md") else old
