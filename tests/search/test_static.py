"""The static browser index, and search.js (run by node) agreeing with the Python engine."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from helpgen.search.analysis import Analyzer
from helpgen.search.static import MANIFEST, PREFIX
from tests.helpers import REPO_ROOT

SEARCH_JS = REPO_ROOT / "themes" / "default" / "static" / "search.js"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
SYNONYMS = {"wismo": ["where is my parcel", "order status"]}


def run_node(script: str, payload) -> object:
    code = f"const s = require({json.dumps(str(SEARCH_JS))});\n" \
           "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + script
    out = subprocess.run([NODE, "-e", code], input=json.dumps(payload), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_manifest_shards_and_chunks_are_written(built):
    manifest = json.loads((built.out / MANIFEST).read_text())
    assert manifest["docs"] == 6  # public, non-draft articles only
    for key, name, size in manifest["shards"]:
        shard = json.loads((built.out / PREFIX / name).read_text())
        assert shard and all(t.startswith(key) for t in shard) and size > 0
    rows = [row for name in manifest["chunks"] for row in json.loads((built.out / PREFIX / name).read_text())]
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
    texts = ["How do I reset my Password?", "Café STRASSE don't click_tracking v3 2FA", "Where is my parcel",
             "wismo", "refunds refunded refunding", "Rücksendungen naïve Ørsted œuvre", "how to", "event webhook url",
             "generalization hopping failing skies", "tab\there  and\nnewline ", "emoji 🙂 here", "ﬁle ﬂow"]
    tables = Analyzer("en", SYNONYMS).browser_tables()
    js = run_node("const a = new s.Analyzer(input.tables);\n"
                  "process.stdout.write(JSON.stringify(input.texts.map(t => a.query(t).map("
                  "q => [q.term, q.weight, q.last, !!q.pair]))));", {"tables": tables, "texts": texts})
    py = [[[q.term, q.weight, q.last, q.pair] for q in Analyzer("en", SYNONYMS).query(t)] for t in texts]
    assert js == py


@needs_node
def test_browser_engine_ranks_like_the_api(built, index):
    queries = ["refund", "cancel order", "reset password", "where is my parcel", "pasword", "return label refund",
               "tracking statuses"]
    js = run_node("""
const fs = require('fs'), path = require('path');
const load = (url) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(input.site, url.slice(1)), 'utf8')));
const e = new s.Engine('/', load);
(async () => {
  const out = [];
  for (const q of input.queries) out.push((await e.search(q, 3, false)).map(h => h.url));
  process.stdout.write(JSON.stringify(out));
})();""", {"site": str(built.out), "queries": queries})
    api = [[h.url for h in index.search(q, limit=3).results] for q in queries]
    assert [r[:1] for r in js] == [r[:1] for r in api]
    assert sum(a == b for a, b in zip(js, api)) >= len(queries) - 1
