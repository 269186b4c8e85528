"""`helpgen stats`: the feedback store's figures as a table, JSON, CSV or an HTML report."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from helpgen.analytics.agents import SOURCE_NAMES
from helpgen.analytics.figures import compute_figures
from helpgen.config import Project, load_project
from helpgen.errors import HelpgenError, Problem
from helpgen.store import Store, open_store, project_location
from helpgen.store.rollup import rollup
from helpgen.visitor_text import clean_visitor_text

CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "yes",
    "no",
    "votes",
    "helpful_pct",
    "wilson_lower_bound",
    "top_reason",
    "views",
    "readers",
    "contact_clicks",
    "self_service_rate",
    "agent_views",
]


Names = Callable[[Project], dict[str, dict]]
"""id -> {"url", "title"} of a project's articles (the command passes
helpgen.builder.article_names)."""


def load_stats(
    target: str | Path, since: dt.date | None, roll_up: bool = False, names: Names | None = None
) -> tuple[Project, dict]:
    """The project at `target` and its figures from its store; `names` names the articles.
    `roll_up` first folds raw events past `analytics.retention_days` into daily counts."""
    project = load_project(target, sources=False)  # a replica serving a built site has no sources
    location = project_location(project)
    if not Store(location).exists():
        raise HelpgenError(
            Problem(
                location.shown,
                None,
                "no feedback store yet",
                hint="votes are stored by `helpgen serve`; see store.url in helpgen.yml",
            )
        )
    articles = names(project) if names else {}
    store = open_store(location)
    try:
        if roll_up:
            with store.reading() as connection:
                rollup(connection, project.config.analytics.retention_days)
        with store.reading() as connection:
            return project, compute_figures(connection, since, articles)
    finally:
        store.close()


def print_stats(
    target,
    since: dt.date | None,
    as_json: bool,
    as_csv: bool,
    html_file: Path | None = None,
    roll_up: bool = False,
    names: Names | None = None,
) -> None:
    """Print the figures (a table, JSON or CSV) and, with `html_file`, write the HTML report there
    too."""
    project, figures = load_stats(target, since, roll_up, names)
    figures = printable(figures)
    if html_file is not None:
        from helpgen.analytics.dashboard import write_dashboard

        try:
            write_dashboard(figures, project.config.site_name, html_file)
        except OSError as exc:
            raise HelpgenError(
                Problem(
                    str(html_file),
                    None,
                    f"cannot write the report: {exc.strerror}",
                    hint="pick a folder that exists and that you may write to",
                )
            ) from None
    if as_json:
        json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for a in figures["articles"]:
            top = next(iter(a["reasons"]), "")
            writer.writerow(
                [
                    a["id"],
                    a["url"] or "",
                    a["title"] or "",
                    a["yes"],
                    a["no"],
                    a["votes"],
                    _blank(a["helpful_pct"]),
                    a["wilson_lower_bound"],
                    top,
                    a["views"],
                    a["readers"],
                    a["contact_clicks"],
                    _blank(a["self_service_rate"]),
                    a["agent_views"],
                ]
            )
    else:
        _print_tables(figures)


def printable(figures: dict) -> dict:
    """`figures` with the visitors' text in them (queries, comments, reasons) cleaned for a
    terminal: a store written before helpgen cleaned what it stores may hold escape sequences."""
    figures = copy.deepcopy(figures)
    agent_queries = figures.get("agents", {}).get("queries", [])
    for key in ("queries", "zero_result_queries", "no_click_queries"):
        for q in figures.get(key, []) + (agent_queries if key == "queries" else []):
            q["query"] = clean_visitor_text(q["query"])
    for a in figures["articles"]:
        a["reasons"] = {clean_visitor_text(r): n for r, n in a["reasons"].items()}
        for c in a["comments"]:
            c["comment"] = clean_visitor_text(c["comment"] or "", multiline=True)
    return figures


def _blank(value) -> object:
    return "" if value is None else value


def _percent(value: float | None, scale: int = 1) -> str:
    return "–" if value is None else f"{scale * value:.1f}%"


ARTICLE_VIEWS = ("article", "views", "readers", "self-service")
ARTICLE_VOTES = ("article", "yes", "no", "helpful", "helpful (at least)", "top reason")
AT_LEAST = (
    'helpful (at least): the share of "yes" votes an article can count on, given how few '
    "votes it has so far (the low end of a 95% Wilson interval)."
)


def _print_tables(figures: dict) -> None:
    """Two narrow tables of articles (views, votes), the latest comments, the search tables.

    Narrow, so that no header word is broken on an 80- or even 60-column terminal; every
    column is at least as wide as its header's longest word."""
    console = Console()
    _print_totals(console, figures["totals"])
    articles = figures["articles"]
    if not articles:
        console.print("No votes or views yet.")
    else:
        views = _table("Articles: views", ARTICLE_VIEWS)
        votes = _table('Articles: "Was this article helpful?"', ARTICLE_VOTES)
        for a in articles:
            # Text(), not str: titles, comments and queries are data, never rich markup
            views.add_row(
                _title(a), str(a["views"]), str(a["readers"]), _percent(a["self_service_rate"], 100)
            )
            top_reason = Text(next(iter(a["reasons"]), ""))
            votes.add_row(
                _title(a),
                str(a["yes"]),
                str(a["no"]),
                _percent(a["helpful_pct"]),
                _percent(a["wilson_lower_bound"], 100),
                top_reason,
            )
        console.print(views)
        console.print(votes)
        console.print(Text(AT_LEAST, style="dim"))
        _print_comments(console, articles)
    _print_searches(console, figures)
    _print_agents(console, figures["agents"])


def _print_agents(console: Console, agents: dict) -> None:
    """AI agents' reads and searches, apart from people's (helpgen.analytics.agents)."""
    sources = ", ".join(
        f"{SOURCE_NAMES.get(k, k)} {n}" for k, n in agents["views_by_source"].items()
    )
    console.print(
        f"AI agents: {agents['views']} article reads"
        + (f" ({sources})" if sources else "")
        + f"; {agents['searches']} searches, {agents['searches_with_results']} with results",
        markup=False,
        highlight=False,
    )
    if agents["articles"]:
        table = _table("AI agents: most read articles", ("article", "reads"))
        for a in agents["articles"]:
            table.add_row(_title(a), str(a["agent_views"]))
        console.print(table)
    if agents["queries"]:
        table = _table("AI agents: top searches", ("query", "count"))
        for q in agents["queries"]:
            table.add_row(Text(q["query"]), str(q["count"]))
        console.print(table)


def _table(title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title)
    for column in columns:
        longest_word = max(len(word) for word in column.split())
        table.add_column(column, overflow="fold", min_width=longest_word)
    return table


def _title(article: dict) -> Text:
    return Text(article["title"] or article["id"])


def _print_comments(console: Console, articles: list[dict]) -> None:
    """The latest comment of each article that has one, a line each."""
    latest = [(a, a["comments"][0]["comment"]) for a in articles if a["comments"]]
    if latest:
        console.print("Latest comments", style="bold")
    for a, comment in latest:
        console.print(Text(f"{a['title'] or a['id']}: {comment[:200]}"))


def _print_searches(console: Console, figures: dict) -> None:
    for key, title in (
        ("queries", "Top searches"),
        ("zero_result_queries", "Searches with no results"),
        ("no_click_queries", "Searches with results that nobody followed"),
    ):
        if figures[key]:
            clicks = key == "queries"
            searches = Table(title=title)
            searches.add_column("query", overflow="fold")
            searches.add_column("count", min_width=5)
            if clicks:
                searches.add_column("clicks", min_width=6)
            for q in figures[key]:
                searches.add_row(
                    Text(q["query"]), str(q["count"]), *([str(q["clicks"])] if clicks else [])
                )
            console.print(searches)
    if figures["clicks_by_rank"]:
        console.print(
            "Results followed, by rank: "
            + ", ".join(f"#{r['rank']}: {r['clicks']}" for r in figures["clicks_by_rank"]),
            highlight=False,
        )


def _print_totals(console: Console, t: dict) -> None:
    console.print(
        f"{t['views']} article views by {t['readers']} readers; self-service "
        f"{_percent(t['self_service_rate'], 100)} "
        f"({t['self_served_visits']} of {t['visits']} visits); "
        f"{t['contact_clicks']} contact clicks; {t['searches']} searches, click-through "
        f"{_percent(t['click_through_rate'], 100)}",
        markup=False,
        highlight=False,
    )
