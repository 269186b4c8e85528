"""Checks the build's loading stage already makes: front matter, variables, unreadable files.

The audit reports the build's own problems (same text, same file:line) under its check
ids, so `helpgen build` and `helpgen audit` never disagree about an article.
"""

from __future__ import annotations

from collections.abc import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding, Severity, from_problem

_CHECK_OF_CODE = {
    "front-matter": "front-matter",
    "unknown-variable": "variables",
    "literal-braces": "variables",
    "template-tag": "variables",
    "config": "broken-link",  # featured articles and brand files that do not exist
}
CONTENT_HINT = "fix the file; `helpgen build` reports the same problem"


def check_sources(ctx: AuditContext) -> Iterator[Finding]:
    """front-matter, variables, content: every problem found while loading the articles."""
    for problem in ctx.report.problems:
        check = _CHECK_OF_CODE.get(problem.code, "content")
        severity: Severity | None = "error" if check == "broken-link" else None
        yield from_problem(problem, check, severity, problem.hint or CONTENT_HINT)
