"""Edit distance, and the rule for how far a name may be from a defined one to be its typo."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpgen.typos import allowed_edits, edit_distance, typo_of


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("", "", 0),
        ("abc", "", 3),
        ("", "ab", 2),
        ("store", "store", 0),
        ("reply_hours", "reply_hour", 1),  # one insertion
        ("stoer", "store", 1),  # two neighbours swapped: one edit, not two
        ("kitten", "sitting", 3),  # the textbook Levenshtein case
        ("ca", "abc", 3),  # optimal string alignment: no edit of a swapped pair
        ("return_window", "retrun_windwo", 2),
    ],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


@given(st.text(max_size=8), st.text(max_size=8))
def test_edit_distance_is_bounded_by_the_longer_name(a, b):
    assert abs(len(a) - len(b)) <= edit_distance(a, b) <= max(len(a), len(b))


@pytest.mark.parametrize("length, edits", [(1, 0), (2, 0), (3, 1), (5, 1), (6, 2), (30, 2)])
def test_allowed_edits_grow_with_length(length, edits):
    assert allowed_edits(length) == edits


@pytest.mark.parametrize(
    "name, known, meant",
    [
        ("reply_hours", ["reply_hour", "store_name"], "reply_hour"),
        ("Store_Name", ["store_name"], "store_name"),  # letter case is no edit
        ("ID", ["id"], "id"),
        ("stor", ["store", "stock"], "store"),  # the nearest wins
        ("stre", ["store", "stare"], "stare"),  # a tie: the first in sorted order
        ("id", ["ip"], None),  # two letters: exact (but for case) or nothing
        ("zip", ["tip"], "tip"),
        ("url", ["user"], None),  # two edits for three letters: a different word
        ("name", ["root_url", "sender_name"], None),
        ("firstname", ["first_name"], "first_name"),
        ("store", ["store"], None),  # defined: not a typo
    ],
)
def test_typo_of(name, known, meant):
    assert typo_of(name, known) == meant
