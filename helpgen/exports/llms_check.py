"""A strict check of an llms.txt against llmstxt.org's shape and the site it describes.

Stricter than the reference parser, which accepts almost anything: exactly one H1 and it
comes first, then a one-line blockquote, then paragraphs without headings, then H2
sections holding only `- [title](url)` or `- [title](url): notes` lines, each section
named once, and every link (in the paragraphs too) resolving to a file of the site.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_LINE = re.compile(r"- \[(?P<title>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)(?:: (?P<notes>\S.*))?")
_ANY_LINK = re.compile(r"\[[^\]\n]*\]\(([^()\s]+)\)")


def check_llms_txt(text: str, site_dir: Path, site_url: str | None) -> list[str]:
    """Problems with `text` (an llms.txt) as `line N: what`; an empty list means it passes."""
    lines = text.split("\n")
    problems: list[str] = []
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    if not numbered or not re.fullmatch(r"# \S.*", numbered[0][1]):
        return ["line 1: the file must start with an H1 (`# Name`)"]
    if len(numbered) < 2 or not re.fullmatch(r"> \S.*", numbered[1][1]):
        at = numbered[1][0] if len(numbered) > 1 else 2
        problems.append(f"line {at}: the H1 must be followed by a one-line blockquote summary")
    sections: set[str] = set()
    current, links_in = None, 0
    for number, line in numbered[2:]:
        if line.startswith("## "):
            if current is not None and not links_in:
                problems.append(f"line {number}: section '{current}' has no links")
            current, links_in = line[3:].strip(), 0
            if not current or current in sections:
                problems.append(f"line {number}: section '{current}' is empty or named twice")
            sections.add(current)
        elif line.startswith("#"):
            problems.append(f"line {number}: only H2 headings may follow the H1: {line[:60]}")
        elif current is None:
            if line.startswith(">"):
                problems.append(f"line {number}: the summary must be one blockquote line")
            problems += [
                f"line {number}: {p}"
                for p in _link_problems(_ANY_LINK.findall(line), site_dir, site_url)
            ]
        else:
            m = _LINK_LINE.fullmatch(line)
            if not m:
                problems.append(
                    f"line {number}: not a `- [title](url): notes` line under '{current}': "
                    f"{line[:60]}"
                )
                continue
            links_in += 1
            problems += [
                f"line {number}: {p}" for p in _link_problems([m.group("url")], site_dir, site_url)
            ]
    if current is not None and not links_in:
        problems.append(f"line {len(lines)}: section '{current}' has no links")
    return problems


def _link_problems(urls: list[str], site_dir: Path, site_url: str | None) -> list[str]:
    return [
        f"link {url} is not a file of the site"
        for url in urls
        if local_file(url, site_dir, site_url) is None
    ]


def local_file(url: str, site_dir: Path, site_url: str | None) -> Path | None:
    """The file of the site a URL points at (`x/` is `x/index.html`), or None."""
    parts = urlsplit(url)
    base = urlsplit(site_url) if site_url else None
    if parts.scheme or parts.netloc:
        if not base or (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
    path = unquote(parts.path)
    prefix = base.path if base and base.path else "/"
    if not path.startswith(prefix):
        return None
    path = path[len(prefix) :]
    if path == "" or path.endswith("/"):
        path += "index.html"
    target = (site_dir / path).resolve()
    if site_dir.resolve() not in target.parents or not target.is_file():
        return None
    return target
