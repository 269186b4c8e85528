"""Split an article into front matter and body, and read the front matter's known keys.

Real help centers carry messy front matter (a `--` opener, empty values, `seo:` blocks,
`weight` instead of `order`): each oddity is a warning naming file:line, never a silent
loss and never a crash; the article is still built from what could be read. Front matter
that is not YAML at all is an error, like a missing closing `---`: its title, description,
tags and dates would all be lost, so the page must not go live without them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from helpgen.errors import HelpgenError, Problem
from helpgen.yaml_source import KeyPath, line_of, load_yaml

_OPENER = re.compile(r"-{2,}[ \t]*")

# front matter key -> (field, accepted aliases in order of preference)
ALIASES: dict[str, tuple[KeyPath, ...]] = {
    "title": (("title",), ("seo", "title")),
    "description": (("description",), ("seo", "description"), ("summary",)),
    "keywords": (("keywords",), ("seo", "keywords")),
    "order": (("order",), ("weight",)),
    "updated": (("updated",), ("date",), ("last_modified",)),
    "redirect_from": (("redirect_from",), ("aliases",)),
    "tags": (("tags",),),
    "slug": (("slug",),),
    "id": (("id",),),
    "draft": (("draft",),),
    "audience": (("audience",),),
    "valid_from": (("valid_from",),),
    "valid_until": (("valid_until",),),
    "lang": (("lang",), ("language",)),
    "type": (("type",),),
}
KNOWN_TOP = {path[0] for paths in ALIASES.values() for path in paths} | {"seo"}


@dataclass
class FrontMatter:
    """What was read from the front matter, with the problems found on the way."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each known value, by its name in `values`."""
    extra: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def split(text: str, path: str) -> tuple[str | None, str, int, list[Problem]]:
    """Return (front matter text or None, body, line where the body starts, problems)."""
    lines = text.split("\n")
    if not lines or not _OPENER.fullmatch(lines[0]):
        return None, text, 1, []
    problems = []
    if lines[0].rstrip() != "---":
        problems.append(
            Problem(
                path,
                1,
                f"front matter: opening line is '{lines[0].strip()}', expected '---'",
                hint="write exactly three dashes",
                severity="warning",
                code="front-matter",
            )
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, problems
    if problems:  # `--` then no closer: it was a horizontal rule, not front matter
        return None, text, 1, []
    problems.append(
        Problem(
            path,
            1,
            "front matter: no closing '---' line",
            hint="end the front matter with a line of three dashes",
            code="front-matter",
        )
    )
    return None, text, 1, problems


def read(text: str, path: str) -> FrontMatter:
    """Parse the front matter of `text` (the whole file) and pick out the known keys."""
    raw, body, body_line, problems = split(text, path)
    fm = FrontMatter(body=body, body_line=body_line, problems=problems)
    if raw is None:
        return fm
    try:
        data, lines = load_yaml(raw, path, "front matter", line_offset=1)
    except HelpgenError as exc:
        fm.problems.extend(replace(p, code="front-matter") for p in exc.problems)
        return fm
    if data is None:
        return fm
    if not isinstance(data, dict):
        fm.problems.append(
            Problem(
                path,
                2,
                "front matter: expected `key: value` lines",
                severity="warning",
                code="front-matter",
            )
        )
        return fm
    for name, paths in ALIASES.items():
        _pick(fm, name, paths, data, lines, path)
    fm.extra = {k: v for k, v in data.items() if k not in KNOWN_TOP}
    return fm


def _pick(fm: FrontMatter, name: str, paths, data: dict, lines, path: str) -> None:
    for key_path in paths:
        value = _get(data, key_path)
        if value is None or value == "" or value == []:
            continue
        try:
            fm.values[name] = _CONVERT[name](value)
            fm.lines[name] = line_of(lines, key_path) or 1
            return
        except (TypeError, ValueError) as exc:
            dotted = ".".join(map(str, key_path))
            # a mistyped audience must never publish what was meant for staff: fail closed
            closed = name == "audience"
            if closed:
                fm.values[name] = "internal"
            fm.problems.append(
                Problem(
                    path,
                    line_of(lines, key_path),
                    f"front matter: '{dotted}': {exc}",
                    hint="the article is kept out of public output until this is fixed"
                    if closed
                    else None,
                    severity="error" if closed else "warning",
                    code="front-matter",
                )
            )


def _get(data: dict, key_path: KeyPath) -> Any:
    value: Any = data
    for part in key_path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise TypeError(f"expected text, got a {'list' if isinstance(value, list) else 'mapping'}")
    return str(value).strip()


def _words(value: Any) -> tuple[str, ...]:
    """A list, or a comma-separated string as `seo.keywords` often is."""
    if isinstance(value, str):
        return tuple(w.strip() for w in value.split(",") if w.strip())
    if isinstance(value, list):
        return tuple(_text(v) for v in value if v is not None and str(v).strip())
    raise TypeError("expected a list or comma-separated text")


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError("expected a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"expected a whole number, got '{value}'") from None


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"expected a date like 2026-03-31, got '{value}'") from None


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got '{value}'")
    return value


def _audience(value: Any) -> str:
    normalized = str(value).strip().lower()
    if normalized not in ("public", "internal"):
        raise ValueError(f"expected public or internal, got '{value}'")
    return normalized


def _site_path(value: Any) -> str:
    """A slug or an old URL: a path inside the site, so no `..`, no backslashes, no query."""
    text = _text(value)
    if ".." in text.replace("\\", "/").split("/") or any(c in text for c in "\\?#\0"):
        raise ValueError(f"'{text}' must be a path inside the site (no '..', '\\', '?' or '#')")
    return text


def _page_type(value: Any) -> str:
    normalized = _text(value).lower()
    if normalized not in ("article", "faq"):
        raise ValueError(f"expected article or faq, got '{value}'")
    return normalized


def _paths(value: Any) -> tuple[str, ...]:
    return tuple(_site_path(v) for v in ((value,) if isinstance(value, str) else _words(value)))


_CONVERT = {
    "title": _text,
    "description": _text,
    "keywords": _words,
    "order": _int,
    "updated": _date,
    "redirect_from": _paths,
    "tags": _words,
    "slug": _site_path,
    "id": _text,
    "draft": _bool,
    "audience": _audience,
    "valid_from": _date,
    "valid_until": _date,
    "lang": _text,
    "type": _page_type,
}
