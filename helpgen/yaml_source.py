"""Load YAML keeping the line of every key, so problems can name `file:line`.

Both helpgen.yml and article front matter go through here; `line_offset` shifts the
lines of a front-matter block to where it sits in its file.
"""

from __future__ import annotations

from typing import Any

import yaml

from helpgen.errors import HelpgenError, Problem

KeyPath = tuple[str | int, ...]
_LOADER = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)  # the C parser when libyaml is there: same marks, faster

QUOTE_HINT = 'quote the value, e.g. title: "Shipping: how long?"'
GENERIC_HINT = (
    "check the YAML syntax: quote values that contain ': ' or start with a special character"
)
# (start of the message, hint): PyYAML and libyaml word some messages differently
_HINTS = (
    ("mapping values are not allowed", QUOTE_HINT),
    ("could not find expected ':'", "each line needs `key: value`; quote values that contain ': '"),
    ("found undefined alias", "quote values that start with '*'"),
)
# parser context (PyYAML and libyaml alike) -> (message, hint), reported where the thing was opened
_UNCLOSED = {
    "while parsing a flow sequence": (
        "the list opened with '[' here is not closed",
        "close it with ']', as in [refunds, returns], or quote the value",
    ),
    "while parsing a flow mapping": (
        "the mapping opened with '{' here is not closed",
        "close it with '}', as in {title: Refunds}, or quote the value",
    ),
    "while scanning a quoted scalar": (
        "the quote opened here is not closed",
        "end the value with the same quote mark it starts with",
    ),
}
_TOKEN_HINTS = {
    "\t": "indent with spaces, not tabs",
    "@": "quote values that start with '@'",
    "`": "quote values that start with '`'",
    "%": "quote values that start with '%'",
}


def load_yaml(
    text: str, path: str, what: str, line_offset: int = 0, loader=_LOADER
) -> tuple[Any, dict[KeyPath, int]]:
    """Parse `text`; return the data and a map from key path to 1-based line.

    Raises HelpgenError naming `path:line:column` and `what` ("front matter", "config")
    when the YAML is malformed. `loader`: a SafeLoader subclass, for files with tags of
    their own (mkdocs.yml's `!ENV`).
    """
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        raise HelpgenError(_problem(exc, text, path, what, line_offset)) from None
    except yaml.YAMLError as exc:  # reader errors (e.g. control characters) carry no mark
        raise HelpgenError(
            Problem(path, line_offset + 1 if line_offset else None, f"{what}: {exc}")
        ) from None
    if node is None:
        return None, {}
    data = loader("").construct_document(node)
    lines: dict[KeyPath, int] = {}
    _collect_lines(node, (), line_offset, lines)
    return data, lines


def _problem(
    exc: yaml.MarkedYAMLError, text: str, path: str, what: str, line_offset: int
) -> Problem:
    unclosed = _UNCLOSED.get(exc.context or "")
    if unclosed and exc.context_mark is not None:
        # the parser notices only where it gave up (often the next key, or the closing `---`);
        # the author's mistake is where the list, mapping or quote was opened
        opened, (message, hint) = exc.context_mark, unclosed
        return Problem(
            path,
            opened.line + 1 + line_offset,
            f"{what}: {message}",
            column=opened.column + 1,
            hint=hint,
        )
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    return Problem(
        path,
        mark.line + 1 + line_offset if mark else None,
        f"{what}: {problem}",
        column=mark.column + 1 if mark else None,
        hint=_hint(problem, text, mark),
    )


def _hint(problem: str, text: str, mark) -> str:
    for start, hint in _HINTS:
        if problem.startswith(start):
            return hint
    if "cannot start any token" in problem and mark is not None:
        # libyaml does not name the character: read it at the mark
        lines = text.split("\n")
        line = lines[mark.line] if mark.line < len(lines) else ""
        char = line[mark.column : mark.column + 1] or line.lstrip(" ")[:1]
        return _TOKEN_HINTS.get(char, GENERIC_HINT)
    return GENERIC_HINT


def _collect_lines(node: yaml.Node, path: KeyPath, offset: int, out: dict[KeyPath, int]) -> None:
    out.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            out[sub] = key.start_mark.line + 1 + offset
            _collect_lines(value, sub, offset, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, path + (index,), offset, out)


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of `path`, or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
