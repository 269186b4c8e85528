"""Built sites shared by the export tests: the demo store and the SendGrid corpus, each built
once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from helpgen.builder import build
from helpgen.config import load_project
from tests.helpers import REPO_ROOT

CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "sendgrid-docs" / "content"


@dataclass
class Built:
    project: object
    site: Path
    result: object

    @property
    def site_url(self) -> str | None:
        return self.project.config.site_url


def _build(project_dir: Path, out: Path) -> Built:
    project = load_project(project_dir)
    result = build(project, out=out, use_cache=False)
    assert result.written, [str(p) for p in result.report.sorted()]
    return Built(project, out, result)


@pytest.fixture(scope="session")
def demo_built(tmp_path_factory) -> Built:
    """The repository's own demo help center (helpgen.yml at the root)."""
    return _build(REPO_ROOT, tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="session")
def corpus_built(tmp_path_factory) -> Built:
    """The shared SendGrid corpus (473 articles); skipped when ../shared is not there."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is missing")
    root = tmp_path_factory.mktemp("corpus")
    (root / "helpgen.yml").write_text(
        "site_name: SendGrid Docs\nsite_url: https://docs.example.com/\ndescription: Twilio "
        "SendGrid documentation.\n"
        f'content_dir: {CORPUS}\nvariables: {{root_url: ""}}\n',
        encoding="utf-8",
    )
    return _build(root, root / "site")


@pytest.fixture(params=["demo", "corpus"])
def any_built(request) -> Built:
    """Each of the two real sites in turn."""
    return request.getfixturevalue(f"{request.param}_built")
