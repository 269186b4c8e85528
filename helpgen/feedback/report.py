"""`helpgen stats`: the feedback store's figures as a table, JSON, CSV or an HTML report."""

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
from helpgen.analytics.figures import compute_figures
from helpgen.analytics.rollup import rollup
from helpgen.config import Project
from helpgen.feedback.store import connect

CSV_COLUMNS = ["id", "url", "title", "yes", "no", "votes", "helpful_pct", "wilson_lower_bound", "top_reason",
               "views", "readers", "contact_clicks", "self_service_rate"]


def load_stats(target: str | Path, since: dt.date | None, roll_up: bool = False) -> tuple[Project, dict]:
    """The project at `target` and its figures; its articles are named from the current content.
    `roll_up` first folds raw events past `analytics.retention_days` into daily counts."""
    from helpgen.build import load_site
    from helpgen.render.views import Urls
    from helpgen.exports.artifact import built_articles

    project = load_project(target)
    path = project.feedback_store
    if not path.is_file():
        raise HelpgenError(Problem(project.display(path), None, "no feedback store yet",
                                   hint="votes are stored by `helpgen serve`; see feedback.store in helpgen.yml"))
    articles = {a.id: {"url": a.url, "title": a.title}
                for a in built_articles(load_site(project).site, Urls(project).base)}
    try:
        db = connect(path)
        try:
            if roll_up:
                rollup(db, project.config.analytics.retention_days)
            return project, compute_figures(db, since, articles)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise HelpgenError(Problem(project.display(path), None, f"the feedback store cannot be read: {exc}",
                                   hint="restore it from a backup, or move it aside to start a new one")) from None


def print_stats(target, since: dt.date | None, as_json: bool, as_csv: bool, html_file: Path | None = None,
                roll_up: bool = False) -> None:
    """Print the figures (a table, JSON or CSV) and, with `html_file`, write the HTML report there too."""
    project, figures = load_stats(target, since, roll_up)
    if html_file is not None:
        from helpgen.analytics.dashboard import write_dashboard

        try:
            write_dashboard(figures, project.config.site_name, html_file)
        except OSError as exc:
            raise HelpgenError(Problem(str(html_file), None, f"cannot write the report: {exc.strerror}",
                                       hint="pick a folder that exists and that you may write to")) from None
    if as_json:
        json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for a in figures["articles"]:
            top = next(iter(a["reasons"]), "")
            writer.writerow([a["id"], a["url"] or "", a["title"] or "", a["yes"], a["no"], a["votes"],
                             _blank(a["helpful_pct"]), a["wilson_lower_bound"], top, a["views"], a["readers"],
                             a["contact_clicks"], _blank(a["self_service_rate"])])
    else:
        _print_tables(figures)


def _blank(value) -> object:
    return "" if value is None else value


def _percent(value: float | None, scale: int = 1) -> str:
    return "–" if value is None else f"{scale * value:.1f}%"


def _print_tables(figures: dict) -> None:
    console = Console()
    _print_totals(console, figures["totals"])
    table = Table(title="Articles: views and \"Was this article helpful?\"")
    for column in ("article", "views", "readers", "yes", "no", "helpful", "Wilson lower bound", "self-service",
                   "top reason", "latest comment"):
        table.add_column(column, overflow="fold")
    for a in figures["articles"]:
        comment = a["comments"][0]["comment"] if a["comments"] else ""
        # Text(), not str: titles, comments and queries are data, never rich markup
        table.add_row(Text(a["title"] or a["id"]), str(a["views"]), str(a["readers"]), str(a["yes"]), str(a["no"]),
                      _percent(a["helpful_pct"]), f"{a['wilson_lower_bound']:.2f}", _percent(a["self_service_rate"], 100),
                      next(iter(a["reasons"]), ""), Text(comment[:80]))
    console.print(table) if figures["articles"] else console.print("No votes or views yet.")
    for key, title in (("queries", "Top searches"), ("zero_result_queries", "Searches with no results"),
                       ("no_click_queries", "Searches with results that nobody followed")):
        if figures[key]:
            clicks = key == "queries"
            searches = Table(title=title)
            searches.add_column("query", overflow="fold")
            searches.add_column("count")
            if clicks:
                searches.add_column("clicks")
            for q in figures[key]:
                searches.add_row(Text(q["query"]), str(q["count"]), *([str(q["clicks"])] if clicks else []))
            console.print(searches)
    if figures["clicks_by_rank"]:
        console.print("Results followed, by rank: " + ", ".join(f"#{r['rank']}: {r['clicks']}"
                                                                for r in figures["clicks_by_rank"]), highlight=False)


def _print_totals(console: Console, t: dict) -> None:
    console.print(f"{t['views']} article views by {t['readers']} readers; self-service "
                  f"{_percent(t['self_service_rate'], 100)} ({t['self_served_visits']} of {t['visits']} visits); "
                  f"{t['contact_clicks']} contact clicks; {t['searches']} searches, click-through "
                  f"{_percent(t['click_through_rate'], 100)}", markup=False, highlight=False)
