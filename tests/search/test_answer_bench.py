"""Every answer to the bench's questions (bench/answer_questions.yml, about the shared
SendGrid corpus) is a quotation of its article's markdown copy, whitespace aside, and its
deep link lands on an id the page has; whatever the confidence, so declined ones too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from helpgen.search import index_dir_for, open_index
from helpgen.search.answers import CANDIDATES, best_passage

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "sendgrid-docs" / "content"
QUESTIONS = [
    it["q"] for it in yaml.safe_load((ROOT / "bench" / "answer_questions.yml").read_text())
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    from tests.helpers import run_helpgen

    project = tmp_path_factory.mktemp("shared")
    (project / "helpgen.yml").write_text(
        f"site_name: Bench\ncontent_dir: {json.dumps(str(CORPUS))}\noutput_dir: site\n"
        'variables: {root_url: ""}\nsearch: {semantic: false}\n',
        encoding="utf-8",
    )
    code, _, err = run_helpgen("build", str(project))
    assert code == 0, err
    return project / "site", open_index(index_dir_for(project / "site"))


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_bench_has_enough_questions_of_both_kinds():
    items = yaml.safe_load((ROOT / "bench" / "answer_questions.yml").read_text())
    assert sum(1 for it in items if it["answers"]) >= 70
    assert sum(1 for it in items if not it["answers"]) >= 30


def test_every_answer_is_a_quotation_with_a_landing_link(shared):
    site, index = shared
    quoted = 0
    for question in QUESTIONS:
        found = best_passage(index, question, index.search(question, CANDIDATES).results)
        if found is None:
            continue
        page = site / found.article["url"].strip("/")
        copy = (page / "index.html.md").read_text(encoding="utf-8")
        assert _squash(found.text) in _squash(copy), (question, found.text)
        if "#" in found.url:
            anchor = found.url.split("#", 1)[1]
            assert f'id="{anchor}"' in (page / "index.html").read_text(encoding="utf-8")
        quoted += 1
    assert quoted >= len(QUESTIONS) * 0.9
