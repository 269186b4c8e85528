"""`helpgen init`: copy the starter project (helpgen/scaffold/template) into a new folder."""

from __future__ import annotations

from pathlib import Path

from helpgen.errors import ConfigError

TEMPLATE = Path(__file__).resolve().parent / "template"


def scaffold(directory: Path, site_name: str) -> list[Path]:
    """Write the starter files into `directory`; refuse to overwrite an existing project."""
    if (directory / "helpgen.yml").exists():
        raise ConfigError(
            f"{directory}: there is a helpgen.yml here already; nothing was changed "
            "(hint: choose an empty folder)"
        )
    if directory.exists() and not directory.is_dir():
        raise ConfigError(f"{directory}: exists and is not a folder")
    written = []
    for source in sorted(TEMPLATE.rglob("*")):
        if source.is_dir():
            continue
        target = directory / source.relative_to(TEMPLATE)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if source.name == "helpgen.yml":
            text = text.replace("__SITE_NAME__", site_name.replace('"', "'"))
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
