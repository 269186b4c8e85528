"""`helpgen stats`: the feedback store's figures as a table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from helpgen.config import load_project
from helpgen.errors import HelpgenError, Problem
from helpgen.feedback.stats import compute_stats
from helpgen.feedback.store import connect

CSV_COLUMNS = ["id", "url", "title", "yes", "no", "votes", "helpful_pct", "wilson_lower_bound", "top_reason"]


def load_stats(target: str | Path, since: dt.date | None) -> dict:
    """The figures for the project at `target`; its articles are named from the current content."""
    from helpgen.build import load_site
    from helpgen.render.views import Urls
    from helpgen.serve.state import registry_of

    project = load_project(target)
    path = project.feedback_store
    if not path.is_file():
        raise HelpgenError(Problem(project.display(path), None, "no feedback store yet",
                                   hint="votes are stored by `helpgen serve`; see feedback.store in helpgen.yml"))
    _, articles = registry_of(load_site(project).site, Urls(project).base)
    try:
        db = connect(path)
        try:
            return compute_stats(db, since, articles)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise HelpgenError(Problem(project.display(path), None, f"the feedback store cannot be read: {exc}",
                                   hint="restore it from a backup, or move it aside to start a new one")) from None


def print_stats(target, since: dt.date | None, as_json: bool, as_csv: bool) -> None:
    figures = load_stats(target, since)
    if as_json:
        json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for a in figures["articles"]:
            top = next(iter(a["reasons"]), "")
            writer.writerow([a["id"], a["url"] or "", a["title"] or "", a["yes"], a["no"], a["votes"],
                             a["helpful_pct"], a["wilson_lower_bound"], top])
    else:
        _print_tables(figures)


def _print_tables(figures: dict) -> None:
    console = Console()
    table = Table(title="Was this article helpful?")
    for column in ("article", "yes", "no", "helpful", "Wilson lower bound", "top reason", "latest comment"):
        table.add_column(column, overflow="fold")
    for a in figures["articles"]:
        comment = a["comments"][0]["comment"] if a["comments"] else ""
        # Text(), not str: titles, comments and queries are data, never rich markup
        table.add_row(Text(a["title"] or a["id"]), str(a["yes"]), str(a["no"]), f"{a['helpful_pct']}%",
                      f"{a['wilson_lower_bound']:.2f}", next(iter(a["reasons"]), ""), Text(comment[:80]))
    console.print(table) if figures["articles"] else console.print("No votes yet.")
    for key, title in (("queries", "Top searches"), ("zero_result_queries", "Searches with no results")):
        if figures[key]:
            searches = Table(title=title)
            searches.add_column("query", overflow="fold")
            searches.add_column("count")
            for q in figures[key]:
                searches.add_row(Text(q["query"]), str(q["count"]))
            console.print(searches)
