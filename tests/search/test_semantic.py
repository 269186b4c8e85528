"""Semantic matching: the real model (the `semantic` extra, installed by the test extra) finds
articles in other words than the question's, only where it should, and rebuilds cheaply."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from helpgen.search import index_dir_for, open_index, semantic
from helpgen.search.documents import SearchDoc
from helpgen.search.model_files import PACKAGED_SHA256, packaged_model
from helpgen.search.vectors import VECTORS, read_vectors, write_vectors
from tests.search.conftest import build_fixture

ARTICLES = {
    "contacts/custom-fields.md": "---\ntitle: Custom fields\n---\n"
    "Add fields of your own to contact records, "
    "such as a date of birth or a membership level, and segment your list by them.\n",
    "contacts/import.md": "---\ntitle: Import contacts\n---\n"
    "Upload a CSV file to store each contact in your "
    "list. We store every contact you import for as long as you keep your account.\n",
    "billing/invoices.md": "---\ntitle: Invoices\n---\n"
    "Download the invoice of each payment from Billing.\n",
    "de/versand.md": "---\ntitle: Versand\nlang: de\n---\n"
    "Wir versenden Pakete innerhalb von zwei Tagen.\n",
}
QUESTION = "store a birthday for each contact"


@pytest.fixture(scope="module", params=[True, False], ids=["semantic", "lexical"])
def built(request, tmp_path_factory):
    config = {"languages": ["en", "de"], "search": {"semantic": request.param}}
    return request.param, build_fixture(tmp_path_factory.mktemp("semantic"), ARTICLES, config)


def first(result, query, **kw) -> str | None:
    hits = open_index(index_dir_for(result.out)).search(query, **kw).results
    return hits[0].id if hits else None


def test_the_question_finds_the_article_in_other_words(built):
    on, result = built
    # lexically, "store" and "contact" make the import article the better match
    assert first(result, QUESTION) == ("contacts/custom-fields" if on else "contacts/import")


def test_vectors_are_written_for_the_models_language_only(built):
    on, result = built
    vectors = read_vectors(index_dir_for(result.out))
    if not on:
        assert vectors is None
        return
    assert sorted(o.split("\0")[0] for o in vectors.orders) == [
        "billing/invoices.md",
        "contacts/custom-fields.md",
        "contacts/import.md",
    ]
    assert np.allclose(np.linalg.norm(vectors.matrix, axis=1), 1, atol=1e-2)


def test_as_you_type_a_question_is_matched_by_meaning_too(built):
    on, result = built
    index = open_index(index_dir_for(result.out))
    hits = index.suggest(QUESTION[:-2])  # "…for each conta", still being typed
    assert hits[0].id == ("contacts/custom-fields" if on else "contacts/import")


def test_filters_hold_for_articles_found_by_meaning(built):
    _, result = built
    index = open_index(index_dir_for(result.out))
    assert {h.category for h in index.search(QUESTION, category="billing").results} <= {"billing"}
    assert [h.id for h in index.search(QUESTION, lang="de").results] == []  # German: lexical only


def test_unknown_words_still_find_nothing(built):
    _, result = built
    assert open_index(index_dir_for(result.out)).search("xqzvw plorbt").results == []


def test_a_damaged_vectors_file_means_lexical_search_and_a_full_embedding(tmp_path):
    result = build_fixture(tmp_path, ARTICLES, {"search": {"semantic": True}})
    folder = index_dir_for(result.out)
    (folder / VECTORS).write_bytes(b"PK\x03\x04 garbage")
    assert read_vectors(folder) is None
    assert first(result, QUESTION) == "contacts/import"  # no vectors: the lexical ranking
    rebuilt = build_fixture(tmp_path, ARTICLES, {"search": {"semantic": True}})
    assert read_vectors(index_dir_for(rebuilt.out)) is not None
    assert first(rebuilt, QUESTION) == "contacts/custom-fields"


def doc(source: str, body: str, lang: str = "en") -> SearchDoc:
    fields = {
        "title": source,
        "keywords": "",
        "headings": "",
        "description": "",
        "category": "",
        "body": body,
    }
    return SearchDoc(
        id=source,
        url=f"/{source}/",
        source=source,
        lang=lang,
        title=source,
        category="",
        category_title="",
        summary="",
        fields=fields,
        text=body,
    )


def vectors_of(folder, cache, docs):
    return write_vectors(folder, folder, cache, docs, packaged_model(), 1)


def test_a_rebuild_embeds_only_the_documents_whose_text_changed(tmp_path):
    docs = [
        doc("a", "Refunds reach your card in five days."),
        doc("b", "Track your parcel with the link."),
        doc("c", "Wir versenden Pakete.", lang="de"),
    ]
    cache = tmp_path / ".helpgen"
    assert vectors_of(tmp_path / "one", cache, docs) == {"documents": 2, "embedded": 2}
    edited = [docs[0], doc("b", "Follow your parcel with the tracking link."), docs[2]]
    assert vectors_of(tmp_path / "two", cache, edited) == {"documents": 2, "embedded": 1}
    before, after = read_vectors(tmp_path / "one"), read_vectors(tmp_path / "two")
    assert np.array_equal(before.matrix[0], after.matrix[0])
    assert not np.array_equal(before.matrix[1], after.matrix[1])
    assert after.model == semantic.model_id(packaged_model()) and after.orders == [
        d.order for d in edited[:2]
    ]
    assert vectors_of(tmp_path / "three", None, edited) == {
        "documents": 2,
        "embedded": 2,
    }  # --no-cache


def test_the_encoder_gives_similar_vectors_to_sentences_that_mean_the_same():
    encoder = semantic.Encoder()
    a, b, c = encoder.encode(
        ["How do I get my money back?", "Requesting a refund", "Changing your password"]
    )
    assert a @ b > a @ c + 0.2
    # a text's vector is its own, whatever it was embedded with: rebuilds rank as fresh builds do
    assert np.array_equal(encoder.query("Requesting a refund"), b)
    assert np.array_equal(encoder.encode(["Requesting a refund"])[0], b)


BLOCKED = "import sys; sys.modules['onnxruntime'] = None; from helpgen.cli import main; main()"


@pytest.mark.parametrize("setting", [True, "auto"])
def test_without_the_extra(tmp_path, setting):
    """`true` without the extra: an error saying what to install; "auto" builds a lexical index."""
    from tests.helpers import write_project

    project = write_project(tmp_path, ARTICLES, {"search": {"semantic": setting}})
    run = subprocess.run(
        [sys.executable, "-c", BLOCKED, "build", str(project)], capture_output=True, text=True
    )
    if setting is True:
        assert run.returncode != 0 and "Traceback" not in run.stderr
        assert "search.semantic is true, but the Python package 'onnxruntime'" in run.stderr
        assert "pip install 'helpgen-help-center[semantic]'" in run.stderr
    else:
        assert run.returncode == 0, run.stderr
        assert not (index_dir_for(project / "site") / VECTORS).exists()


def test_a_damaged_model_cache_is_made_again(tmp_path):
    cache = tmp_path / "cache" / "helpgen"
    cache.mkdir(parents=True)
    made = (
        cache / f"minilm-{PACKAGED_SHA256[:16]}-{semantic.QUANTIZATION}-ort"
        f"{__import__('onnxruntime').__version__}.onnx"
    )
    made.write_bytes(b"not a model")
    script = (
        "from helpgen.search import semantic; print(semantic.Encoder().encode(['refund']).shape)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and run.stdout.strip() == "(1, 384)", run.stderr
    assert made.stat().st_size > 1_000_000  # the good copy took its place


@pytest.mark.parametrize("garbage", [b"{not json", b"", b"\x00" * 64, b"PK\x05\x06" + b"\x00" * 18])
def test_garbage_beside_the_index_means_no_vectors(tmp_path, garbage):
    docs = [doc("a", "Refunds reach your card in five days.")]
    vectors_of(tmp_path, None, docs)
    (tmp_path / VECTORS).write_bytes(garbage)
    assert read_vectors(tmp_path) is None


def test_onnxruntime_reports_nothing_to_microsoft(tmp_path):
    """onnxruntime's own telemetry leaves a device id, an event queue and a TMPDIR file behind
    when on; helpgen turns it off, so only helpgen's own cache is written."""
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TMPDIR": str(tmp_path / "tmp"),
    }
    env.pop("ORT_DISABLE_TELEMETRY", None)
    for name in ("home", "cache", "tmp"):
        (tmp_path / name).mkdir()
    script = (
        "from helpgen.search import semantic; semantic.Encoder().encode(['where is my parcel'])"
    )
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        f"cache/helpgen/minilm-{PACKAGED_SHA256[:16]}-{semantic.QUANTIZATION}-ort"
        f"{__import__('onnxruntime').__version__}.onnx"
    ]


def test_the_build_log_says_how_many_articles_it_embedded(tmp_path):
    from tests.helpers import run_helpgen, write_project

    project = write_project(tmp_path / "on", ARTICLES, {"search": {"semantic": True}})
    code, _, err = run_helpgen("build", project)
    assert code == 0 and "(3 articles embedded for semantic search)" in err, err
    (project / "content" / "billing" / "invoices.md").write_text(
        "---\ntitle: Invoices\n---\nA new text.\n"
    )
    code, _, err = run_helpgen("build", project)
    assert code == 0 and "(1 article embedded for semantic search)" in err, err
    lexical = write_project(tmp_path / "off", ARTICLES, {"search": {"semantic": False}})
    code, _, err = run_helpgen("build", lexical)
    assert code == 0 and "embedded" not in err, err


def test_vectors_do_not_depend_on_how_many_threads_made_them():
    texts = ["How do I get my money back?", "Requesting a refund", "Changing your password"] * 5
    assert np.array_equal(
        semantic.Encoder(threads=1).encode(texts), semantic.Encoder(threads=2).encode(texts)
    )


def test_a_late_embedding_goes_only_into_the_index_of_its_own_build(tmp_path):
    """`helpgen serve`'s builds leave new vectors to a background thread (`Pending`); one that
    finishes after a newer build swapped its index in keeps its vectors for the cache only."""
    from tests.helpers import build_project, write_project

    project = write_project(tmp_path, ARTICLES, {"search": {"semantic": True}})
    index = index_dir_for(project / "site")
    first = build_project(project, defer_vectors=True)
    assert first.written and first.pending_vectors is not None
    assert read_vectors(index) is None and open_index(index).search(QUESTION).mode == "lexical"
    second = build_project(project, defer_vectors=True)  # before the first one's vectors exist
    assert first.pending_vectors.start().wait(300)
    assert first.pending_vectors.embedded == 3
    assert read_vectors(index) is None  # not the first build's folder any more
    third = build_project(
        project, defer_vectors=True
    )  # everything in the cache: nothing left to do
    assert third.pending_vectors is None and len(read_vectors(index).orders) == 3
    assert second.pending_vectors.start().wait(300)
    found = open_index(index).search(QUESTION)
    assert found.mode == "hybrid" and found.results[0].id == "contacts/custom-fields"
