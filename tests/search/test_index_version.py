"""The search index's version key: an incremental build rewrites the index when it changes."""

from __future__ import annotations

from helpgen.search import ranking
from helpgen.search.build import chain_version, index_dir_for
from helpgen.search.index_meta import read_meta


def test_a_ranking_constant_change_rewrites_the_index_on_the_next_incremental_build(
    tmp_path, make_site, build_site, monkeypatch
):
    # The static shards and manifest hold values computed with BM25's k1 and b: an index
    # kept across a change of them would rank with stale numbers.
    make_site(tmp_path, {"orders/a.md": "---\ntitle: Track an order\n---\nWhere is my parcel.\n"})
    out = tmp_path / "site"
    assert build_site(tmp_path, out=out).written
    before = read_meta(index_dir_for(out))["chain"]
    for name, value in (("K1", ranking.K1 + 0.5), ("B", ranking.B / 2)):
        monkeypatch.setattr(ranking, name, value)
        assert build_site(tmp_path, out=out).written
        after = read_meta(index_dir_for(out))["chain"]
        assert after != before and after == chain_version(), name
        before = after
