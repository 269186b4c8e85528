"""helpgen.serve.params on any text: a number in range, or BadParam naming the parameter; never
another exception (int() raises ValueError past 4,300 digits)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpgen.serve.params import BadParam, day, whole_number

TEXT = st.one_of(
    st.text(max_size=30),
    st.integers(4290, 20_000).map(lambda n: "8" * n),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Zs"]), max_size=10),
)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_whole_number_on_any_text(raw):
    try:
        value = whole_number({"limit": raw}, "limit", 10, 1, 50, cap=True)
    except BadParam as exc:
        assert str(exc) == "'limit' must be a whole number from 1 to 50"
        return
    assert 1 <= value <= 50


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_day_on_any_text(raw):
    try:
        value = day({"since": raw}, "since")
    except BadParam as exc:
        assert str(exc) == "'since' must be a date like 2026-01-31"
        return
    assert value is None or isinstance(value, dt.date)


@pytest.mark.parametrize(
    "raw, expected", [(None, 10), ("", 10), ("7", 7), ("50", 50), ("500", 50), ("000000007", 7)]
)
def test_whole_number_reads_ascii_digits_and_caps(raw, expected):
    params = {} if raw is None else {"limit": raw}
    assert whole_number(params, "limit", 10, 1, 50, cap=True) == expected


@pytest.mark.parametrize(
    "raw", ["0", "-1", "+5", " 5", "5 ", "٣", "５", "²", "1e3", "0x10", "9" * 10, "9" * 4301]
)
def test_whole_number_refuses_anything_else(raw):
    with pytest.raises(BadParam):
        whole_number({"limit": raw}, "limit", 10, 1, 50, cap=True)


@pytest.mark.parametrize(
    "raw", ["2026-1-1", "20260131", "２０２６-０１-３１", "2026-02-30", "2" * 4301]
)
def test_day_takes_only_yyyy_mm_dd(raw):
    with pytest.raises(BadParam):
        day({"since": raw}, "since")
