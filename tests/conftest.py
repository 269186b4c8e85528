"""Fixtures over tests/helpers.py: make_site, run_cli, build_site."""

from __future__ import annotations

import pytest

from tests.helpers import build_project, run_helpgen, write_project


@pytest.fixture
def make_site():
    """Factory: make_site(tmp_path, files, config=None) -> the project folder (tmp_path).

    Writes helpgen.yml (site_name: Test Help, site_url: https://help.example.com/, merged
    with `config` when it is a dict, `config` verbatim when it is a str) and every file of
    `files` under content/.
    """
    return write_project


@pytest.fixture
def run_cli():
    """run_cli(*args, cwd=None, env=None) -> (exit code, stdout, stderr) of `python -m helpgen`."""
    return run_helpgen


@pytest.fixture
def build_site():
    """build_site(project, **build_kwargs) -> helpgen's BuildResult, built in-process."""
    return build_project
