"""`helpgen audit` as CI runs it: exit codes under --fail-on, the JSON schema, the reports'
files."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import jsonschema
import pytest

from helpgen.audit.json_report import SCHEMA
from tests.helpers import write_project

NOW = ("--now", "2026-03-01")
CLEAN = {
    "a.md": "---\ntitle: Start a return\ndescription: How to send an item back and when the refund "
    "reaches "
    "your account.\nupdated: 2026-02-01\n---\n\nSee [shipping](b.md).\n",
    "b.md": "---\ntitle: Shipping times\ndescription: When your order leaves our warehouse and how "
    "long "
    "carriers take to deliver it.\nupdated: 2026-02-01\n---\n\nSee [returns](a.md).\n",
}
WARNING_ONLY = {
    **CLEAN,
    "a.md": CLEAN["a.md"].replace("updated: 2026-02-01", "updated: 2020-01-01"),
}
ERROR = {**CLEAN, "b.md": CLEAN["b.md"].replace("(a.md)", "(missing.md)")}
INFO_ONLY = {**CLEAN, "a.md": CLEAN["a.md"].replace("See [shipping](b.md).", "Nothing linked.")}


@pytest.mark.parametrize(
    "files, fail_on, code",
    [
        (CLEAN, "error", 0),
        (CLEAN, "warning", 0),
        (INFO_ONLY, "warning", 0),
        (WARNING_ONLY, "error", 0),
        (WARNING_ONLY, "warning", 1),
        (ERROR, "error", 1),
        (ERROR, "warning", 1),
    ],
)
def test_fail_on_sets_the_exit_code(tmp_path, run_cli, files, fail_on, code):
    project = write_project(tmp_path, files)
    got, out, err = run_cli("audit", project, *NOW, "--fail-on", fail_on, "--json")
    assert got == code, out + err
    assert json.loads(out)["failed"] is bool(code)


def test_the_default_fails_on_errors_only(tmp_path, run_cli):
    assert run_cli("audit", write_project(tmp_path / "w", WARNING_ONLY), *NOW)[0] == 0
    assert run_cli("audit", write_project(tmp_path / "e", ERROR), *NOW)[0] == 1


def test_usage_and_config_errors_exit_2(tmp_path, run_cli):
    project = write_project(tmp_path, CLEAN)
    code, _, err = run_cli("audit", project, "--fail-on", "info")
    assert code == 2
    assert (
        err.splitlines()[-1]
        == "Error: Invalid value for '--fail-on': 'info' is not one of 'warning', 'error'."
    )
    bad = write_project(
        tmp_path / "bad", CLEAN, {"audit": {"checks": {"orphans": "off"}, "stale_months": -1}}
    )
    code, _, err = run_cli("audit", bad)
    assert code == 2 and "Traceback" not in err
    assert err.startswith("error: helpgen.yml:")
    assert "audit.stale_months" in err and "orphans" in err
    code, _, err = run_cli("audit", tmp_path / "nowhere")
    assert code == 2 and "no such project directory" in err


def test_json_follows_the_schema_and_lists_every_finding(tmp_path, run_cli):
    project = write_project(tmp_path, ERROR)
    code, out, err = run_cli("audit", project, *NOW, "--json")
    report = json.loads(out)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert {
        k: report[k]
        for k in ("version", "site_name", "date", "audience", "articles", "fail_on", "failed")
    } == {
        "version": 1,
        "site_name": "Test Help",
        "date": "2026-03-01",
        "audience": "public",
        "articles": 2,
        "fail_on": "error",
        "failed": True,
    }
    assert report["counts"] == {"error": 1, "warning": 0, "info": 1}
    assert report["checks"] == {"broken-link": 1, "orphan": 1}
    assert report["findings"][0] == {
        "check": "broken-link",
        "severity": "error",
        "file": "content/b.md",
        "line": 7,
        "message": "broken link 'missing.md': no such article or file in the content folder",
        "hint": "fix the path (links to articles may use their .md file path)",
    }
    assert err.startswith("2 articles audited as on 2026-03-01: 1 error, 0 warnings, 1 info (")


def test_the_same_project_gives_the_same_json(tmp_path, run_cli):
    project = write_project(tmp_path, ERROR)
    assert (
        run_cli("audit", project, *NOW, "--json")[1]
        == run_cli("audit", project, *NOW, "--json", "--no-cache")[1]
    )


def test_piped_output_is_one_line_per_finding(tmp_path, run_cli):
    code, out, _ = run_cli("audit", write_project(tmp_path, ERROR), *NOW)
    assert out.splitlines() == [
        "error: [broken-link] content/b.md:7: broken link 'missing.md': no such article or file in "
        "the content "
        "folder (hint: fix the path (links to articles may use their .md file path))",
        "info: [orphan] content/a.md:1: no other article links here and the home page does not "
        "feature it "
        "(hint: link to it from the articles a reader sees before needing it, or add it to "
        "`featured`)",
        "note: no feedback store at .helpgen/feedback.sqlite yet (`helpgen serve` writes it): "
        "helpfulness and "
        "searches were not checked",
        out.splitlines()[-1],
    ]
    assert out.splitlines()[-1].startswith(
        "2 articles audited as on 2026-03-01: 1 error, 0 warnings, 1 info ("
    )


class _Outline(HTMLParser):
    """Headings, table cells and any element that would load something, from the report page."""

    def __init__(self):
        super().__init__()
        self.headings, self.cells, self.loads, self._in = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "td"):
            self._in, self._text = tag, []
        if tag in ("script", "img", "iframe") or (
            tag == "link" and attrs.get("rel") == "stylesheet"
        ):
            self.loads.append(tag)

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            (self.cells if tag == "td" else self.headings).append(text)
            self._in = None


def test_the_html_report_groups_findings_and_escapes_what_articles_say(tmp_path, run_cli):
    title = '---\ntitle: "<script>alert(1)</script> & more"\n---\n\n'
    files = {**ERROR, "x.md": title + "[x](<b>.md)\n", "y.md": title + "Text.\n"}
    project = write_project(tmp_path, files)
    report = tmp_path / "audit.html"
    code, out, _ = run_cli("audit", project, *NOW, "--html", report, "--json")
    assert code == 1 and json.loads(out)["counts"] == {"error": 2, "warning": 4, "info": 3}
    page = report.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    outline = _Outline()
    outline.feed(page)
    assert outline.loads == []
    assert outline.headings[:3] == ["Help center audit: Test Help", "Summary", "Not checked"]
    assert outline.headings[3:] == [
        "Errors (2)",
        "Broken links broken-link (2)",
        "Warnings (4)",
        "Missing, too short or too long descriptions description (2)",
        "Articles with the same title duplicate-title (2)",
        "Suggestions (3)",
        "Articles no other page links to orphan (3)",
    ]
    assert (
        "<td>write a <code>description:</code> of 50–160 characters" in page
    )  # `keys` in hints read as code
    assert outline.cells[:3] == [
        "content/b.md:7",
        "broken link 'missing.md': no such article or file in the content folder",
        "fix the path (links to articles may use their .md file path)",
    ]


def test_an_html_file_that_cannot_be_written_is_a_usage_error(tmp_path, run_cli):
    code, _, err = run_cli(
        "audit", write_project(tmp_path, CLEAN), "--html", tmp_path / "no" / "dir" / "r.html"
    )
    assert code == 2
    assert "--html" in err and "cannot write it: No such file or directory" in err
