"""Where the files that ship with helpgen live: themes/ and faq_templates/.

In a wheel they sit inside the package (helpgen/themes); in a source checkout or an
editable install they sit at the repository root beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The folder `name` ("themes", "faq_templates") that ships with this helpgen."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def default_theme() -> Path:
    return shipped("themes") / "default"
