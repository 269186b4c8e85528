"""The analysis chain: tokenize, fold, stop words, stem, synonyms, pairs."""

from __future__ import annotations

import pytest

from helpgen.search.analysis import PAIR_WEIGHT, SYNONYM_WEIGHT, Analyzer, fold, pairs
from helpgen.search.porter import stem


@pytest.mark.parametrize(
    "word, folded",
    [
        ("Café", "cafe"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("don't", "dont"),
        ("Ørsted", "orsted"),
        ("naïve", "naive"),
        ("ﬁle", "file"),
        ("Œuvre", "oeuvre"),
    ],
)
def test_fold_lowercases_and_drops_accents(word, folded):
    assert fold(word) == folded


def test_words_keep_offsets_into_the_original_text():
    text = "Re-send the Café order, don't wait!"
    words = Analyzer("en").words(text)
    assert [w.folded for w in words] == ["re", "send", "the", "cafe", "order", "dont", "wait"]
    assert all(fold(text[w.start : w.end]) == w.folded for w in words)


def test_underscores_split_words():
    assert Analyzer("en").terms("click_tracking") == ["click", "track"]


@pytest.mark.parametrize(
    "word, stemmed",
    [
        ("refunds", "refund"),
        ("shipping", "ship"),
        ("cancelled", "cancel"),
        ("tracking", "track"),
        ("failing", "fail"),
        ("hopping", "hop"),
        ("ponies", "poni"),
        ("generalization", "gener"),
        ("password", "password"),
    ],
)
def test_porter_stems_english(word, stemmed):
    assert stem(word) == stemmed


def test_terms_drop_stop_words_short_and_overlong_words():
    a = Analyzer("en")
    assert a.terms("How do I reset my password?") == ["reset", "password"]
    assert a.terms("a b " + "x" * 41 + " ok go") == ["go"]


def test_numbers_and_mixed_words_are_not_stemmed():
    assert Analyzer("en").terms("v3 2fa 404s") == ["v3", "2fa", "404s"]


def test_other_languages_use_their_own_stemmer_and_stop_words():
    de = Analyzer("de")
    assert de.stemmer_name == "snowball"
    assert de.terms("Die Rücksendungen und Erstattungen") == [
        de.stem("rucksendungen"),
        de.stem("erstattungen"),
    ]
    assert "und" in de.stops


def test_unknown_language_keeps_every_word_unstemmed():
    a = Analyzer("xx")
    assert a.stemmer_name == "none"
    assert a.terms("the shipping") == ["the", "shipping"]


def test_query_of_stop_words_only_keeps_them():
    assert [t.term for t in Analyzer("en").query("how to") if not t.pair] == ["how", "to"]


def test_query_marks_the_last_word_only_while_it_is_being_typed():
    a = Analyzer("en")
    assert [t.last for t in a.query("reset passw") if not t.pair] == [False, True]
    assert [t.last for t in a.query("reset passw ") if not t.pair] == [False, False]


def test_query_adds_pairs_of_neighbouring_terms():
    terms = Analyzer("en").query("event webhook not posting")
    assert [(t.term, t.weight) for t in terms if t.pair] == [
        ("event_webhook", PAIR_WEIGHT),
        ("webhook_post", PAIR_WEIGHT),
    ]
    assert pairs(["a", "b", "c"]) == ["a_b", "b_c"]


def test_synonym_phrases_bring_in_the_group_with_a_lower_weight():
    a = Analyzer(
        "en", {"wismo": ["where is my order", "order status", "tracking"]}, thesaurus=False
    )
    got = {t.term: t.weight for t in a.query("Where is my order?") if not t.pair}
    assert got == {
        "order": 1.0,
        "wismo": SYNONYM_WEIGHT,
        "order_statu": SYNONYM_WEIGHT,
        "track": SYNONYM_WEIGHT,
    }


def test_synonym_head_word_brings_in_the_phrases():
    a = Analyzer("en", {"wismo": ["where is my order", "tracking"]})
    got = {t.term for t in a.query("wismo")}
    assert {"wismo", "order", "track"} <= got


def test_synonyms_need_the_whole_phrase():
    a = Analyzer("en", {"wismo": ["where is my order"]})
    assert "wismo" not in {t.term for t in a.query("where is my parcel")}


def test_browser_tables_describe_the_chain():
    tables = Analyzer("en", {"refund": ["money back"]}, thesaurus=False).browser_tables()
    assert tables["stemmer"] == "porter" and "the" in tables["stop"]
    assert tables["syn"] == [[[["refund"], ["monei", "back"]], ["refund", "monei_back"]]]


def test_the_built_in_thesaurus_brings_in_what_customers_mean():
    terms = {
        t.term: t.weight for t in Analyzer("en").query("how do I close my account and stop paying")
    }
    assert terms["cancel_account"] == SYNONYM_WEIGHT and terms["cancel_subscript"] == SYNONYM_WEIGHT
    assert "cancel_account" not in {
        t.term for t in Analyzer("en", thesaurus=False).query("close my account")
    }


def test_the_thesaurus_is_per_language_and_the_projects_synonyms_come_on_top():
    assert Analyzer("xx").synonyms == {}  # no built-in groups for a language helpgen has none for
    own = Analyzer("en", {"refund": ["store credit"]})
    got = {t.term for t in own.query("refund")}
    assert (
        "store_credit" in got and "monei_back" not in got
    )  # the project's group replaces the built-in one
    assert "cancel_account" in {t.term for t in own.query("close account")}  # the others stay


def test_thesaurus_groups_are_well_formed():
    from helpgen.search.thesaurus import FOLDER, groups

    for path in FOLDER.glob("*.yml"):
        found = groups(path.stem)
        assert found, path
        for head, phrases in found.items():
            assert phrases and all(isinstance(p, str) and p.strip() for p in (head, *phrases)), (
                path,
                head,
            )
            # every phrase must survive the analysis chain, or it could never match
            assert all(Analyzer(path.stem, thesaurus=False).terms(p) for p in (head, *phrases)), (
                path,
                head,
            )
