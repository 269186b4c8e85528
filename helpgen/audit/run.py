"""Run every check over a project and collect the findings: the `helpgen audit` stage."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from typing import Literal

from helpgen.audit import (
    body_checks,
    feedback_checks,
    freshness_checks,
    link_checks,
    metadata_checks,
    source_checks,
    translation_checks,
)
from helpgen.audit.context import AuditContext, load_context
from helpgen.audit.finding import SEVERITIES, Finding, Severity, at_least
from helpgen.config import Project

Off = Literal["off"]

Check = Callable[[AuditContext], Iterable[Finding]]
CHECKS: tuple[Check, ...] = (
    source_checks.check_sources,
    freshness_checks.check_stale,
    freshness_checks.check_seasons,
    link_checks.check_broken_links,
    link_checks.check_orphans,
    metadata_checks.check_titles,
    metadata_checks.check_descriptions,
    metadata_checks.check_duplicate_titles,
    metadata_checks.check_duplicate_questions,
    body_checks.check_image_alt,
    body_checks.check_headings,
    body_checks.check_terminology,
    feedback_checks.check_feedback,
    translation_checks.check_translations,
)
"""In the order they run; the report orders findings by severity, check, file and line."""


@dataclass
class AuditResult:
    """The findings of one audit, sorted, with what the reports say around them."""

    site_name: str
    day: dt.date
    audience: str
    articles: int
    """Published articles audited (listed and in season on `day`)."""
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        """Findings per severity, every severity present (0 when none)."""
        found = Counter(f.severity for f in self.findings)
        return {s: found[s] for s in SEVERITIES}

    def by_check(self) -> dict[str, int]:
        return dict(sorted(Counter(f.check for f in self.findings).items()))

    def failed(self, fail_on: Severity) -> bool:
        """Whether a finding at or above `fail_on` exists: `--fail-on` exits 1 then."""
        return any(at_least(f.severity, fail_on) for f in self.findings)


def run_audit(
    project: Project, audience: str = "public", now: dt.date | None = None, use_cache: bool = True
) -> AuditResult:
    """Load the project as the build does, run every check, apply `audit.checks` levels."""
    start = time.perf_counter()
    ctx = load_context(project, audience, now, use_cache)
    findings = [f for check in CHECKS for f in check(ctx)]
    findings = drop_ignored(
        findings, project.config.audit.ignore, project.display(project.content_dir)
    )
    findings = sorted(apply_levels(findings, project.config.audit.checks), key=Finding.sort_key)
    return AuditResult(
        project.config.site_name,
        ctx.day,
        audience,
        len(ctx.published),
        findings,
        ctx.notes,
        time.perf_counter() - start,
    )


def drop_ignored(
    findings: list[Finding], ignore: dict[str, tuple[str, ...]], content: str
) -> list[Finding]:
    """Drop the findings of a check in files that `audit.ignore` lists for it (paths under
    content_dir)."""
    if not ignore:
        return findings
    prefix = content.rstrip("/") + "/"

    def ignored(f: Finding) -> bool:
        path = f.file[len(prefix) :] if f.file and f.file.startswith(prefix) else None
        return path is not None and any(
            fnmatchcase(path, pattern) for pattern in ignore.get(f.check, ())
        )

    return [f for f in findings if not ignored(f)]


def apply_levels(findings: list[Finding], levels: Mapping[str, Severity | Off]) -> list[Finding]:
    """Drop the findings of checks set to `off`; give the others the severity configured for their
    check."""
    out = []
    for finding in findings:
        level = levels.get(finding.check)
        if level == "off":
            continue
        out.append(replace(finding, severity=level) if level else finding)
    return out
