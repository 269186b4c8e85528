"""Snippets: which words get a <mark>, on the fast (lower-cased) scan and on its fallback."""

from __future__ import annotations

import pytest

from helpgen.search.analysis import Analyzer
from helpgen.search.snippets import highlight, snippet

EN = Analyzer("en")


@pytest.mark.parametrize(
    "prefix", ["", "İstanbul: "]
)  # "İ" lower-cases to two characters: the other scan
def test_marks_whole_words_only_whatever_their_case(prefix):
    text = prefix + "Refunds, REFUND and click_refund; not prerefund or refund2x."
    marked = highlight(EN, text, {"refund"}, width=200)
    assert marked.count("<mark>") == 3
    assert (
        "<mark>Refunds</mark>" in marked
        and "<mark>REFUND</mark>" in marked
        and "click_<mark>refund</mark>" in marked
    )
    assert "pre<mark>" not in marked and "<mark>refund2x" not in marked


def test_a_word_written_twice_is_marked_twice_and_stop_words_never():
    marked = highlight(EN, "The refund, the refund.", {"refund", "the"}, width=200)
    assert marked == "The <mark>refund</mark>, the <mark>refund</mark>."


def test_the_window_with_the_most_distinct_terms_wins():
    text = (
        "Refund refund refund. "
        + "Filler words here. " * 12
        + "Your refund by card arrives in days."
    )
    found = snippet(EN, text, {"refund", "card"})
    assert found.startswith("… Your <mark>refund</mark> by <mark>card</mark>")
