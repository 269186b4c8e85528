"""helpgen.search answer(): the passage of the demo content that answers a question, or None."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpgen.search import index_dir_for, open_index

ROOT = Path(__file__).resolve().parents[2]
IN_SCOPE = [
    "when will I get my refund",
    "can I return a gift",
    "do you ship to Canada",
    "how do I change my password",
]
OUT_OF_SCOPE = [
    "how do I bake sourdough bread",
    "who won the world cup in 2018",
    "where is my Amazon order from another shop",
    "what is the capital of Peru",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo help center, built once (public audience) with the CLI."""
    from tests.helpers import run_helpgen

    out = tmp_path_factory.mktemp("demo") / "site"
    code, _, err = run_helpgen("build", "--out", str(out), str(ROOT))
    assert code == 0, err
    return out, open_index(index_dir_for(out))


def _copy(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html.md").read_text(encoding="utf-8")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("question", IN_SCOPE)
def test_in_scope_questions_are_answered_with_a_quotation(demo, question):
    site, index = demo
    found = index.answer(question)
    assert found is not None, question
    assert 0 <= found.confidence <= 1
    assert _squash(found.text) in _squash(_copy(site, found.article["url"]))
    assert set(found.article) == {"id", "title", "url", "source"}


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_are_declined(demo, question):
    assert demo[1].answer(question) is None


def test_answers_are_whole_sentences_or_whole_blocks(demo):
    site, index = demo
    for question in IN_SCOPE:
        text = index.answer(question).text
        if not re.match(r"\s*(?:[-*+]\s|\d+[.)]\s|\||!!!|\?\?\?)", text):
            assert text[0].isupper() or text[0] in "*\"'([", text
            assert re.search(r"[.!?:][\"')\]*]*$", text), text


def test_deep_links_point_at_ids_the_page_has(demo):
    site, index = demo
    found = index.answer("refund to paypal")
    assert found is not None and "#" in found.url
    page, anchor = found.url.split("#")
    html = (site / page.strip("/") / "index.html").read_text(encoding="utf-8")
    assert f'id="{anchor}"' in html


def test_an_faq_answer_links_its_question_once(demo):
    found = demo[1].answer("do you ship internationally")  # an FAQ hit's url already has its #
    assert found is not None and found.url.count("#") == 1, found.url


def test_internal_articles_never_answer_publicly(demo):
    found = demo[1].answer("goodwill refund approval limit for a tier 1 agent")
    assert found is None or "agent" not in found.article["url"]


def test_the_lazy_export_answers(demo):
    from helpgen.search import answer

    assert answer("can I return a gift", index_dir=index_dir_for(demo[0])) is not None


def test_cli_answers_and_declines(tmp_path, make_site, run_cli):
    project = make_site(
        tmp_path,
        {
            "returns/refunds.md": "# Refund timing\n\nRefunds reach your card "
            "within 5 days. We email you when it is issued.\n"
        },
    )
    assert run_cli("build", str(project))[0] == 0
    code, out, err = run_cli("answer", "when do refunds reach my card", str(project), "--json")
    assert code == 0, err
    import json

    body = json.loads(out)
    assert body["answer"]["text"].startswith("Refunds reach your card within 5 days.")
    code, out, _ = run_cli("answer", "banana bread recipe", str(project))
    assert code == 0 and "no confident answer" in out
    assert run_cli("answer", "x" * 1001, str(project))[0] == 2
