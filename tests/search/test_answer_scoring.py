"""How answers.py scores passages: rare words count, generic overlap is declined, a question
for a number prefers a figure, and an edited article is read again."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpgen.search import index_dir_for, open_index
from helpgen.search.answers import THRESHOLD, best_passage, confidence
from helpgen.search.passages import Passage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo help center, built once with the CLI."""
    from tests.helpers import run_helpgen

    out = tmp_path_factory.mktemp("demo") / "site"
    code, _, err = run_helpgen("build", "--out", str(out), str(ROOT))
    assert code == 0, err
    return open_index(index_dir_for(out))


def _best(index, question):
    return best_passage(index, question, index.search(question, 5).results)


@pytest.mark.parametrize(
    "question",
    [
        "where is my order of sourdough starter",
        "how do I get my netflix account back",
        "can I return my order to the post office in Lima",
    ],
)
def test_generic_overlap_alone_is_declined(demo, question):
    best = _best(demo, question)
    # the help center does use some of the words (a passage matched them) ...
    assert best is not None and best.terms, question
    # ... but not the question's distinctive ones, which weigh most
    assert best.confidence < THRESHOLD, (question, best.text, best.confidence)
    assert demo.answer(question) is None


def test_a_rare_word_counts_more_than_a_common_one(demo):
    weights = demo.idf(["order", "paypal"])
    assert weights["paypal"] > weights["order"]


def test_a_question_for_a_number_prefers_a_passage_with_one():
    with_figure = Passage("Refunds take 5 days.", "", "", words=4, has_number=True)
    without = Passage("Refunds take a while.", "", "", words=4, has_number=False)
    assert confidence(1.0, 1.0, with_figure, True) > confidence(1.0, 1.0, without, True)
    assert confidence(1.0, 1.0, with_figure, False) == confidence(1.0, 1.0, without, False)


def test_an_edited_article_is_read_again(tmp_path, make_site, run_cli):
    page = "returns/refunds.md"
    project = make_site(tmp_path, {page: "# Refunds\n\nRefunds reach your card in 5 days.\n"})
    assert run_cli("build", str(project))[0] == 0
    index = open_index(index_dir_for(project / "site"))
    assert "5 days" in index.answer("how long until refunds reach my card").text
    (project / "content" / page).write_text(
        "# Refunds\n\nRefunds reach your card in 9 days.\n", encoding="utf-8"
    )
    assert run_cli("build", str(project))[0] == 0
    index.refresh()
    assert "9 days" in index.answer("how long until refunds reach my card").text
