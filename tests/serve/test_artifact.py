"""`helpgen serve --no-build`: a replica serves the output folder CI built, without the sources,
and refuses (one line, exit 2) an output it cannot serve."""

from __future__ import annotations

import json
import shutil

import pytest

from helpgen import __version__
from helpgen.exports.artifact import BUILD_RECORD
from tests.helpers import run_helpgen
from tests.serve.support import ARTICLES, Server, count_rows, make_project


@pytest.fixture
def artifact(tmp_path):
    """A project built once (as CI would), whose content folder is then removed."""
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    code, _, err = run_helpgen("build", project)
    assert code == 0, err
    shutil.rmtree(project / "content")
    return project


def test_the_build_records_its_version_and_articles(artifact):
    record = json.loads((artifact / "site" / BUILD_RECORD).read_text(encoding="utf-8"))
    assert record["version"] == __version__ and record["generator"] == "helpgen"
    assert sorted(a["id"] for a in record["articles"]) == sorted(name[:-3] for name in ARTICLES)


def test_serves_pages_search_and_votes_without_the_content_folder(artifact):
    with Server(artifact, args=("--no-build",)).running() as server:
        status, _, body = server.request("GET", "/returns/refunds/")
        assert status == 200 and b"Refund timing" in body
        status, _, body = server.request("GET", "/api/search?q=refund")
        assert status == 200 and json.loads(body)["results"][0]["id"] == "returns/refunds"
        status, _, _ = server.vote({"article": "/returns/refunds/", "helpful": True})
        assert status == 201
        status, _, _ = server.vote({"article": "returns/nope", "helpful": True})
        assert status == 404  # an article the build did not make
    assert count_rows(artifact) == 1
    assert not (artifact / "content").exists()  # nothing was built
    code, out, err = run_helpgen(
        "stats", artifact, "--json"
    )  # on the replica: names from the build record
    assert code == 0, err
    row = next(a for a in json.loads(out)["articles"] if a["id"] == "returns/refunds")
    assert (row["title"], row["yes"]) == ("Refund timing", 1)


def test_no_build_never_writes_the_site(artifact):
    site = artifact / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    with Server(artifact, args=("--no-build",)).running():
        pass
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before


def _refused(project) -> str:
    code, out, err = run_helpgen("serve", project, "--no-build", "--port", "1")
    assert code == 2, (code, out, err)
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("serving ")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_refuses_an_output_with_no_site(tmp_path):
    project = make_project(tmp_path / "project")
    assert "no built site" in _refused(project)


def test_refuses_an_output_without_a_build_record(artifact):
    (artifact / "site" / BUILD_RECORD).unlink()
    assert "_helpgen/build.json is missing" in _refused(artifact)


def test_refuses_an_output_of_another_format(artifact):
    path = artifact / "site" / BUILD_RECORD
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**record, "format": 999, "version": "9.0.0"}), encoding="utf-8")
    line = _refused(artifact)
    assert "helpgen 9.0.0" in line and "cannot serve" in line


def test_refuses_an_output_with_no_index(artifact):
    shutil.rmtree(artifact / "site.index")
    assert "no search index" in _refused(artifact)


def test_refuses_an_index_of_another_analysis_chain(artifact):
    path = artifact / "site.index" / "helpgen-search.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**meta, "chain": "0" * 16}), encoding="utf-8")
    assert "cannot read" in _refused(artifact)


def test_refuses_an_internal_build(tmp_path):
    project = make_project(tmp_path / "project")
    code, _, err = run_helpgen("build", project, "--audience", "internal")
    assert code == 0, err
    assert "agent-only" in _refused(project)


def test_workers_serve_from_the_build_record(artifact):
    with Server(artifact, args=("--no-build", "--workers", "2")).running() as server:
        for _ in range(4):  # both workers, whichever takes the connection
            status, _, _ = server.vote({"article": "shipping", "helpful": False})
            assert status == 201
    assert count_rows(artifact) == 4
