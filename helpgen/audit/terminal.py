"""The audit as a table on the terminal (rich), one row per finding, and a summary line."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from helpgen.audit.finding import plural
from helpgen.audit.run import AuditResult
from helpgen.visitor_text import clean_visitor_text

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_table(result: AuditResult, console: Console | None = None) -> None:
    """Print every finding, most severe first, then the notes and one summary line.

    On a terminal the findings are a table; piped or in CI, one `severity: [check]
    file:line: message (hint: ...)` line each, which logs and grep read better.
    """
    console = console or Console(highlight=False)
    if result.findings and not console.is_terminal:
        for f in result.findings:
            console.print(_shown(f"{f.severity}: [{f.check}] {f}", multiline=False), soft_wrap=True)
    elif result.findings:
        table = Table(
            title=f"helpgen audit: {result.site_name}", title_justify="left", show_lines=False
        )
        for column, ratio in (
            ("severity", None),
            ("check", None),
            ("where", 3),
            ("problem", 4),
            ("what to do", 4),
        ):
            table.add_column(column, overflow="fold", ratio=ratio)
        for f in result.findings:
            table.add_row(
                Text(f.severity, style=STYLES[f.severity]),
                Text(f.check),
                _shown(f.where or "(site)"),
                _shown(f.message),
                _shown(f.hint),
            )
        console.print(table)
    for note in result.notes:
        console.print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    console.print(Text(summary_line(result)), soft_wrap=True)


def _shown(text: str, multiline: bool = True) -> Text:
    """Text(), never markup, and cleaned of escape sequences: messages quote article text, links
    and customers' searches and comments (helpgen.visitor_text). A finding printed as one line
    stays one line."""
    return Text(clean_visitor_text(text, multiline=multiline))


def summary_line(result: AuditResult, timed: bool = True) -> str:
    """`473 articles audited as on 2026-11-22: 3 errors, 10 warnings, 2 info (1.52 s)`."""
    counts = result.counts()
    parts = [
        plural(counts["error"], "error"),
        plural(counts["warning"], "warning"),
        f"{counts['info']} info",
    ]
    line = f"{plural(result.articles, 'article')} audited as on {result.day}: {', '.join(parts)}"
    return f"{line} ({result.seconds:.2f} s)" if timed else line
