"""Semantic search never delays the pages: a real `helpgen serve` answers pages and lexical
search as soon as the site is written, embeds in the background, then answers "hybrid"."""

from __future__ import annotations

import json
import random
import time

from tests.helpers import write_project

ARTICLE_COUNT = 300
WORDS = (
    "order shipping return refund exchange parcel carrier tracking delivery address payment card "
    "invoice discount coupon gift subscription cancel account password email size warranty store "
    "pickup customs holiday sale stock preorder loyalty points review care battery checkout"
).split()
HYBRID_WITHIN = 300.0
"""Seconds the background embedding may take on a busy 2-core machine (a bound, not a target)."""


def articles(count: int) -> dict[str, str]:
    """`count` articles of a hundred-odd words each, the same every run."""
    rng = random.Random(7)
    files = {}
    for i in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        files[f"topic-{i % 6}/article-{i:03d}.md"] = (
            f"---\ntitle: About {rng.choice(WORDS)} {i}\n---\n{body}.\n"
        )
    return files


def search(server, query: str = "refund card") -> dict:
    status, _, body = server.request("GET", f"/api/search?q={query.replace(' ', '+')}&limit=3")
    assert status == 200, body
    return json.loads(body)


def test_pages_and_lexical_search_come_first_then_the_vectors(tmp_path, start_server):
    project = write_project(
        tmp_path / "project", articles(ARTICLE_COUNT), {"search": {"semantic": True}}
    )
    server = start_server(project)  # returns once the home page answers
    first = search(server)
    assert first["mode"] == "lexical" and first["results"], first
    assert server.request("GET", "/topic-0/article-000/")[0] == 200
    assert f"semantic search: embedding {ARTICLE_COUNT} articles in the background" in server.log()
    deadline = time.monotonic() + HYBRID_WITHIN
    found = first
    while found["mode"] != "hybrid" and time.monotonic() < deadline:
        time.sleep(0.5)
        found = search(server)
    assert found["mode"] == "hybrid", server.log()
    assert (project / ".helpgen" / "embeddings").is_dir()
    server.stop()
    # a restart finds every vector in the cache: hybrid from the first answer, nothing to embed
    again = start_server(project)
    assert search(again)["mode"] == "hybrid"
    assert "in the background" not in again.log()


def test_in_watch_mode_an_added_article_is_found_by_meaning_after_its_rebuild(
    tmp_path, start_server
):
    from tests.search.test_semantic import ARTICLES, QUESTION

    files = {k: v for k, v in ARTICLES.items() if k != "contacts/custom-fields.md"}
    project = write_project(tmp_path / "project", files, {"search": {"semantic": True}})
    server = start_server(project, watch=True)
    deadline = time.monotonic() + HYBRID_WITHIN
    while search(server, QUESTION)["mode"] != "hybrid" and time.monotonic() < deadline:
        time.sleep(0.2)
    (project / "content" / "contacts" / "custom-fields.md").write_text(
        ARTICLES["contacts/custom-fields.md"]
    )
    found = search(server, QUESTION)
    while time.monotonic() < deadline and not (
        found["mode"] == "hybrid" and found["results"][0]["id"] == "contacts/custom-fields"
    ):
        time.sleep(0.2)
        found = search(server, QUESTION)
    # lexically the import article ranks first: only the new article's vector puts it on top
    assert found["mode"] == "hybrid" and found["results"][0]["id"] == "contacts/custom-fields", (
        server.log()
    )
