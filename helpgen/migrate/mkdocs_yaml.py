"""Read an mkdocs.yml safely: its custom tags are understood or kept as markers, never run.

MkDocs configs use `!ENV` (an environment variable, with a default), `!relative` (a path
relative to the config) and `!!python/name:` / `!!python/object/apply:` (Python objects,
mostly in markdown_extensions options). A safe loader must not import or call anything,
so a Python tag becomes a `PythonTag` that the importer reports as not mapped.
`INHERIT: base.yml` is followed and merged the way MkDocs does (the child wins, mappings
merge key by key).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from helpgen.errors import ConfigError
from helpgen.yaml_source import KeyPath, load_yaml

N = TypeVar("N", bound=yaml.Node)

MAX_INHERIT = 10
"""INHERIT chains longer than this are a loop."""


@dataclass(frozen=True)
class PythonTag:
    """A `!!python/...` value: a Python object MkDocs would import; only its text is kept."""

    tag: str

    def __str__(self) -> str:
        return self.tag


class MkDocsLoader(yaml.SafeLoader):
    """SafeLoader plus MkDocs' tags; any other tag becomes a PythonTag marker."""


def _env(loader: MkDocsLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, else the last
    item."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    items = loader.construct_sequence(_expected(node, yaml.SequenceNode))
    for name in items[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    last = items[-1] if items else None
    return os.environ.get(last, last) if isinstance(last, str) else last


def _relative(loader: MkDocsLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(_expected(node, yaml.ScalarNode)))


def _expected(node: yaml.Node, kind: type[N]) -> N:
    """`node` if it is a `kind`, else the error PyYAML's constructors raise for it."""
    if not isinstance(node, kind):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"expected a {kind.__name__}, but found a {type(node).__name__}",
            node.start_mark,
        )
    return node


def _other(loader: MkDocsLoader, suffix: str, node: yaml.Node) -> PythonTag:
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else ""
    return PythonTag(f"{node.tag}{value}".replace("tag:yaml.org,2002:", "!!"))


MkDocsLoader.add_constructor("!ENV", _env)
MkDocsLoader.add_constructor("!relative", _relative)
MkDocsLoader.add_multi_constructor("", _other)


def load_mkdocs_yml(path: Path) -> tuple[dict, dict[KeyPath, int]]:
    """The merged config of `path` (INHERIT followed) and the line of each key in `path` itself."""
    data, lines = _read(path)
    chain = [path.resolve()]
    while isinstance(data.get("INHERIT"), str):
        parent = (chain[-1].parent / data.pop("INHERIT")).resolve()
        if parent in chain or len(chain) > MAX_INHERIT:
            raise ConfigError(f"{path.name}: INHERIT loops through {parent.name}")
        base, _ = _read(parent)
        data = _merge(base, data)
        chain.append(parent)
    return data, lines


def _read(path: Path) -> tuple[dict, dict[KeyPath, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read it: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    data, lines = load_yaml(text, path.name, "mkdocs.yml", loader=MkDocsLoader)
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: expected `key: value` lines, starting with site_name: ...")
    return data, lines


def _merge(base: dict, child: dict) -> dict:
    merged = dict(base)
    for key, value in child.items():
        merged[key] = (
            _merge(base[key], value)
            if isinstance(value, dict) and isinstance(base.get(key), dict)
            else value
        )
    return merged
