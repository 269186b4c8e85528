"""What an importer did: the files it wrote and what it could not carry over."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpgen.errors import Problem
from helpgen.symlinks import escape


@dataclass
class ImportResult:
    """Files written (or that would be, on a dry run) and notes for the person migrating."""

    written: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    """What was not mapped or needs a look: warnings naming the source file and line."""

    def note(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.notes.append(
            Problem(path, line, message, hint=hint, severity="warning", code="not-mapped")
        )

    def leads_out(self, path: Path, root: Path) -> bool:
        """Whether `path` leads out of `root` through a symbolic link; if so it is noted, and
        the importer writes nothing there (it would write outside the project)."""
        out = escape(path, root)
        if out is not None:
            self.notes.append(out.problem(writing=True))
        return out is not None
