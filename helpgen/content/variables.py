"""Resolve `{{ name }}` in article text from helpgen.yml's `variables`.

Code is left alone: fenced blocks, inline code spans and HTML <code>/<pre> hold examples
(Handlebars, Liquid) whose braces are not ours. `\\{{` writes a literal `{{`.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from typing import Any

from helpgen.errors import Problem

_PLACEHOLDER = re.compile(r"(\\?)\{\{(\{?)\s*(.*?)\s*(\}?)\}\}")
_NAME = re.compile(r"[A-Za-z_][\w.-]*")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def format_value(value: Any) -> str:
    """How a variable's value reads in text: lists joined with commas, dates in ISO form."""
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping character ranges of `text` that are code: fences, `spans`, <code>/<pre>."""
    spans = _fenced_blocks(text)
    spans += [m.span() for m in _INLINE_CODE.finditer(text)]
    spans += [m.span() for m in _HTML_CODE.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):  # merged, so one bisect finds the span around a position
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    spans, pos, open_at, fence = [], 0, None, ""
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if open_at is None and m:
            open_at, fence = pos, m.group(1)
        elif open_at is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                and not line.strip()[len(m.group(1)):].strip():
            spans.append((open_at, pos + len(line)))
            open_at = None
        pos += len(line)
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def resolve(text: str, variables: dict[str, Any], path: str, first_line: int) -> tuple[str, list[Problem]]:
    """Replace known `{{ name }}` outside code; warn (file:line) about the others, left as written."""
    code = code_spans(text)
    starts = [s for s, _ in code]
    newlines = [m.start() for m in re.finditer("\n", text)]
    problems: list[Problem] = []

    def in_code(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < code[i][1]

    def replace(m: re.Match) -> str:
        if in_code(m.start()):
            return m.group(0)
        if m.group(1):  # \{{ ... : a literal, minus the backslash
            return m.group(0)[1:]
        name, triple = m.group(3), m.group(2) or m.group(4)
        if not triple and _NAME.fullmatch(name) and name in variables:
            return format_value(variables[name])
        line = first_line + bisect_right(newlines, m.start())
        problems.append(_unknown(m.group(0), name, triple, variables, path, line))
        return m.group(0)

    return _PLACEHOLDER.sub(replace, text), problems


def _unknown(whole: str, name: str, triple: str, variables: dict, path: str, line: int) -> Problem:
    defined = ", ".join(sorted(variables)) or "none"
    if not triple and _NAME.fullmatch(name):
        return Problem(path, line, f"unknown variable '{name}' (defined: {defined})", severity="warning",
                       code="unknown-variable", hint="define it under `variables:` in helpgen.yml, or write \\{{ for a literal {{")
    return Problem(path, line, f"'{whole}' is not a variable; it is left as written", severity="warning",
                   code="literal-braces", hint="put template examples in `code`, or write \\{{ for a literal {{")
