"""Resolve `{{ name }}` in article text from helpgen.yml's `variables`.

Variables are the merchant's single source of facts (a return window, a URL prefix), so
a defined one is filled in everywhere, code included. Any other `{{ ... }}` is left as
written. Outside code, a name that is a typo of a defined one (`helpgen.typos`: within one
edit up to 5 characters, two beyond, letter case free) is an error, since shoppers would
see the braces; anything else is a warning (prose that needs `\\{{`). Inside fenced
blocks, inline code spans and HTML <code>/<pre> it is a template example (Handlebars,
Liquid) and is neither touched nor reported. `\\{{` writes a literal `{{`. Liquid/Jinja
tags (`{% endhint %}`, `{# note #}`) in prose are never run: each one is a warning and
stays text (the render keeps attr_list from reading it as attributes).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from typing import Any

from helpgen.errors import Problem
from helpgen.typos import typo_of

_PLACEHOLDER = re.compile(r"(\\?)\{\{(\{?)\s*(.*?)\s*(\}?)\}\}")
_NAME = re.compile(r"[A-Za-z_][\w.-]*")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_CONTAINER = re.compile(r"^\s{0,3}(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|===|\[\^[^\]]+\]:)")
"""Lines whose indented followers are their content (list items, admonitions, details, tabs,
footnotes), not an indented code block."""
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_TEMPLATE_TAG = re.compile(r"(\\?)(\{%.*?%\}|\{#[^}\n]*#\})")
"""`{% tag %}` and `{# comment #}` on one line (after a backslash: text on purpose)."""
TAG_HINT = "helpgen does not run Liquid/Jinja tags: remove it, or put it in `code` to show it"
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
    """Sorted, non-overlapping character ranges of `text` that are code: fences, `spans`,
    <code>/<pre>."""
    spans = _fenced_blocks(text) + _indented_blocks(text)
    spans += [m.span() for m in _INLINE_CODE.finditer(text)]
    spans += [m.span() for m in _HTML_CODE.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):  # merged, so one bisect finds the span around a position
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _indented_blocks(text: str) -> list[tuple[int, int]]:
    """Indented code blocks: indented lines after a blank line, outside lists and other
    containers."""
    spans, pos, start = [], 0, None
    blank_before, in_container = True, False
    for line in text.splitlines(keepends=True):
        blank = not line.strip()
        indented = bool(_INDENTED.match(line)) and not blank
        if start is not None and not blank and not indented:
            spans.append((start, pos))
            start = None
        if start is None and indented and blank_before and not in_container:
            start = pos
        if not blank and not indented:
            # a new paragraph after a blank line closes a container; a list item or block opener
            # starts one
            in_container = bool(_CONTAINER.match(line)) or (in_container and not blank_before)
        blank_before = blank
        pos += len(line)
    if start is not None:
        spans.append((start, pos))
    return spans


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    spans, pos, open_at, fence = [], 0, None, ""
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        # CommonMark: a backtick fence's info string has no backticks, so ```x``` is inline code
        if open_at is None and m and not (m.group(1)[0] == "`" and "`" in line[m.end() :]):
            open_at, fence = pos, m.group(1)
        elif (
            open_at is not None
            and m
            and m.group(1)[0] == fence[0]
            and len(m.group(1)) >= len(fence)
            and not line.strip()[len(m.group(1)) :].strip()
        ):
            spans.append((open_at, pos + len(line)))
            open_at = None
        pos += len(line)
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def resolve(
    text: str, variables: dict[str, Any], path: str, first_line: int
) -> tuple[str, list[Problem]]:
    """Replace known `{{ name }}` outside code; report (file:line) the other `{{ }}` and any
    `{% tags %}` there, left as written."""
    code = code_spans(text)
    starts = [s for s, _ in code]
    newlines = [m.start() for m in re.finditer("\n", text)]
    problems: list[Problem] = []

    def in_code(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < code[i][1]

    def replace(m: re.Match) -> str:
        code = in_code(m.start())
        if m.group(
            1
        ):  # \{{ ... : a literal, minus the backslash (in code a backslash is just text)
            return m.group(0) if code else m.group(0)[1:]
        name, triple = m.group(3), m.group(2) or m.group(4)
        if not triple and _NAME.fullmatch(name) and name in variables:
            return format_value(variables[name])
        if code:
            return m.group(0)
        line = first_line + bisect_right(newlines, m.start())
        problems.append(_unknown(m.group(0), name, triple, variables, path, line))
        return m.group(0)

    resolved = _PLACEHOLDER.sub(replace, text)
    for m in _TEMPLATE_TAG.finditer(text):  # in the source text, whose lines are the file's
        if not m.group(1) and not in_code(m.start()):
            line = first_line + bisect_right(newlines, m.start())
            message = f"'{m.group(2)}' is a Liquid/Jinja tag; it is left as text"
            problems.append(
                Problem(path, line, message, severity="warning", code="template-tag", hint=TAG_HINT)
            )
    return resolved, sorted(problems, key=lambda p: p.line or 0)


def _unknown(whole: str, name: str, triple: str, variables: dict, path: str, line: int) -> Problem:
    defined = ", ".join(sorted(variables)) or "none"
    meant = typo_of(name, variables) if not triple and _NAME.fullmatch(name) else None
    if meant:  # a misspelt variable would show shoppers raw braces: an error, not a warning
        return Problem(
            path,
            line,
            f"unknown variable '{name}': did you mean '{meant}'?",
            code="unknown-variable",
            hint=f"write {{{{ {meant} }}}}, or define '{name}' under `variables:` in helpgen.yml",
        )
    if not triple and _NAME.fullmatch(name):
        return Problem(
            path,
            line,
            f"unknown variable '{name}' (defined: {defined})",
            severity="warning",
            code="unknown-variable",
            hint="define it under `variables:` in helpgen.yml, or write \\{{ for a literal {{",
        )
    return Problem(
        path,
        line,
        f"'{whole}' is not a variable; it is left as written",
        severity="warning",
        code="literal-braces",
        hint="put template examples in `code`, or write \\{{ for a literal {{",
    )
