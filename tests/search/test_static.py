"""The static browser index, and search.js (run by node) agreeing with the Python engine."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from helpgen.search import index_dir_for, open_index
from helpgen.search.analysis import Analyzer
from helpgen.search.static import MANIFEST, PREFIX
from tests.helpers import REPO_ROOT, build_project

SEARCH_JS = REPO_ROOT / "themes" / "default" / "static" / "search.js"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
SYNONYMS = {"wismo": ["where is my parcel", "order status"]}


def run_node(script: str, payload) -> object:
    code = (
        f"const s = require({json.dumps(str(SEARCH_JS))});\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + script
    )
    out = subprocess.run(
        [NODE, "-e", code], input=json.dumps(payload), capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def browser_search(site, queries: list[str], limit: int) -> list[list[list]]:
    """search.js (node, reading the built site's files) on each query: its hits' [url, score]."""
    return run_node(
        """
const fs = require('fs'), path = require('path');
const load = (url) =>
  Promise.resolve(JSON.parse(fs.readFileSync(path.join(input.site, url.slice(1)), 'utf8')));
const e = new s.Engine('/', load);
(async () => {
  const out = [];
  for (const q of input.queries)
    out.push((await e.search(q, input.limit, false)).map(h => [h.url, h.score]));
  process.stdout.write(JSON.stringify(out));
})();""",
        {"site": str(site), "queries": queries, "limit": limit},
    )


def test_manifest_shards_and_chunks_are_written(built):
    manifest = json.loads((built.out / MANIFEST).read_text())
    assert manifest["docs"] == 6  # public, non-draft articles only
    for key, name, size in manifest["shards"]:
        shard = json.loads((built.out / PREFIX / name).read_text())
        assert shard and all(t.startswith(key) for t in shard) and size > 0
    rows = [
        row
        for name in manifest["chunks"]
        for row in json.loads((built.out / PREFIX / name).read_text())
    ]
    assert len(rows) == 6 and all(row[1].endswith("/") for row in rows)
    everything = "".join(p.read_text() for p in (built.out / PREFIX).glob("*.json"))
    assert "zebracorn" not in everything and "Agent notes" not in everything


def test_static_index_is_deterministic(tmp_path):
    from tests.search.conftest import build_fixture

    a = build_fixture(tmp_path / "a")
    b = build_fixture(tmp_path / "b")
    files = lambda out: {p.name: p.read_bytes() for p in (out / PREFIX).glob("*.json")}  # noqa: E731
    assert files(a.out) == files(b.out)


@needs_node
def test_browser_analysis_matches_python():
    texts = [
        "How do I reset my Password?",
        "Café STRASSE don't click_tracking v3 2FA",
        "Where is my parcel",
        "wismo",
        "refunds refunded refunding",
        "Rücksendungen naïve Ørsted œuvre",
        "how to",
        "event webhook url",
        "generalization hopping failing skies",
        "tab\there  and\nnewline ",
        "emoji 🙂 here",
        "ﬁle ﬂow",
    ]
    tables = Analyzer("en", SYNONYMS).browser_tables()
    js = run_node(
        "const a = new s.Analyzer(input.tables);\n"
        "process.stdout.write(JSON.stringify(input.texts.map(t => a.query(t).map("
        "q => [q.term, q.weight, q.last, !!q.pair]))));",
        {"tables": tables, "texts": texts},
    )
    py = [
        [[q.term, q.weight, q.last, q.pair] for q in Analyzer("en", SYNONYMS).query(t)]
        for t in texts
    ]
    assert js == py


@needs_node
def test_browser_engine_ranks_like_the_api(built, index):
    queries = [
        "refund",
        "cancel order",
        "reset password",
        "where is my parcel",
        "pasword",
        "return label refund",
        "tracking statuses",
    ]
    js = [[url for url, _ in hits] for hits in browser_search(built.out, queries, 3)]
    api = [[h.url for h in index.search(q, limit=3).results] for q in queries]
    assert [r[:1] for r in js] == [r[:1] for r in api]
    assert sum(a == b for a, b in zip(js, api, strict=True)) >= len(queries) - 1


def static_files(out):
    return {p.name: p.read_bytes() for p in (out / PREFIX).glob("*.json")}


def test_rebuilds_after_edits_write_what_a_cold_build_writes(tmp_path):
    """Each edit rewrites some shards from the last build's; the result must be the cold build's."""
    from tests.search.conftest import ARTICLES, build_fixture

    edits = [
        (
            "returns/refunds.md",
            ARTICLES["returns/refunds.md"] + "\nQuokkabrella refunds take longer.\n",
        ),  # new term
        (
            "returns/refunds.md",
            ARTICLES["returns/refunds.md"].replace("Watch out", "Careful"),
        ),  # a term goes away
        (
            "orders/cancel-an-order.md",
            "---\ntitle: Stop an order\n---\nYou can stop an order within two hours.\n",
        ),
        ("account/reset-password.md", "---\ntitle: Reset your password\n---\nForgot it?\n"),
    ]
    files = dict(ARTICLES)
    live = tmp_path / "live"
    build_fixture(live, files)
    for n, (path, text) in enumerate(edits):
        files[path] = text
        (live / "content" / path).write_text(text, encoding="utf-8")
        rebuilt = build_project(live)
        assert rebuilt.written
        cold = build_fixture(tmp_path / f"cold{n}", files)
        assert static_files(rebuilt.out) == static_files(cold.out), f"after edit {n}"


def test_static_index_updates_equal_a_fresh_index_with_truncated_terms():
    """Terms in over MAX_POSTINGS documents are cut to their best: an update must cut the same."""
    from helpgen.search.static import MAX_POSTINGS, DocStats, StaticIndex

    def stats(i, extra=""):
        words = {"common": 1 + i % 7, f"word{i % 50}": 2, f"only{i}": 1}
        if extra:
            words[extra] = 3
        return DocStats(words, 10 + i % 13, frozenset({"common"} if i % 5 == 0 else ()))

    n = MAX_POSTINGS + 100
    docs = [stats(i) for i in range(n)]
    index = StaticIndex()
    index.update([f"fp{i}" for i in range(n)], docs)
    index.shard_files()
    edited = list(docs)
    edited[3] = DocStats({"common": 40, "fresh": 1}, 5, frozenset({"fresh"}))
    edited[400] = stats(400, "word7")
    fps = [f"fp{i}" for i in range(n)]
    fps[3], fps[400] = "new3", "new400"
    index.update(fps, edited)
    fresh = StaticIndex()
    fresh.update(fps, edited)
    assert [(s.key, s.text) for s in index.shard_files()] == [
        (s.key, s.text) for s in fresh.shard_files()
    ]
    assert len(index.changed) < 10  # the update touched the edited documents' terms only


@needs_node
def test_browser_scores_are_the_apis(tmp_path):
    """One formula in both engines (ranking.py): the same documents get the same scores."""
    from tests.search.conftest import build_fixture

    files = {
        "a.md": "---\ntitle: Zebra crossing rules\n---\nCross at the zebra. Wait for the light.\n",
        "b.md": "---\ntitle: Traffic lights\nkeywords: [zebra]\n---\n"
        "A zebra, a zebra and a light.\n",
        "c.md": "# Crossings\n\n## Zebra\n\n"
        "Long text about crossing streets safely with a light.\n",
    }
    result = build_fixture(
        tmp_path, files, {"search": {"semantic": False}}
    )  # the browser has no vectors
    queries = ["zebra", "zebra light", "crossing", "traffic light"]
    js = browser_search(result.out, queries, 5)
    index = open_index(index_dir_for(result.out))
    api = [[[h.url, h.score] for h in index.search(q, limit=5).results] for q in queries]
    assert [[u for u, _ in r] for r in js] == [[u for u, _ in r] for r in api]
    scores = lambda runs: [score for run in runs for _, score in run]  # noqa: E731
    assert scores(js) == pytest.approx(scores(api), abs=1e-4)  # the API gives scores to 4 decimals


@needs_node
def test_a_synonym_the_articles_lack_is_not_corrected_in_either_engine(tmp_path):
    """ "bull" (a synonym of "orb") is in no article; its nearest term "ball" is another word."""
    from tests.search.conftest import build_fixture

    files = {
        "a.md": "# Ball games\n\nKick the ball.\n",
        "b.md": "# Bulbs\n\nPlant bulbs in autumn.\n",
    }
    config = {"search": {"semantic": False, "thesaurus": False, "synonyms": {"orb": ["bull"]}}}
    result = build_fixture(tmp_path, files, config)
    queries = ["orb", "ball", "balll"]  # the customer's own typo is still corrected
    js = [[url for url, _ in hits] for hits in browser_search(result.out, queries, 5)]
    index = open_index(index_dir_for(result.out))
    api = [[h.url for h in index.search(q, limit=5).results] for q in queries]
    assert api == js == [[], ["/a/"], ["/a/"]]


@pytest.mark.parametrize(
    "garbage", [b"", b"not a pickle", b"\x80\x05K\x01."]
)  # the last: a pickled int
def test_a_damaged_index_state_is_ignored_and_the_rebuild_equals_a_cold_build(tmp_path, garbage):
    from tests.search.conftest import ARTICLES, build_fixture

    live = build_fixture(tmp_path / "live", ARTICLES)
    (live.out.parent / "site.index" / "state.pickle").write_bytes(garbage)
    rebuilt = build_project(tmp_path / "live")
    assert rebuilt.written and not rebuilt.report.errors
    cold = build_fixture(tmp_path / "cold", ARTICLES)
    assert static_files(rebuilt.out) == static_files(cold.out)
