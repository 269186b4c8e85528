"""articles.jsonl, chunks.jsonl, policies.json: their schemas, stable ids, chunking, FAQ pairs."""

from __future__ import annotations

import json

import jsonschema
import pytest

from helpgen.exports.agents import SCHEMA_FILES, SCHEMAS
from tests.helpers import build_project, messages, run_helpgen, tree_hashes, write_project

EXPORTS = ("llms.txt", "llms-full.txt", "articles.jsonl", "chunks.jsonl", "policies.json")


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_jsonl_files_validate_against_their_schemas(any_built):
    site = any_built.site
    for file, schema in (
        ("articles.jsonl", "article.schema.json"),
        ("chunks.jsonl", "chunk.schema.json"),
    ):
        check = validator(schema)
        records = lines(site / file)
        assert records
        for record in records:
            check.validate(record)
    validator("policies.schema.json").validate(
        json.loads((site / "policies.json").read_text(encoding="utf-8"))
    )


def test_schemas_are_in_the_site(demo_built):
    for name in SCHEMA_FILES:
        assert (demo_built.site / "_schemas" / name).read_bytes() == (SCHEMAS / name).read_bytes()


def test_schema_rejects_a_bad_record(demo_built):
    record = lines(demo_built.site / "articles.jsonl")[0]
    check = validator("article.schema.json")
    for broken in (
        {**record, "updated": "yesterday"},
        {**record, "extra": 1},
        {k: v for k, v in record.items() if k != "id"},
        {**record, "audience": "staff"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            check.validate(broken)


def test_ids_unique_and_chunks_point_at_records(any_built):
    records = lines(any_built.site / "articles.jsonl")
    chunks = lines(any_built.site / "chunks.jsonl")
    ids = [r["id"] for r in records]
    assert ids == sorted(set(ids))
    chunk_ids = [c["id"] for c in chunks]
    assert len(chunk_ids) == len(set(chunk_ids))
    assert {c["article_id"] for c in chunks} <= set(ids)
    assert all(c["words"] <= 300 and c["words"] == len(c["text"].split()) for c in chunks)
    assert all(
        c["url"].startswith(next(r["url"] for r in records if r["id"] == c["article_id"]))
        for c in chunks[:200]
    )


def test_demo_record(demo_built):
    record = {r["id"]: r for r in lines(demo_built.site / "articles.jsonl")}[
        "returns-and-refunds/refund-timing"
    ]
    assert record["url"] == "https://help.junipertrail.example/returns-and-refunds/refund-timing/"
    assert record["markdown_url"] == record["url"] + "index.html.md"
    assert record["path"] == "returns-and-refunds/refund-timing/"
    assert record["category"] == ["returns-and-refunds"] and record["category_titles"] == [
        "Returns & refunds"
    ]
    assert record["headings"][0] == {
        "level": 2,
        "id": "the-refund-timeline",
        "text": "The refund timeline",
    }
    assert record["faq"] == [
        {
            "question": "Can I get the refund as store credit instead?",
            "answer": "Yes. In the returns portal choose Store credit as your refund method and "
            "we'll add 10% on top, "
            "issued as a gift card as soon as we receive your parcel.",
            "url": record["url"] + "#if-your-refund-seems-late",
        }
    ]
    assert "Store credit" in record["text"] and "**Store credit**" in record["markdown"]


FAQ_ARTICLE = """# Orders

Intro text.

## Can I cancel?

Yes, within two hours.

### How?

Click cancel.

## Shipping

Ships fast.

??? question "Do you ship abroad?"
    Yes, to 30 countries.

### Why so slow?

Holidays.

#### Is it ever faster?

No.
"""


def test_faq_pairs_from_questions_and_details(tmp_path):
    project = write_project(tmp_path, {"orders.md": FAQ_ARTICLE})
    build_project(project)
    record = lines(project / "site" / "articles.jsonl")[0]
    url = "https://help.example.com/orders/"
    assert record["faq"] == [
        {
            "question": "Can I cancel?",
            "answer": "Yes, within two hours.\nHow?\nClick cancel.",
            "url": url + "#can-i-cancel",
        },
        {"question": "How?", "answer": "Click cancel.", "url": url + "#how"},
        {
            "question": "Do you ship abroad?",
            "answer": "Yes, to 30 countries.",
            "url": url + "#shipping",
        },
        {
            "question": "Why so slow?",
            "answer": "Holidays.\nIs it ever faster?\nNo.",
            "url": url + "#why-so-slow",
        },
    ]


def _words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def test_long_sections_split_at_paragraph_boundaries(tmp_path):
    paragraphs = [_words(120, f"p{k}w") for k in range(4)]
    body = (
        "# Long\n\nShort intro.\n\n## Details\n\n"
        + "\n\n".join(paragraphs)
        + "\n\n## Huge\n\n"
        + _words(700, "h")
        + "\n"
    )
    project = write_project(tmp_path, {"guide/long.md": body})
    build_project(project)
    chunks = lines(project / "site" / "chunks.jsonl")
    assert [c["id"] for c in chunks] == [
        "guide/long#:1",
        "guide/long#details:1",
        "guide/long#details:2",
        "guide/long#huge:1",
        "guide/long#huge:2",
        "guide/long#huge:3",
    ]
    assert [c["text"] for c in chunks[1:3]] == [
        "\n".join(paragraphs[:2]),
        "\n".join(paragraphs[2:]),
    ]
    assert [c["words"] for c in chunks[3:]] == [300, 300, 100]
    assert chunks[1]["heading_path"] == ["Details"] and chunks[0]["heading_path"] == []
    assert chunks[1]["url"] == "https://help.example.com/guide/long/#details" and chunks[0][
        "url"
    ].endswith("/long/")


def test_heading_path_nests(tmp_path):
    project = write_project(tmp_path, {"a.md": "# A\n\n## One\n\n### Sub\n\nx\n\n## Two\n\ny\n"})
    build_project(project)
    assert [(c["id"], c["heading_path"]) for c in lines(project / "site" / "chunks.jsonl")] == [
        ("a#sub:1", ["One", "Sub"]),
        ("a#two:1", ["Two"]),
    ]


STABLE = {
    "returns/start.md": "---\nid: start-return\n---\n# Start a return\n\nIntro.\n\n## Steps\n\nDo "
    "it.\n",
    "returns/refunds.md": "# Refunds\n\nMoney back, see [start](start.md).\n\n## Timing\n\n5 "
    "days.\n",
    "shipping/rates.md": "# Rates\n\nCheap.\n",
}


def _ids(site):
    return (
        [r["id"] for r in lines(site / "articles.jsonl")],
        [c["id"] for c in lines(site / "chunks.jsonl")],
    )


def test_ids_stable_across_builds_and_new_articles(tmp_path):
    first = write_project(tmp_path / "one", STABLE)
    build_project(first, use_cache=False)
    second = write_project(tmp_path / "two", STABLE)
    build_project(second, use_cache=False)
    assert _ids(first / "site") == _ids(second / "site")
    articles, chunks = _ids(first / "site")
    assert articles == ["returns/refunds", "shipping/rates", "start-return"]
    assert chunks == [
        "returns/refunds#:1",
        "returns/refunds#timing:1",
        "shipping/rates#:1",
        "start-return#:1",
        "start-return#steps:1",
    ]
    before = {
        f: (first / "site" / f).read_text(encoding="utf-8")
        for f in ("articles.jsonl", "chunks.jsonl")
    }
    (first / "content" / "returns" / "aaa-new.md").write_text(
        "# A new one\n\n## Steps\n\nNew.\n", encoding="utf-8"
    )
    (first / "content" / "zzz.md").write_text("# Last\n\nText.\n", encoding="utf-8")
    build_project(first)
    new_articles, new_chunks = _ids(first / "site")
    assert [i for i in new_articles if i not in ("returns/aaa-new", "zzz")] == articles
    assert [i for i in new_chunks if not i.startswith(("returns/aaa-new#", "zzz#"))] == chunks
    for name, text in before.items():  # the old lines themselves are unchanged
        after = (first / "site" / name).read_text(encoding="utf-8").splitlines()
        assert set(text.splitlines()) <= set(after)


def test_same_input_same_bytes(tmp_path):
    files = {**STABLE, "policies.md": "# Policies\n\nSee {{ days }}.\n"}
    config = {
        "variables": {"days": 30, "since": "2026-01-01"},
        "policies": {"carriers": ["DHL", "UPS"]},
    }
    a = write_project(tmp_path / "a", files, config)
    b = write_project(tmp_path / "b", files, config)
    code_a, _, err_a = run_helpgen("build", a, "--no-cache")
    code_b, _, err_b = run_helpgen("build", b)
    assert code_a == code_b == 0, err_a + err_b
    hashes_a, hashes_b = tree_hashes(a / "site"), tree_hashes(b / "site")
    mine = [
        p
        for p in hashes_a
        if p in EXPORTS or p.endswith("index.html.md") or p.startswith("_schemas/")
    ]
    assert len(mine) == len(EXPORTS) + len(files) + len(SCHEMA_FILES)
    assert {p: hashes_a[p] for p in mine} == {p: hashes_b[p] for p in mine}


def test_duplicate_ids_fail_the_build(tmp_path):
    project = write_project(
        tmp_path, {"a.md": "---\nid: same\n---\nA\n", "b.md": "---\nid: same\n---\nB\n"}
    )
    result = build_project(project)
    assert not result.written
    assert (
        "b.md: duplicate id 'same': a.md has it too (hint: ids must be unique: change the `id` in "
        "one front matter)" in "\n".join(messages(result, "error"))
    )


def test_policies_json(tmp_path):
    config = {
        "variables": {"return_window_days": 30, "carriers": ["DHL", "UPS"]},
        "policies": {
            "cutoff": "2026-12-18",
            "fees": {"restocking": 0},
            "holiday": {"starts": "2026-11-01"},
        },
        "contact": {"hours": "9-5", "channels": [{"name": "Email", "value": "a@example.com"}]},
    }
    project = write_project(tmp_path, {"a.md": "# A\n\n{{ return_window_days }} days.\n"}, config)
    (project / "helpgen.yml").write_text(
        (project / "helpgen.yml")
        .read_text(encoding="utf-8")
        .replace("starts: '2026-11-01'", "starts: 2026-11-01"),
        encoding="utf-8",
    )  # a real YAML date
    build_project(project)
    data = json.loads((project / "site" / "policies.json").read_text(encoding="utf-8"))
    assert data == {
        "site": {
            "name": "Test Help",
            "url": "https://help.example.com/",
            "store_url": None,
            "language": "en",
        },
        "variables": {"carriers": ["DHL", "UPS"], "return_window_days": 30},
        "policies": {
            "cutoff": "2026-12-18",
            "fees": {"restocking": 0},
            "holiday": {"starts": "2026-11-01"},
        },
        "contact": {
            "hours": "9-5",
            "channels": [
                {"name": "Email", "value": "a@example.com", "url": None, "response_time": None}
            ],
        },
    }
    validator("policies.schema.json").validate(data)


def test_llms_details_must_not_hold_headings(tmp_path, run_cli):
    project = write_project(tmp_path, {"a.md": "# A\n"}, {"llms": {"details": "Intro\n## Oops"}})
    code, _, err = run_cli("build", project)
    assert code == 2
    assert "llms.details" in err and "must not contain markdown headings" in err


def test_chunk_text_keeps_rows_and_list_items(tmp_path):
    body = (
        "# Fees\n\n## Table\n\n| Method | Fee |\n| --- | --- |\n| Card | 0 € |\n\n- one\n- two "
        "&amp; three\n"
    )
    project = write_project(tmp_path, {"fees.md": body})
    build_project(project)
    chunk = lines(project / "site" / "chunks.jsonl")[0]
    assert chunk["text"] == "Method | Fee\nCard | 0 €\n- one\n- two & three"
