"""The index a build writes whole (`_BulkWriter`, postings straight to the codec) holds exactly
what Whoosh's own writer makes of the same documents, the way rebuilds add documents."""

from __future__ import annotations

from whoosh import index as whoosh_index

from helpgen.builder.pipeline import load_site
from helpgen.config import load_project
from helpgen.search import build as search_build
from helpgen.search.documents import search_docs
from helpgen.search.whoosh_index import _fields, codec, schema, write_index
from tests.helpers import write_project
from tests.search.conftest import ARTICLES, CONFIG


def contents(folder) -> tuple:
    """Everything a reader sees: each term's postings (document, weight, value) and term info,
    each document's stored fields and field lengths, and the columns."""
    reader = whoosh_index.open_dir(str(folder)).reader()
    terms = []
    for fieldname, text in reader.all_terms():
        matcher, info = reader.postings(fieldname, text), reader.term_info(fieldname, text)
        postings = []
        while matcher.is_active():
            postings.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        terms.append(
            (
                fieldname,
                text,
                postings,
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
            )
        )
    docs = [
        (sorted(reader.stored_fields(d).items()), reader.doc_field_length(d, "terms"))
        for d in range(reader.doc_count_all())
    ]
    columns = {
        name: [reader.column_reader(name)[d] for d in range(reader.doc_count_all())]
        for name in ("length", "order", "title_terms")
    }
    return terms, docs, columns


def test_a_whole_index_holds_what_whoosh_own_writer_makes(tmp_path):
    project = load_project(write_project(tmp_path / "project", ARTICLES, CONFIG))
    loaded = load_site(project, use_cache=False)
    docs = search_docs(loaded.site, loaded.rendered, "/")
    stats = {d.fingerprint: search_build._stats_of({}, d) for d in docs}
    write_index(tmp_path / "bulk", None, {"format": 1}, docs, lambda d: stats[d.fingerprint])

    (tmp_path / "plain").mkdir()
    writer = whoosh_index.create_in(str(tmp_path / "plain"), schema()).writer(codec=codec())
    for doc in docs:
        writer.add_document(**_fields(doc, stats[doc.fingerprint]))
    writer.commit()

    bulk, plain = contents(tmp_path / "bulk"), contents(tmp_path / "plain")
    assert len(bulk[0]) > 100 and len(bulk[1]) == len(docs)
    assert bulk == plain
