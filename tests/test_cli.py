"""The `helpgen` command: init, build, exit codes and usage errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpgen import __version__
from tests.helpers import cli_env, problem_lines, read_page, summary_of


def test_version_and_help(run_cli):
    assert run_cli("--version") == (0, f"helpgen, version {__version__}\n", "")
    code, out, _ = run_cli("--help")
    assert code == 0
    assert out.startswith(
        "Usage: python -m helpgen [OPTIONS] COMMAND [ARGS]...\n\n"
        "  Build a help center from a folder of markdown articles."
    )
    assert re.search(r"^  build\s+Build the help center in PROJECT", out, re.M)
    assert re.search(r"^  init\s+Create a new help center in DIRECTORY", out, re.M)


def test_the_helpgen_script_is_the_same_command():
    script = Path(sys.executable).parent / "helpgen"
    if not script.is_file():
        pytest.skip(f"no helpgen script beside {sys.executable}")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, env=cli_env())
    assert (proc.returncode, proc.stdout) == (0, f"helpgen, version {__version__}\n")


def test_usage_errors_exit_2(run_cli, tmp_path):
    code, _, err = run_cli("build", tmp_path, "--bogus")
    assert code == 2
    assert (
        err.splitlines()[-1]
        == "Error: No such option '--bogus'. (Did you mean one of: '--out', '--verbose'?)"
    )
    code, _, err = run_cli("frobnicate")
    assert code == 2 and err.splitlines()[-1] == "Error: No such command 'frobnicate'."
    code, _, err = run_cli("build", tmp_path, "--audience", "everyone")
    assert code == 2
    assert (
        err.splitlines()[-1]
        == "Error: Invalid value for '--audience': 'everyone' is not one of 'public', 'internal'."
    )
    assert "Traceback" not in err


def test_init_then_build(tmp_path, run_cli):
    project = tmp_path / "helpdesk"
    code, _, err = run_cli("init", project, "--name", 'Acme "Outdoor" Help')
    assert code == 0
    assert err == f"created 6 files in {project}; next: helpgen build {project}\n"
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        "content/orders/_category.yml",
        "content/orders/change-an-order.md",
        "content/orders/track-your-order.md",
        "content/returns/_category.yml",
        "content/returns/return-an-item.md",
        "helpgen.yml",
    ]
    assert "site_name: \"Acme 'Outdoor' Help\"" in (project / "helpgen.yml").read_text(
        encoding="utf-8"
    )
    code, _, err = run_cli("build", project, "--strict")
    assert code == 0, err
    assert problem_lines(err) == []
    summary = summary_of(err)
    assert (summary["articles"], summary["categories"], summary["errors"], summary["warnings"]) == (
        "3",
        "2",
        "0",
        "0",
    )
    site = project / "site"
    assert "<title>Acme &#39;Outdoor&#39; Help</title>" in read_page(site, "index.html")
    for page in (
        "orders/track-your-order/index.html",
        "orders/change-an-order/index.html",
        "returns/return-an-item/index.html",
        "orders/index.html",
        "returns/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ):
        assert (site / page).is_file(), page
    assert "{{" not in read_page(site, "returns/return-an-item/index.html")


def test_init_refuses_an_existing_project(tmp_path, run_cli, make_site):
    make_site(tmp_path, {"a.md": "Mine."})
    before = (tmp_path / "helpgen.yml").read_bytes()
    code, _, err = run_cli("init", tmp_path)
    assert code == 2
    assert problem_lines(err) == [
        f"error: {tmp_path}: there is a helpgen.yml here already; nothing was changed "
        "(hint: choose an empty folder)"
    ]
    assert (tmp_path / "helpgen.yml").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["a.md"]


def test_init_refuses_a_file(tmp_path, run_cli):
    target = tmp_path / "notes.txt"
    target.write_text("x", encoding="utf-8")
    code, _, err = run_cli("init", target)
    assert (code, problem_lines(err)) == (2, [f"error: {target}: exists and is not a folder"])


def test_init_keeps_files_already_in_the_folder(tmp_path, run_cli):
    (tmp_path / "content" / "orders").mkdir(parents=True)
    (tmp_path / "content" / "orders" / "track-your-order.md").write_text(
        "# Mine\n", encoding="utf-8"
    )
    code, _, err = run_cli("init", tmp_path)
    assert code == 0
    assert err == f"created 5 files in {tmp_path}; next: helpgen build {tmp_path}\n"
    assert (tmp_path / "content" / "orders" / "track-your-order.md").read_text(
        encoding="utf-8"
    ) == "# Mine\n"


def test_debug_shows_the_traceback(tmp_path, run_cli):
    code, _, err = run_cli("--debug", "build", tmp_path / "missing")
    assert code == 1
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1] == (
        f"helpgen.errors.ConfigError: {tmp_path / 'missing'}: no such project directory "
        f"(hint: run `helpgen init {tmp_path / 'missing'}` to create one)"
    )
