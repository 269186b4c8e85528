"""The demo help center at the repository root (helpgen.yml + content/) builds cleanly."""

from __future__ import annotations

import re

import yaml

from tests.helpers import REPO_ROOT, problem_lines, summary_of


def public_sources() -> list[str]:
    """Markdown files of the demo whose front matter does not say `audience: internal`."""
    found = []
    for path in sorted((REPO_ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}
        if (front or {}).get("audience") != "internal":
            found.append(path.relative_to(REPO_ROOT / "content").as_posix())
    return found


def test_demo_project_builds_with_no_errors(tmp_path, run_cli):
    out = tmp_path / "site"
    # --no-cache: write nothing into the repository (.helpgen/); --out: nor into its site/
    code, _, err = run_cli("build", REPO_ROOT, "--no-cache", "--out", out)
    assert code == 0, err
    assert [line for line in problem_lines(err) if line.startswith("error: ")] == []
    summary = summary_of(err)
    assert summary["errors"] == "0"
    assert int(summary["articles"]) == len(public_sources())
    pages = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")
    }
    config = yaml.safe_load((REPO_ROOT / "helpgen.yml").read_text(encoding="utf-8"))
    names = "|".join(map(re.escape, config["variables"]))
    known = re.compile(r"\{\{\s*(" + names + r")\s*\}\}")
    assert sorted(path for path, text in pages.items() if known.search(text)) == []
    assert [line for line in problem_lines(err) if "unknown variable" in line] == []
    home = pages["index.html"]
    for path in config.get("featured", []):
        assert f'href="/{path}/"' in home, path
