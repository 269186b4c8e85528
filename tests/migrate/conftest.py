"""Fixtures for the importer tests: copies of the fixture projects, so an import may write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ZENDESK_EXPORT = FIXTURES / "zendesk-export.json"


@pytest.fixture
def mkdocs_project(tmp_path) -> Path:
    """A copy of fixtures/mkdocs-shop (Material-style mkdocs.yml, nav, admonitions); its folder."""
    target = tmp_path / "mkdocs-shop"
    shutil.copytree(FIXTURES / "mkdocs-shop", target)
    return target
