"""Hand an audit's result to the outputs the command line asked for."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from helpgen.audit.finding import Severity
from helpgen.audit.html_report import write_html
from helpgen.audit.json_report import dumps
from helpgen.audit.run import AuditResult
from helpgen.audit.terminal import print_table, summary_line


def write_reports(
    result: AuditResult, fail_on: Severity, as_json: bool, html_file: Path | None
) -> None:
    """The HTML file when asked for, then JSON on stdout or the table; with JSON, the summary goes
    to stderr."""
    if html_file is not None:
        try:
            write_html(result, html_file)
        except OSError as exc:
            raise click.UsageError(f"--html {html_file}: cannot write it: {exc.strerror}") from None
    if as_json:
        sys.stdout.write(dumps(result, fail_on) + "\n")
        click.echo(summary_line(result), err=True)
    else:
        print_table(result)
