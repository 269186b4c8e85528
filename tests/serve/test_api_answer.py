"""GET /api/answer on a real server: an answer with its deep link, a decline, bad params."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from tests.serve.support import Server, make_project

FILES = {
    "returns/refunds.md": "# Refund timing\n\nRefunds reach your card within 5 days. "
    "We email you when it is issued.\n\n## Store credit\n\n"
    "Store credit arrives <b>instantly</b> as a gift card.\n",
    "returns/agents.md": "---\ntitle: Zebracorn macros\naudience: internal\n---\n"
    "Zebracorn override codes are issued by tier two only.\n",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("answer") / "project", files=FILES)
    with Server(project).running() as running:
        yield running


def _get(server, query: str):
    status, _, data = server.request("GET", "/api/answer?" + query)
    return status, json.loads(data)


def test_a_question_gets_a_quoted_answer_with_a_deep_link(server):
    status, body = _get(server, "q=" + quote("when is store credit instantly available"))
    assert status == 200, body
    found = body["answer"]
    assert found["text"] == "Store credit arrives <b>instantly</b> as a gift card."
    assert "&lt;b&gt;<mark>instantly</mark>&lt;/b&gt;" in found["html"]
    assert found["section"]["url"].endswith("/returns/refunds/#store-credit")
    assert set(found["article"]) == {"id", "title", "url", "source"}
    assert 0 <= found["confidence"] <= 1
    assert body["results"] and body["results"][0]["url"] == found["article"]["url"]


def test_out_of_scope_is_declined_with_results_still_listed(server):
    status, body = _get(server, "q=" + quote("recipe for banana bread"))
    assert status == 200 and body["answer"] is None and isinstance(body["results"], list)


def test_internal_articles_never_answer(server):
    status, body = _get(server, "q=" + quote("zebracorn override codes"))
    assert status == 200 and body["answer"] is None


@pytest.mark.parametrize("query", ["", "q=", "q=%20", "q=" + "a" * 1001, "q=%00%ff&lang=%ff"])
def test_bad_params_are_400_not_500(server, query):
    status, body = _get(server, query)
    assert status in (200, 400) and "error" in body or "answer" in body
    if query in ("", "q=", "q=%20", "q=" + "a" * 1001):
        assert status == 400


def test_the_answer_matches_its_openapi_schema(server):
    import jsonschema

    status, _, data = server.request("GET", "/api/openapi.json")
    doc = json.loads(data)
    schema = {
        **doc["components"]["schemas"]["AnswerResults"],
        "$defs": doc["components"]["schemas"],
    }
    schema = json.loads(json.dumps(schema).replace("#/components/schemas/", "#/$defs/"))
    for question in ("when is store credit instantly available", "recipe for banana bread"):
        jsonschema.validate(_get(server, "q=" + quote(question))[1], schema)
