"""One thing the audit found: which check, how severe, where (file:line), and what to do.

Findings are the audit's only output; the terminal table, the JSON and the HTML report
are three views of the same list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from helpgen.errors import Problem

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""Most severe first. `--fail-on` takes error or warning; info never fails a run."""


@dataclass(frozen=True)
class Finding:
    """One problem in one place. The fields are the JSON report's, in its order."""

    check: str
    """Id of the check that found it (`broken-link`, `stale`...; docs/audit.md lists them)."""
    severity: Severity
    file: str | None
    """Path relative to the project (`content/returns/refunds.md`, `helpgen.yml`), or None
    for what belongs to no file (a search that found nothing)."""
    line: int | None
    message: str
    hint: str
    """What to do about it."""

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def to_dict(self) -> dict:
        return asdict(self)

    def sort_key(self) -> tuple:
        return (
            SEVERITIES.index(self.severity),
            self.check,
            self.file or "",
            self.line or 0,
            self.message,
        )

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.message} (hint: {self.hint})"


def from_problem(
    problem: Problem, check: str, severity: Severity | None = None, hint: str | None = None
) -> Finding:
    """A build problem (front matter, variables, links) as a finding of `check`; `hint` replaces its
    hint."""
    return Finding(
        check,
        severity or problem.severity,
        problem.path or None,
        problem.line,
        problem.message,
        hint or problem.hint or "",
    )


def plural(count: int, word: str) -> str:
    """`1 day`, `3 days`."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def name_some(names: list[str], shown: int = 3) -> str:
    """`a, b, c and 4 more`: other places named in a message, without a wall of paths."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def at_least(severity: Severity, threshold: Severity) -> bool:
    """Whether `severity` is `threshold` or more severe."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(threshold)


CHECK_TITLES: dict[str, str] = {
    "front-matter": "Front matter that could not be read",
    "variables": "Unresolved {{ variables }}",
    "content": "Files that could not be loaded",
    "stale": "Articles not updated for months",
    "expired": "Seasonal articles past their end",
    "expiring": "Seasonal articles ending soon",
    "broken-link": "Broken links",
    "broken-anchor": "Links to a missing heading",
    "title": "Missing or too long titles",
    "description": "Missing, too short or too long descriptions",
    "duplicate-title": "Articles with the same title",
    "duplicate-question": "FAQ questions answered twice",
    "orphan": "Articles no other page links to",
    "image-alt": "Images without alt text",
    "headings": "Long articles without headings",
    "terminology": "Terms the glossary replaces",
    "low-helpfulness": "Articles readers found unhelpful",
    "zero-result-search": "Searches that found nothing",
    "untranslated": "Missing or outdated translations",
}
"""Every check id and its heading in the reports, in the order the HTML report lists them."""
