"""What ties the checks together: their ids everywhere, severities from `audit.checks`, the
table."""

from __future__ import annotations

import json

import pytest
from rich.console import Console

from helpgen.audit import run_audit
from helpgen.audit.finding import CHECK_TITLES
from helpgen.audit.json_report import SCHEMA
from helpgen.audit.terminal import print_table
from helpgen.config import load_project
from helpgen.config.model import AUDIT_CHECKS
from helpgen.errors import ConfigError
from tests.audit.support import DAY, found
from tests.helpers import write_project

FILES = {
    "a.md": "---\ntitle: '[bold red]Refunds[/bold red]'\nupdated: 2020-01-01\n---\n\nSee "
    "[gone](gone.md).\n",
    "b.md": "---\ntitle: '[bold red]Refunds[/bold red]'\n---\n\nText.\n",
}


def test_every_check_id_is_known_to_the_config_the_reports_and_the_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(CHECK_TITLES) == list(AUDIT_CHECKS)
    assert schema["$defs"]["finding"]["properties"]["check"]["enum"] == list(AUDIT_CHECKS)


def test_audit_checks_switches_a_check_off_or_changes_its_severity(audit):
    default = audit(FILES)
    assert [s for s, *_ in found(default, "stale")] == ["warning"]
    assert found(default, "orphan") != []
    tuned = audit(
        FILES, {"audit": {"checks": {"stale": "error", "orphan": "off", "broken-link": "info"}}}
    )
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
    assert (
        text.rstrip()
        .splitlines()[-1]
        .startswith("2 articles audited as on 2026-03-01: 1 error, 5 warnings, 2 info (")
    )


def test_audit_ignore_drops_a_checks_findings_in_matching_files(audit):
    files = {
        "notes/2020/jan.md": "---\nupdated: 2020-01-01\n---\n\n# January\n\n[gone](gone.md)\n",
        "old.md": "---\nupdated: 2020-01-01\n---\n\n# Old\n\nText.\n",
    }
    result = audit(files, {"audit": {"ignore": {"stale": ["notes/*"], "orphan": ["*"]}}})
    assert [f for _, f, *_ in found(result, "stale")] == ["content/old.md"]
    assert found(result, "orphan") == []
    assert [f for _, f, *_ in found(result, "broken-link")] == [
        "content/notes/2020/jan.md"
    ]  # other checks still run


def test_a_bare_off_in_yaml_switches_a_check_off(tmp_path):
    project = write_project(
        tmp_path, FILES, "site_name: T\naudit:\n  checks: {orphan: off, stale: error}\n"
    )
    result = run_audit(load_project(project), now=DAY)
    assert found(result, "orphan") == [] and [s for s, *_ in found(result, "stale")] == ["error"]


def test_an_unknown_check_in_the_config_is_named_with_a_suggestion(tmp_path):
    project = write_project(tmp_path, FILES, "site_name: T\naudit:\n  ignore: {stal: [notes/*]}\n")
    with pytest.raises(ConfigError) as caught:
        load_project(project)
    assert str(caught.value).startswith(
        "helpgen.yml:3: config: 'audit.ignore': unknown check 'stal' "
        "(did you mean 'stale'? checks: front-matter, variables, content, stale,"
    )
