"""The audit as one standalone HTML page a support lead can open, file or mail.

No scripts, no external requests (its Content-Security-Policy forbids them), everything
escaped by Jinja2's autoescaping: messages quote article text, links and customers' searches.
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from helpgen.audit.finding import CHECK_TITLES, SEVERITIES
from helpgen.audit.run import AuditResult
from helpgen.audit.terminal import summary_line

TEMPLATES = Path(__file__).resolve().parent / "templates"
SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Suggestions"}


_BACKTICKS = re.compile(r"`([^`\n]+)`")


def with_code(text: str) -> Markup:
    """`text` escaped, with its `backtick` spans (keys, commands) shown as <code>."""
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", str(escape(text))))


def render_html(result: AuditResult, lang: str = "en") -> str:
    """The report page: a summary, then the findings grouped by severity and check."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["with_code"] = with_code
    return env.get_template("report.html").render(
        result=result,
        lang=lang,
        summary=summary_line(result, timed=False),
        counts=result.counts(),
        groups=_groups(result),
        severity_titles=SEVERITY_TITLES,
        check_titles=CHECK_TITLES,
    )


def _groups(result: AuditResult) -> list[tuple[str, list[tuple[str, list]]]]:
    """[(severity, [(check, findings)])] in report order; findings are sorted by severity and
    check."""
    out = []
    for severity, same in groupby(result.findings, key=lambda f: f.severity):
        checks = [(check, list(found)) for check, found in groupby(same, key=lambda f: f.check)]
        out.append((severity, sorted(checks, key=lambda c: list(CHECK_TITLES).index(c[0]))))
    return sorted(out, key=lambda g: SEVERITIES.index(g[0]))


def write_html(result: AuditResult, path: Path, lang: str = "en") -> None:
    """Write the report to `path` (a new file next to it first, so a reader never sees half of
    it)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_html(result, lang), encoding="utf-8")
    tmp.replace(path)
