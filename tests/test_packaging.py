"""The release artifacts: `python -m build` makes an sdist and a wheel (from the sdist) under the
distribution's own name; the wheel installs in a fresh virtualenv, with the theme and the FAQ
templates inside it, and builds the demo help center there."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from helpgen import __version__
from tests.helpers import REPO_ROOT, cli_env

DIST_NAME = "helpgen_help_center"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel `python -m build` makes of this checkout."""
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "helpgen"
    # a copy without the work tree's local state (.venv, site/, caches): what a clean clone holds
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in files:
        if (REPO_ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out


def test_the_artifacts_carry_the_distribution_name_and_version(dist):
    assert sorted(p.name for p in dist.iterdir()) == [
        f"{DIST_NAME}-{__version__}-py3-none-any.whl",
        f"{DIST_NAME}-{__version__}.tar.gz",
    ]


def test_the_wheel_ships_the_theme_and_the_faq_templates(dist):
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    assert "helpgen/themes/default/templates/base.html" in names
    assert "helpgen/faq_templates/schema.yml" in names
    metadata = (
        zipfile.ZipFile(next(dist.glob("*.whl")))
        .read(f"{DIST_NAME}-{__version__}.dist-info/METADATA")
        .decode()
    )
    assert "Name: helpgen-help-center" in metadata and f"Version: {__version__}" in metadata


def test_the_sdist_holds_what_a_wheel_is_built_from(dist):
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert {
        "pyproject.toml",
        "helpgen/__init__.py",
        "themes/default/templates/base.html",
        "faq_templates/schema.yml",
        "CHANGELOG.md",
    } <= names


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed in it (and nothing of this checkout)."""
    env_dir = tmp_path_factory.mktemp("installed") / "venv"
    venv.create(env_dir, with_pip=True)
    subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            str(next(dist.glob("*.whl"))),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )
    return env_dir


def demo_project(folder: Path) -> Path:
    """A copy of the demo help center (content and helpgen.yml)."""
    shutil.copytree(REPO_ROOT / "content", folder / "content")
    shutil.copy(REPO_ROOT / "helpgen.yml", folder / "helpgen.yml")
    return folder


def venv_env() -> dict[str, str]:
    """The CLI's environment without PYTHONPATH: the venv's helpgen, not this checkout's."""
    return {k: v for k, v in cli_env().items() if k != "PYTHONPATH"}


def test_the_wheel_installs_in_a_fresh_venv_and_builds_the_demo(installed, tmp_path):
    env_dir = installed
    python = env_dir / "bin" / "python"
    helpgen = env_dir / "bin" / "helpgen"
    env = venv_env()
    version = subprocess.run(
        [str(helpgen), "--version"], capture_output=True, text=True, env=env, timeout=60
    )
    assert version.stdout.strip() == f"helpgen, version {__version__}"
    project = demo_project(tmp_path / "demo")
    faq = subprocess.run(
        [str(helpgen), "faq", "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert faq.returncode == 0 and "shipping" in faq.stdout, faq.stderr
    built = subprocess.run(
        [str(helpgen), "build", str(project)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "_helpgen" / "build.json").read_text(encoding="utf-8").count(
        __version__
    ) == 1
    imported = subprocess.run(
        [str(python), "-c", "import helpgen; print(helpgen.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert imported.stdout.strip().startswith(str(env_dir))


def test_the_installed_wheel_serves_the_demo(installed, tmp_path):
    """What README's first line promises, from the wheel: the demo served, pages and search."""
    import httpx

    from tests.serve.support import free_port, kill_process_group, wait_for

    project = demo_project(tmp_path / "demo")
    env = venv_env()
    port = free_port()
    server = subprocess.Popen(
        [str(installed / "bin" / "helpgen"), "serve", str(project), "--no-watch"]
        + ["--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _answers(f"{base}/readyz"), timeout=300), "never ready"
        home = httpx.get(f"{base}/", follow_redirects=True, timeout=10)
        search = httpx.get(f"{base}/api/search", params={"q": "refund"}, timeout=10)
    finally:
        kill_process_group(server)
    assert home.status_code == 200 and "<html" in home.text
    assert search.status_code == 200 and search.json()["results"]


def _answers(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
