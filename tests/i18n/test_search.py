"""Search per language on the demo store: Indonesian affixes through the query function, the
HTTP API, the CLI and the browser engine (search.js under node); results stay in one language."""

from __future__ import annotations

import json
import shutil

import pytest

from helpgen.search import index_dir_for, open_index
from helpgen.search.analysis import Analyzer
from helpgen.search.static import MANIFEST, PREFIX
from tests.helpers import REPO_ROOT, run_helpgen
from tests.search.test_static import needs_node, run_node
from tests.serve.support import Server

RETURNS = ("/id/returns-and-refunds/", "/id/faq/returns/")
SHIPPING = ("/id/orders-and-shipping/", "/id/faq/shipping/")
"""Where the articles (and FAQ answers) of each topic live."""
# each pair of words shares a root only an Indonesian stemmer finds: peng-/-an around kembali, kirim
PAIRS = [("pengembalian", "kembalikan", RETURNS), ("pengiriman", "kirim", SHIPPING)]
WORDS = [w for a, b, _ in PAIRS for w in (a, b)]


@pytest.fixture(scope="module")
def index(demo):
    return open_index(index_dir_for(demo.site))


def test_indonesian_words_share_a_term_across_affixes():
    analyzer = Analyzer("id")
    assert analyzer.stemmer_name == "sastrawi"
    assert {
        analyzer.stem(w) for w in ("pengembalian", "kembalikan", "dikembalikan", "mengembalikan")
    } == {"kembali"}
    assert {
        analyzer.stem(w) for w in ("pengiriman", "kirim", "dikirim", "mengirimkan", "kiriman")
    } == {"kirim"}
    assert (
        analyzer.term("yang") is None and analyzer.term("kembali") == "kembali"
    )  # a function word, a topic word


@pytest.mark.parametrize("first, second, folder", PAIRS)
def test_the_query_function_finds_the_same_articles_for_both_forms(index, first, second, folder):
    a = [h.url for h in index.search(first, limit=3, lang="id").results]
    b = [h.url for h in index.search(second, limit=3, lang="id").results]
    assert a == b and a[0].startswith(folder) and all(url.startswith("/id/") for url in a)
    assert index.search(first, limit=3, lang="en").results == []  # nothing English matches


def test_results_are_filtered_by_language(index):
    indonesian = index.search("refund", limit=10, lang="id").results
    english = index.search("refund", limit=10, lang="en").results
    assert indonesian and all(h.url.startswith("/id/") for h in indonesian)
    assert english and not any(h.url.startswith("/id/") for h in english)


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory):
    """A copy of the demo project, built by the CLI into its own output_dir."""
    project = tmp_path_factory.mktemp("i18n") / "demo"
    shutil.copytree(REPO_ROOT / "content", project / "content")
    shutil.copy(REPO_ROOT / "helpgen.yml", project / "helpgen.yml")
    code, _, err = run_helpgen("build", str(project))
    assert code == 0, err
    return project


def test_the_cli_takes_lang(demo_copy):
    code, out, err = run_helpgen("search", "kembalikan", str(demo_copy), "--json", "--lang", "id")
    assert code == 0, err
    assert json.loads(out)["results"][0]["url"].startswith(RETURNS)
    code, out, err = run_helpgen("search", "kembalikan", str(demo_copy), "--json", "--lang", "en")
    assert code == 0 and json.loads(out)["results"] == []


def test_the_http_api_answers_per_language(demo_copy):
    with Server(demo_copy).running() as server:
        for first, second, folder in PAIRS:
            urls = []
            for word in (first, second):
                status, _, body = server.request("GET", f"/api/search?q={word}&lang=id&limit=3")
                assert status == 200
                urls.append([r["url"] for r in json.loads(body)["results"]])
            assert urls[0] == urls[1] and urls[0][0].startswith(folder)
        status, _, body = server.request("GET", "/api/search?q=pengiriman&lang=en")
        assert status == 200 and json.loads(body)["results"] == []


ENGINE = """
const fs = require('fs'), path = require('path');
const load = (url) => Promise.resolve(
  JSON.parse(fs.readFileSync(path.join(input.site, url.slice(1)), 'utf8')));
(async () => {
  const out = {};
  for (const lang of ['id', 'en']) {
    const e = new s.Engine('/', load, lang);
    out[lang] = [];
    for (const q of input.queries) out[lang].push((await e.search(q, 3, false)).map(h => h.url));
  }
  process.stdout.write(JSON.stringify(out));
})();"""


@needs_node
def test_the_browser_engine_finds_indonesian_articles_across_affixes(demo, index):
    found = run_node(ENGINE, {"site": str(demo.site), "queries": WORDS + ["refund"]})
    api = [[h.url for h in index.search(q, limit=3, lang="id").results] for q in WORDS + ["refund"]]
    # both engines find the topic; they may order near ties differently (as
    # tests/search/test_static.py allows)
    for (_, _, folder), k in zip(PAIRS, (0, 2), strict=True):
        assert found["id"][k] == found["id"][k + 1] and found["id"][k][0].startswith(folder)
        assert set(found["id"][k]) & set(api[k]) and all(
            u.startswith("/id/") for u in found["id"][k]
        )
    assert found["en"][:4] == [[], [], [], []]  # an English page searches the English articles only
    assert found["en"][4] and not any(u.startswith("/id/") for u in found["en"][4])


@needs_node
def test_the_browser_stems_words_the_help_center_does_not_contain(demo):
    """search.js strips affixes against the index's roots for a word not in the vocabulary,
    and ends where Sastrawi does."""
    manifest = json.loads((demo.site / MANIFEST).read_text())
    tables = manifest["languages"]["id"]
    vocabulary = json.loads((demo.site / PREFIX / tables["vocabulary"]).read_text())
    analyzer = Analyzer("id")
    words = [
        "dikembalikannya",
        "pengembaliannya",
        "mengirimkannya",
        "terkirim",
        "pengirimanlah",
        "dilacak",
        "pelacakan",
        "membayarkan",
        "penukaran",
        "ditukarkan",
        "berbelanja",
        "pengemasan",
        "kembalikanlah",
        "pengirimannya",
        "melacaknya",
        "dikemaskan",
    ]
    unseen = [w for w in words if w not in vocabulary["forms"] and w not in vocabulary["roots"]]
    expected = [analyzer.stem(w) for w in unseen]
    assert len(unseen) >= 8 and sum(e in vocabulary["roots"] for e in expected) >= 8
    js = run_node(
        "const a = new s.Analyzer(input.tables, input.vocabulary);\n"
        "process.stdout.write(JSON.stringify(input.words.map(w => a.stem(w))));",
        {"tables": tables, "vocabulary": vocabulary, "words": unseen},
    )
    assert [j for j, e in zip(js, expected, strict=True) if e in vocabulary["roots"]] == [
        e for e in expected if e in vocabulary["roots"]
    ]


@needs_node
def test_a_site_in_a_snowball_language_searches_inflected_words_in_the_browser(tmp_path):
    """A German help center: search.js has no Snowball, so the index carries the German words'
    terms and `Lieferungen` finds the article that says `Lieferung`, as the API does."""
    from tests.helpers import build_project, write_project

    files = {
        "versand.md": "---\ntitle: Versand und Lieferung\n---\nWir versenden Pakete innerhalb von "
        "zwei Tagen.\n",
        "rueckgabe.md": "---\ntitle: Rücksendungen\n---\nSo senden Sie Artikel zurück.\n",
    }
    result = build_project(write_project(tmp_path, files, {"language": "de"}))
    manifest = json.loads((result.out / MANIFEST).read_text())
    assert manifest["analysis"]["stemmer"] == "snowball" and "vocabulary" in manifest["analysis"]
    queries = ["Lieferungen", "versendet", "Rücksendung"]  # none of them is a word of the articles
    found = run_node(
        ENGINE.replace("['id', 'en']", "['de']"), {"site": str(result.out), "queries": queries}
    )
    api = [
        [h.url for h in open_index(index_dir_for(result.out)).search(q, limit=3).results]
        for q in queries
    ]
    assert found["de"] == api == [["/versand/"], ["/versand/"], ["/rueckgabe/"]]
