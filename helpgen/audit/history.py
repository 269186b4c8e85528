"""When each source last changed in git: the date `stale` uses for articles without `updated`.

One `git log` over content_dir for the whole site; outside a git work tree, or without
git installed, there are no dates and those articles are only counted in a note.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

GIT_TIMEOUT = 60


def last_commits(content_dir: Path) -> dict[str, dt.date]:
    """Source path under content_dir -> the date of the last commit that changed it."""
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "-C",
        str(content_dir),
        "log",
        "--format=%x00%cs",
        "--name-only",
        "--relative",
        "--",
        ".",
    ]
    try:
        out = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=GIT_TIMEOUT,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    for commit in out.split("\0")[
        1:
    ]:  # newest first: the first date seen for a path is its last change
        day, _, names = commit.partition("\n")
        try:
            date = dt.date.fromisoformat(day.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            if name.strip():
                dates.setdefault(name.strip(), date)
    return dates
