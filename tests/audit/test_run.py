"""What ties the checks together: their ids everywhere, severities from `audit.checks`, the table."""

from __future__ import annotations

import json

from rich.console import Console

from helpgen.audit.finding import CHECK_TITLES
from helpgen.audit.json_report import SCHEMA
from helpgen.audit.terminal import print_table
from helpgen.config.model import AUDIT_CHECKS
from tests.audit.support import found

FILES = {"a.md": "---\ntitle: '[bold red]Refunds[/bold red]'\nupdated: 2020-01-01\n---\n\nSee [gone](gone.md).\n",
         "b.md": "---\ntitle: '[bold red]Refunds[/bold red]'\n---\n\nText.\n"}


def test_every_check_id_is_known_to_the_config_the_reports_and_the_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(CHECK_TITLES) == list(AUDIT_CHECKS)
    assert schema["$defs"]["finding"]["properties"]["check"]["enum"] == list(AUDIT_CHECKS)


def test_audit_checks_switches_a_check_off_or_changes_its_severity(audit):
    default = audit(FILES)
    assert [s for s, *_ in found(default, "stale")] == ["warning"]
    assert found(default, "orphan") != []
    tuned = audit(FILES, {"audit": {"checks": {"stale": "error", "orphan": "off", "broken-link": "info"}}})
    assert [s for s, *_ in found(tuned, "stale")] == ["error"]
    assert [s for s, *_ in found(tuned, "broken-link")] == ["info"]
    assert found(tuned, "orphan") == []
    assert tuned.findings[0].check == "stale"  # most severe first, whatever the check's default


def test_the_terminal_table_shows_text_as_written_never_as_markup(audit):
    console = Console(record=True, width=250, force_terminal=True, color_system=None)
    print_table(audit(FILES), console)
    text = console.export_text()
    assert "┃ severity ┃ check" in text
    assert "title '[bold red]Refunds[/bold red]' is also the title of content/b.md" in text
    assert "│ error    │ broken-link" in text
    assert text.rstrip().splitlines()[-1].startswith("2 articles audited as on 2026-03-01: 1 error, 5 warnings, 2 info (")


def test_audit_ignore_drops_a_checks_findings_in_matching_files(audit):
    files = {"notes/2020/jan.md": "---\nupdated: 2020-01-01\n---\n\n# January\n\n[gone](gone.md)\n",
             "old.md": "---\nupdated: 2020-01-01\n---\n\n# Old\n\nText.\n"}
    result = audit(files, {"audit": {"ignore": {"stale": ["notes/*"], "orphan": ["*"]}}})
    assert [f for _, f, *_ in found(result, "stale")] == ["content/old.md"]
    assert found(result, "orphan") == []
    assert [f for _, f, *_ in found(result, "broken-link")] == ["content/notes/2020/jan.md"]  # other checks still run
