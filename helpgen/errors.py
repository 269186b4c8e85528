"""Problems found in a project, reported to people as `path:line:col: message (hint: ...)`.

Every stage collects problems into a `Report` instead of raising on the first one, so an
author sees all of them in one run (collect, print all, fail once).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an author must look at."""

    path: str
    """Where it is, relative to the project (or the config file name)."""
    line: int | None
    """1-based line, when known."""
    message: str
    column: int | None = None
    hint: str | None = None
    severity: Severity = "error"
    code: str = ""
    """Short identifier of the kind of problem, used to fold repeats (e.g. `unknown-variable`)."""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class HelpgenError(Exception):
    """Input that stops a command; carries the problems to print. Never a traceback."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = Problem(path="", line=None, message=problems)
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ConfigError(HelpgenError):
    """The project cannot be loaded: bad config, missing content dir (exit code 2)."""

    exit_code = 2


@dataclass
class Report:
    """Problems collected during one run, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def error(self, path: str, line: int | None, message: str, **kw) -> None:
        self.add(Problem(path, line, message, severity="error", **kw))

    def warning(self, path: str, line: int | None, message: str, **kw) -> None:
        self.add(Problem(path, line, message, severity="warning", **kw))

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def failed(self, strict: bool) -> bool:
        """Whether the run should exit non-zero: errors, or any warning under --strict."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        """Problems in a stable order: by file, then line, so output is deterministic."""
        return sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.column or 0, p.message))


def fold(problems: list[Problem], limit: int = 10) -> tuple[list[Problem], Counter]:
    """Keep at most `limit` warnings of each code, and every error (an error of a code that also
    warns, such as a misspelt variable among unknown ones, must not hide in a fold); return
    them and how many were folded per code."""
    seen: Counter = Counter()
    kept: list[Problem] = []
    folded: Counter = Counter()
    for p in problems:
        seen[p.code] += p.severity == "warning"
        if p.code and p.severity == "warning" and seen[p.code] > limit:
            folded[p.code] += 1
        else:
            kept.append(p)
    return kept, folded
