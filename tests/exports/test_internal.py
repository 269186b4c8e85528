"""Internal (agent-only) articles: never in the public output, always in the internal pack."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

from helpgen.search import index_dir_for
from tests.helpers import run_helpgen, write_project

SECRET = "Quokka7731Zebra"
"""A string that appears nowhere but in the internal article."""

FILES = {
    "returns/start.md": "# Start a return\n\nPrint the label.\n\n## Can I return late?\n\nNo.\n",
    "returns/exceptions.md": f"""---
title: Refund exceptions {SECRET}
description: Goodwill rules {SECRET}
audience: internal
tags: [{SECRET.lower()}-tag]
keywords: [{SECRET} keyword]
---
Agents may refund up to 50 euros. Code word {SECRET}.

## When to escalate?

Above 50 euros, ask Tier 2 ({SECRET}).
""",
}


def _contents(path: Path) -> list[bytes]:
    """The file's bytes, and its decompressed bytes when it is gzip or zlib data (a search index may
    be)."""
    data = path.read_bytes()
    out = [data]
    for unpack in (gzip.decompress, zlib.decompress):
        try:
            out.append(unpack(data))
        except Exception:
            pass
    return out


def _holding(folder: Path, needles: list[bytes]) -> list[str]:
    return sorted(
        str(p.relative_to(folder.parent))
        for p in folder.rglob("*")
        if p.is_file() and any(n in blob for blob in _contents(p) for n in needles)
    )


def _index_text(index_dir: Path) -> str:
    """Everything a Whoosh index holds, lowercased: stored fields (compressed inside its files) and
    terms."""
    from whoosh import index

    ix = index.open_dir(str(index_dir))
    with ix.searcher() as searcher:
        stored = json.dumps(list(searcher.documents()), ensure_ascii=False, default=str)
        terms = " ".join(f"{field}:{text!r}" for field, text in searcher.reader().all_terms())
    return (stored + terms).lower()


def test_public_output_never_holds_internal_articles(tmp_path):
    project = write_project(tmp_path, FILES)
    public, pack = tmp_path / "public", tmp_path / "pack"
    code, _, err = run_helpgen("build", project, "--out", public)
    assert code == 0, err
    code, _, err = run_helpgen("build", project, "--out", pack, "--audience", "internal")
    assert code == 0, err

    needles = [
        SECRET.encode(),
        SECRET.lower().encode(),
        b"returns/exceptions",
        b"Refund exceptions",
    ]
    searched = [public] + ([index_dir_for(public)] if index_dir_for(public).exists() else [])
    files = [p for folder in searched for p in folder.rglob("*") if p.is_file()]
    assert len(files) > 10 and (public / "llms.txt").is_file()
    assert [hit for folder in searched for hit in _holding(folder, needles)] == []
    assert _holding(public, [b"Start a return"])  # the same grep finds the public article
    if index_dir_for(public).exists():
        text = _index_text(index_dir_for(public))
        assert "start a return" in text and "print" in text
        assert not [
            n
            for n in ("quokka", "7731", "zebra", "exceptions", "goodwill", "escalate")
            if n in text
        ]

    pack_files = _holding(pack, [SECRET.encode()])
    for name in (
        "articles.jsonl",
        "chunks.jsonl",
        "llms-full.txt",
        "llms.txt",
        "returns/exceptions/index.html.md",
    ):
        assert f"pack/{name}" in pack_files
    records = {
        r["id"]: r
        for r in map(json.loads, (pack / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    }
    assert records["returns/exceptions"]["audience"] == "internal"
    assert records["returns/exceptions"]["faq"][0]["question"] == "When to escalate?"
    assert records["returns/start"]["audience"] == "public"
    chunks = [
        json.loads(line)
        for line in (pack / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {c["audience"] for c in chunks if c["article_id"] == "returns/exceptions"} == {
        "internal"
    }
    assert "Disallow: /" in (pack / "robots.txt").read_text(encoding="utf-8")
