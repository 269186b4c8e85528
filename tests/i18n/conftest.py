"""The repository's demo help center (English and Indonesian), built once for the i18n tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from helpgen.builder import build
from helpgen.config import load_project
from tests.helpers import REPO_ROOT


@dataclass
class Demo:
    project: object
    site: Path
    result: object

    def page(self, path: str) -> str:
        """The HTML of the page at a site path (`id/returns-and-refunds/`)."""
        return (self.site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    project = load_project(REPO_ROOT)
    out = tmp_path_factory.mktemp("i18n-demo") / "site"
    result = build(project, out=out, use_cache=False)
    assert result.written, [str(p) for p in result.report.sorted()]
    return Demo(project, out, result)
