"""Helpers for the tests: small real projects in tmp_path, the real CLI, in-process builds.

`make_site(tmp_path, {"a.md": "..."})` writes helpgen.yml and the files under content/
(MkDocs' `@tempdir(files=...)`); `run_cli("build", project)` runs `python -m helpgen` in a
subprocess and returns (exit code, stdout, stderr); `build_site(project)` builds in-process
and returns helpgen's BuildResult.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from helpgen.builder import build
from helpgen.config import load_project

DEFAULT_CONFIG = {"site_name": "Test Help", "site_url": "https://help.example.com/"}
REPO_ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(
    r"^(?P<articles>\d+) articles, (?P<categories>\d+) categories, (?P<errors>\d+) errors, "
    r"(?P<warnings>\d+) warnings, \d+\.\d\d s: (?P<outcome>.+)$"
)


SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "sendgrid-docs"
"""473 real articles (the SendGrid docs) with messy front matter and Handlebars examples."""


def copy_shared_corpus(
    root: Path, config: str = "site_name: SendGrid Docs\nsite_url: https://docs.example.com/\n"
) -> Path:
    """A project at `root` with a copy of the shared corpus; `{{ root_url }}` in its links is set to
    ""."""
    shutil.copytree(SHARED_CORPUS / "content", root / "content")
    (root / "helpgen.yml").write_text(config + 'variables: {root_url: ""}\n', encoding="utf-8")
    return root


def write_project(
    root: Path, files: dict[str, str | bytes], config: dict | str | None = None
) -> Path:
    """Write helpgen.yml (defaults merged with `config`, or `config` verbatim if a str) and
    content/."""
    root.mkdir(parents=True, exist_ok=True)
    if isinstance(config, str):
        text = config
    else:
        merged = {**DEFAULT_CONFIG, **(config or {})}
        merged = {k: v for k, v in merged.items() if v is not None}  # None removes a default
        text = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True)
    (root / "helpgen.yml").write_text(text, encoding="utf-8")
    content = root / "content"
    content.mkdir(exist_ok=True)
    for name, data in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def cli_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CI", "SOURCE_DATE_EPOCH")
    }
    env.update(NO_COLOR="1", TERM="dumb", COLUMNS="500", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run_helpgen(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Run `python -m helpgen ARGS`; return (exit code, stdout, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "helpgen", *map(str, args)],
        cwd=cwd,
        env=cli_env(**(env or {})),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    return proc.returncode, proc.stdout, proc.stderr


def problem_lines(stderr: str) -> list[str]:
    """The `error: ...` / `warning: ...` lines of a command's stderr, in order."""
    return [line for line in stderr.splitlines() if line.startswith(("error: ", "warning: "))]


def summary_of(stderr: str) -> re.Match:
    """The build's last summary line, parsed; fails the test when there is none."""
    for line in reversed(stderr.splitlines()):
        m = SUMMARY.match(line)
        if m:
            return m
    raise AssertionError(f"no summary line in:\n{stderr}")


def build_project(project: Path, **kw):
    """Build in-process (cache in project/.helpgen unless use_cache=False); return the
    BuildResult."""
    return build(load_project(project), **kw)


def messages(result, severity: str | None = None) -> list[str]:
    """A BuildResult's problems as the CLI prints them (without the severity prefix), sorted."""
    return [str(p) for p in result.report.sorted() if severity is None or p.severity == severity]


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by POSIX path relative to it."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def prose(html: str) -> str:
    """The article body: the inside of <div class="hg-prose"> in a built page (nested divs
    balanced)."""
    start = html.find('<div class="hg-prose">')
    assert start >= 0, "no hg-prose block in page"
    body_start = start + len('<div class="hg-prose">')
    depth = 1
    for m in re.finditer(r"<div\b|</div\s*>", html[body_start:]):
        depth += 1 if m.group(0).startswith("<div") else -1
        if depth == 0:
            return html[body_start : body_start + m.start()].strip("\n")
    raise AssertionError("hg-prose block is not closed")
