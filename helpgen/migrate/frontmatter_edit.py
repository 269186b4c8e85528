"""Add keys to the front matter of an existing markdown file, leaving the rest byte for byte.

Used to carry what a migrated site kept elsewhere (MkDocs' nav order) into the articles.
A key the front matter already has (or an alias helpgen reads, like `weight` for `order`)
is left alone: the author's value wins.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from helpgen.content.frontmatter import ALIASES, split


def dump_front_matter(values: dict) -> str:
    """`key: value` lines in the given order, as YAML that round-trips (quotes where needed)."""
    return yaml.safe_dump(
        values, allow_unicode=True, default_flow_style=False, sort_keys=False, width=10_000
    )


def add_front_matter(path: Path, values: dict, write: bool = True) -> bool:
    """Add the missing `values` to the file's front matter (creating one if it has none).

    Returns whether the file changes; `write=False` only tells. A file whose front matter
    is unclosed or does not parse is left alone (False): helpgen's build reports it.
    """
    text = path.read_text(encoding="utf-8")
    raw, _, body_line, problems = split(text, str(path))
    if raw is None and problems:
        return False
    try:
        present = yaml.safe_load(raw) if raw else {}
    except yaml.YAMLError:
        return False
    present = present if isinstance(present, dict) else {}
    add = {
        k: v for k, v in values.items() if not any(p[0] in present for p in ALIASES.get(k, ((k,),)))
    }
    if not add:
        return False
    block = dump_front_matter(add)
    if raw is None:
        new = f"---\n{block}---\n\n{text}"
    else:
        lines = text.split("\n")
        closing = body_line - 2  # index of the closing `---`
        new = "\n".join(lines[:closing]) + "\n" + block + "\n".join(lines[closing:])
    if write:
        path.write_text(new, encoding="utf-8")
    return True
