"""docs/ci/*.yml are valid workflows, and every `helpgen ...` they (and the publishing,
production and migration docs) run is a command that exists, with options it accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from helpgen.cli import main
from tests.helpers import REPO_ROOT, run_helpgen

CI = REPO_ROOT / "docs" / "ci"
WORKFLOWS = sorted(CI.glob("*.yml"))
DOCS = [REPO_ROOT / "docs" / name for name in ("publishing.md", "production.md", "migrating.md")]
_SHELL_BLOCK = re.compile(r"```(?:sh|console|bash)\n(.*?)```", re.S)
_GITLAB_KEYWORDS = {
    "stages",
    "default",
    "variables",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
}


def github_scripts(data: dict) -> list[str]:
    assert data.get(True) or data.get("on"), "no `on:` trigger"  # PyYAML reads a bare `on` as True
    scripts = []
    for name, job in data["jobs"].items():
        assert "runs-on" in job and job["steps"], f"job {name}: needs runs-on and steps"
        for step in job["steps"]:
            assert "uses" in step or "run" in step, (
                f"job {name}: a step without uses or run: {step}"
            )
            scripts += [step["run"]] if "run" in step else []
    return scripts


def gitlab_scripts(data: dict) -> list[str]:
    scripts = list(data.get("default", {}).get("before_script", []))
    jobs = {k: v for k, v in data.items() if k not in _GITLAB_KEYWORDS and not k.startswith(".")}
    stages = set(data.get("stages", ["build", "test", "deploy"]))
    for name, job in jobs.items():
        assert job.get("script"), f"job {name}: no script"
        assert job.get("stage", "test") in stages, f"job {name}: unknown stage"
        for key in ("before_script", "script", "after_script"):
            scripts += job.get(key, [])
    return scripts


def helpgen_commands(script: str) -> list[list[str]]:
    """Each `helpgen ...` command line in a shell script, as words (after `&&`, `;` or `|` too)."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words: list[str] = []
        for token in [*lexer, ";"]:
            if token in ("&&", "||", ";", "|", "&"):
                if words and words[0] == "helpgen":
                    commands.append(words[1:])
                words = []
            else:
                words.append(token)
    return commands


def scripts_of(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return github_scripts(data) if "jobs" in data else gitlab_scripts(data)


def all_commands() -> list[tuple[str, list[str]]]:
    found = [
        (p.name, words) for p in WORKFLOWS for s in scripts_of(p) for words in helpgen_commands(s)
    ]
    for doc in DOCS:
        for block in _SHELL_BLOCK.findall(doc.read_text(encoding="utf-8")):
            found += [(doc.name, words) for words in helpgen_commands(block)]
    return found


def resolve(words: list[str]) -> tuple[list[str], click.Command, list[str]]:
    """(command path, the click command, its arguments) for `helpgen WORDS`."""
    command, path, rest = main, [], list(words)
    while isinstance(command, click.Group):
        assert rest and rest[0] in command.commands, (
            f"helpgen {' '.join(path)}: no subcommand {rest[:1]}"
        )
        path.append(rest.pop(0))
        command = command.commands[path[-1]]
    return path, command, rest


def test_there_are_workflows_for_github_and_gitlab():
    assert {p.name for p in WORKFLOWS} >= {"github-pages.yml", "github-server.yml", "gitlab-ci.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_builds_and_audits(path):
    commands = [words for script in scripts_of(path) for words in helpgen_commands(script)]
    assert any(w[:1] == ["build"] and "--strict" in w for w in commands), (
        f"{path.name}: no strict build"
    )
    assert any(w[:1] == ["audit"] for w in commands), f"{path.name}: no audit"


def test_every_helpgen_command_exists_and_parses():
    commands = all_commands()
    assert len(commands) >= 10
    for where, words in commands:
        path, command, rest = resolve(words)
        # the options and arguments as written parse: an unknown option, a missing value, an
        # extra argument or a value outside a choice fails (paths are examples: not looked up)
        ctx = click.Context(command, info_name=" ".join(["helpgen", *path]))
        values, extra, _ = command.make_parser(ctx).parse_args(list(rest))
        assert not extra, f"{where}: helpgen {' '.join(words)}: unexpected {extra}"
        for param in command.params:
            if isinstance(param.type, click.Choice) and values.get(param.name) is not None:
                assert values[param.name] in param.type.choices, (
                    f"{where}: helpgen {' '.join(words)}"
                )
        missing = [p.name for p in command.params if p.required and values.get(p.name) is None]
        assert not missing, f"{where}: helpgen {' '.join(words)}: missing {missing}"


def test_every_command_answers_help():
    for path in sorted({tuple(resolve(words)[0]) for _, words in all_commands()}):
        code, out, err = run_helpgen(*path, "--help")
        assert code == 0 and "Usage: " in out, f"helpgen {' '.join(path)} --help: {err}"
