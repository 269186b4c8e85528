"""Fixtures over tests/helpers.py: make_site, run_cli, build_site."""

from __future__ import annotations

import os

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


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (never a browser Playwright downloads). Missing in CI is
    a failure (.ci/run installs it); elsewhere the browser tests are skipped with a reason."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                f"no Chromium at {CHROMIUM}: .ci/run should have installed Debian's chromium"
            )
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster (tests/postgres.py), stopped at the end of the session."""
    from tests.postgres import Cluster, binaries

    bin_dir = binaries()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail(
                "no PostgreSQL binaries in /usr/lib/postgresql/*/bin: "
                ".ci/run should have installed them"
            )
        pytest.skip(
            "no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        )
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request):
    """Each store test twice: None (the project's default SQLite file), then a new PostgreSQL
    database."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres").new_database()
