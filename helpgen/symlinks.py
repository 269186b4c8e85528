"""Symbolic links: what may be read (or written) through them.

The one rule, used by content loading, the theme, the config's files, the importers, the
FAQ writer and watch mode: a file is read only when its real path (every link resolved,
links to folders and links in the middle of a path included) lies inside the folder it
belongs to (`content_dir`, `theme_dir`, the project), and not in a part of that folder
that is never published (`hidden`, e.g. `.helpgen/`). Otherwise `ln -s /etc/passwd
content/leak.md` would publish the password file, and a link to `.helpgen/cache.sqlite`
the internal articles. Links that stay inside keep working.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpgen.errors import Problem, Severity

Hidden = Callable[[str], bool]
"""Whether a file or folder name is never published (so a link into it leads out too)."""
HINT = "copy the file into the project instead"
WRITE_HINT = "remove the link: helpgen writes only inside the project"


@dataclass(frozen=True)
class Escape:
    """A path that leads out of its folder through a symbolic link."""

    link: Path
    """The path as found under the folder: `content/orders/leak.md`."""
    target: Path
    """Its real path: `/etc/passwd`."""
    root: Path
    """The folder it had to stay in: `content`."""

    def problem(
        self,
        display: Callable[[Path], str] = str,
        writing: bool = False,
        severity: Severity = "warning",
    ) -> Problem:
        """What to tell about it, the paths shown by `display` (e.g. `Project.display`):
        the file was skipped, or (`writing`) nothing was written through the link."""
        where = f"symbolic link to {display(self.target)}, outside {display(self.root)}/"
        done, hint = ("not written", WRITE_HINT) if writing else ("skipped", HINT)
        return Problem(
            display(self.link),
            None,
            f"{where}; {done}",
            hint=hint,
            severity=severity,
            code="symlink",
        )


def escape(path: Path, root: Path, hidden: Hidden | None = None) -> Escape | None:
    """How `path` leads out of `root` (its real path outside root's, or in a part that `hidden`
    names), or None when it stays inside. `path` need not exist: a link is followed all the
    same, so that nothing is written through one either."""
    real_root = _real(root)
    target = _real(path)
    try:
        parts = target.relative_to(real_root).parts
    except ValueError:
        return Escape(path, target, root)
    if hidden and any(hidden(part) for part in parts):
        return Escape(path, target, root)
    return None


def inside(path: Path, root: Path, hidden: Hidden | None = None) -> bool:
    """Whether `path`, links followed, stays in `root` (see `escape`)."""
    return escape(path, root, hidden) is None


def walk(root: Path, hidden: Hidden | None = None) -> tuple[list[Path], list[Escape]]:
    """Every file under `root` that may be read, in path order, and the links that lead out.

    Names `hidden` rejects are left out; a linked folder that stays inside is walked like
    any other (once per path, loops cut), one that leads out is a single Escape.
    """
    files: list[Path] = []
    escapes: list[Escape] = []
    real_root = _real(root)
    _walk(root, root, real_root, hidden, frozenset({real_root}), files, escapes)
    return files, escapes


def _walk(
    folder: Path,
    root: Path,
    real_root: Path,
    hidden: Hidden | None,
    stack: frozenset[Path],
    files: list[Path],
    escapes: list[Escape],
) -> None:
    """One folder of `walk`; `stack` holds the real paths of the folders being walked (a link
    back to one of them is a loop, not walked again)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:  # unreadable or vanished meanwhile: nothing to publish from it
        return
    for entry in entries:
        if hidden and hidden(entry.name):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            out = escape(path, real_root, hidden)
            if out is not None:
                escapes.append(Escape(path, out.target, root))
                continue
        kind = _kind(entry)
        if kind == "dir":
            real = _real(path)
            if real not in stack:
                _walk(path, root, real_root, hidden, stack | {real}, files, escapes)
        elif kind == "file":
            files.append(path)


def _kind(entry: os.DirEntry) -> str | None:
    """The entry's kind: "dir", "file" or None (anything else, or a loop of links)."""
    try:
        return "dir" if entry.is_dir() else "file" if entry.is_file() else None
    except OSError:  # ELOOP and the like: unreadable, as Path.is_file() would say
        return None


def _real(path: Path) -> Path:
    """The real path, links resolved. os.path.realpath, not Path.resolve: on a loop of links
    (`a.md -> a.md`) Python 3.11's resolve raises, realpath stops, and the file is unreadable."""
    return Path(os.path.realpath(path))
