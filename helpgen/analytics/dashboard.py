"""The statistics report: one standalone HTML page of the figures, with inline SVG charts.

`helpgen stats --html FILE` writes it; `helpgen serve` answers it at /_helpgen/dashboard
to the admin. No scripts, no external requests (its Content-Security-Policy forbids them),
every text escaped by Jinja2's autoescaping: titles, queries and comments are data.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from helpgen.analytics.agents import SOURCE_NAMES
from helpgen.analytics.charts import Series, bar_chart, line_chart

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOP = 10
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)
"""The page's own policy (also sent as a header by the server): inline styles, nothing else."""


def render_dashboard(figures: dict, site_name: str) -> str:
    """The report page for `figures` (helpgen.analytics.figures.compute_figures)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    articles = figures["articles"]
    by_id = {a["id"]: a for a in articles}
    top = sorted((a for a in articles if a["views"]), key=lambda a: (-a["views"], a["id"]))[:TOP]
    return env.get_template("dashboard.html").render(
        f=figures,
        site_name=site_name,
        csp=CSP,
        top=top,
        least=[by_id[i] for i in figures["least_helpful"]],
        charts=_charts(figures, top),
        name=_name,
        pct=_pct,
        sources=SOURCE_NAMES,
    )


def write_dashboard(figures: dict, site_name: str, path: Path) -> None:
    """Write the report to `path` (a new file next to it first, so a reader never sees half of
    it)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_dashboard(figures, site_name), encoding="utf-8")
    tmp.replace(path)


def _charts(f: dict, top: list[dict]) -> dict:
    days = [d["day"] for d in f["daily"]]
    total = f["totals"]
    return {
        "views": line_chart(
            "views",
            "Article views and readers per day",
            f"{total['views']} views by {total['readers']} readers over {len(days)} days",
            days,
            [
                Series("views", tuple(d["views"] for d in f["daily"])),
                Series("readers", tuple(d["readers"] for d in f["daily"])),
            ],
        ),
        "votes": line_chart(
            "votes",
            "Was this article helpful? Votes per day",
            f"{sum(d['yes'] for d in f['daily'])} yes and {sum(d['no'] for d in f['daily'])} no",
            days,
            [
                Series("yes", tuple(d["yes"] for d in f["daily"])),
                Series("no", tuple(d["no"] for d in f["daily"])),
            ],
        ),
        "visits": line_chart(
            "visits",
            "Visits and self-served visits per day",
            f"{total['self_served_visits']} of {total['visits']} visits read articles "
            "without contacting support",
            days,
            [
                Series("visits", tuple(d["visits"] for d in f["daily"])),
                Series("self-served", tuple(d["self_served_visits"] for d in f["daily"])),
            ],
        ),
        "agents": line_chart(
            "agents",
            "People and AI agents per day",
            f"{total['views']} article views by people and {total['agent_views']} reads by AI"
            " agents",
            days,
            [
                Series("people's views", tuple(d["views"] for d in f["daily"])),
                Series("AI agents' reads", tuple(d["agent_views"] for d in f["daily"])),
            ],
        ),
        "top": bar_chart(
            "top",
            "Most read articles",
            "Views of the most read articles",
            [(_name(a), a["views"]) for a in top],
        ),
        "ranks": bar_chart(
            "ranks",
            "Search click-through by rank",
            "Clicks on search results by their position",
            [(f"result {r['rank']}", r["clicks"]) for r in f["clicks_by_rank"][:TOP]],
        ),
    }


def _name(article: dict) -> str:
    return article["title"] or article["id"]


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{100 * rate:.1f} %"
