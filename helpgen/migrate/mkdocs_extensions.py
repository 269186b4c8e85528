"""mkdocs.yml's `markdown_extensions` against the set helpgen always renders with.

helpgen has one fixed, tested set of Python-Markdown extensions (helpgen.render.markdown),
so nothing is written to helpgen.yml: an extension in the set is simply there, and every
other one, or options that differ from helpgen's own, is noted so the author knows which
pages to check.
"""

from __future__ import annotations

from collections.abc import Callable

from helpgen.render.markdown import EXTENSION_CONFIGS, EXTENSIONS

BUILT_IN_ALIASES = {"meta": "front matter", "markdown.extensions.meta": "front matter"}
"""Extensions whose job helpgen does another way (front matter is always read)."""


def extension_name(name: str) -> str:
    """`markdown.extensions.toc` -> `toc`: the short name helpgen's list uses."""
    return name.removeprefix("markdown.extensions.")


def map_extensions(extensions: object, note: Callable[..., None]) -> None:
    """Note each extension helpgen lacks, and each one configured with options."""
    if extensions is None:
        return
    if not isinstance(extensions, list):
        note(("markdown_extensions",), "markdown_extensions: expected a list; not read")
        return
    for index, item in enumerate(extensions):
        name, options = (
            next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, None)
        )
        key = ("markdown_extensions", index)
        if not isinstance(name, str):
            note(key, f"markdown_extensions: cannot read entry {item!r}")
            continue
        short = extension_name(name)
        if short in BUILT_IN_ALIASES or name in BUILT_IN_ALIASES:
            continue
        if short not in EXTENSIONS:
            note(
                key,
                f"markdown_extensions: '{name}' is not available in helpgen; "
                "its syntax shows as written",
                hint="helpgen renders with: " + ", ".join(EXTENSIONS),
            )
        elif changed := _differing(short, options):
            note(
                key,
                f"markdown_extensions: '{name}' options ({', '.join(changed)}) not carried over; "
                "helpgen sets its own",
            )


def _differing(name: str, options: object) -> list[str]:
    """Options that ask for something helpgen's own settings of that extension do not give."""
    if not isinstance(options, dict):
        return []
    ours = EXTENSION_CONFIGS.get(name, {})
    return [
        str(k)
        for k, v in options.items()
        if k not in ours or (ours[k] != v and not (v is True and ours[k]))
    ]
