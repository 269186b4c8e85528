"""Visitors' text cleaned for a terminal: the function itself, and `helpgen stats` and
`helpgen audit` printing a store that holds escape sequences (as one written before helpgen
cleaned what it stores)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpgen.config import load_project
from helpgen.store import open_store, project_location
from helpgen.visitor_text import clean_visitor_text
from tests.helpers import write_project

FILES = {
    "returns/start.md": "---\ntitle: Start a return\n---\n\nHow to start a return.\n",
    "shipping.md": "# Shipping times\n\n"
    "We ship within two days. See [returns](returns/start.md).\n",
}
QUERY = "zzqx\x1b[31mred"
MARKUP = "[red]wismo[/red] \u202egnp.exe\x1b]0;pwned\x07"
COMMENT = "where\x1b[2J is \u2066it\u2069?\x9b1m\nsecond line"
INJECTED = ("\x1b[31m", "\x1b[2J", "\x1b]0;", "\x9b", "\u202e", "\u2066", "\u2069", "pwned")


@pytest.mark.parametrize(
    "text, line, multiline",
    [
        ("zzqx\x1b[31mred", "zzqxred", "zzqxred"),  # a colour, whole
        ("a\x1b]0;window title\x07b", "ab", "ab"),  # a window title (OSC), whole
        (
            "a\x1b]8;;https://evil.example\x1b\\link",
            "alink",
            "alink",
        ),  # a hyperlink (OSC 8) ended by ST
        ("\x9b31mred\x9b0m", "red", "red"),  # 8-bit CSI
        ("a\x1bcb", "ab", "ab"),  # reset the terminal: two characters
        ("refund\u202egnp.exe", "refundgnp.exe", "refundgnp.exe"),  # a bidi override
        (
            "\u2066x\u2069 \u200b\ufeffy\U000e0041",
            "x y",
            "x y",
        ),  # isolates, zero-width space, BOM, a tag
        ("a\x00b\x07c\x85d", "a b c d", "a b c d"),  # C0 and C1 controls between words
        ("  two\n lines\r\n\tand tab ", "two lines and tab", "two\nlines\nand tab"),
        (
            "می\u200cخواهم 👩\u200d💻",
            "می\u200cخواهم 👩\u200d💻",
            "می\u200cخواهم 👩\u200d💻",
        ),  # ZWNJ, ZWJ kept
        (
            "[red]x[/red] <b>&amp;",
            "[red]x[/red] <b>&amp;",
            "[red]x[/red] <b>&amp;",
        ),  # markup is not ours to drop
        ("\x1b[31m\u202e\x00 ", "", ""),  # nothing left
        ("\ud800lone", "lone", "lone"),  # a lone surrogate (JSON can send one)
    ],
)
def test_clean_visitor_text(text, line, multiline):
    assert clean_visitor_text(text) == line
    assert clean_visitor_text(text, multiline=True) == multiline


@pytest.fixture
def raw_store(tmp_path):
    """A project whose store holds hostile text raw, dated today: ten "no" votes with a comment,
    and searches that found nothing."""
    project = write_project(tmp_path / "project", FILES)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    store = open_store(
        project_location(load_project(project))
    )  # the schema made as a server makes it
    try:
        with store.writing() as db:
            db.exec_driver_sql(
                "INSERT INTO votes (article, helpful, reason, comment, created) "
                "VALUES (?, 0, ?, ?, ?)",
                [("returns/start", "unclear\x1b[31m", COMMENT, now)] * 10,
            )
            db.exec_driver_sql(
                "INSERT INTO searches (query, results, created) VALUES (?, 0, ?)",
                [(QUERY, now)] * 3 + [(MARKUP, now)] * 2,
            )
    finally:
        store.close()
    return project


def assert_clean(out: str) -> None:
    for sequence in INJECTED:
        assert sequence not in out, (sequence, out)


def test_helpgen_stats_prints_visitors_text_cleaned(raw_store, run_cli):
    code, out, err = run_cli("stats", raw_store)
    assert (code, err) == (0, "")
    assert_clean(out)
    assert "zzqxred" in out and "[red]wismo[/red] gnp.exe" in out  # markup printed as it was typed
    assert "Start a return: where is it?" in out and "unclear" in out
    code, out, err = run_cli("stats", raw_store, "--json")
    assert code == 0 and "zzqxred" in out and "gnp.exe" in out
    assert_clean(out)
    code, out, err = run_cli("stats", raw_store, "--csv")
    assert code == 0 and ",unclear," in out
    assert_clean(out)


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}], ids=["lines", "table"])
def test_helpgen_audit_prints_visitors_text_cleaned(raw_store, run_cli, env):
    code, out, err = run_cli("audit", raw_store, "--now", dt.date.today().isoformat(), env=env)
    assert code == 0, err
    assert_clean(out + err)
    if not env:  # one finding a line (a table folds its cells)
        assert (
            "'zzqxred' was searched 3 times" in out
            and "'[red]wismo[/red] gnp.exe' was searched" in out
        )
        assert 'latest comment: "where is it? second line"' in out
