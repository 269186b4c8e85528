"""The `helpgen` command: parse arguments, call a stage, turn problems into exit codes.

Exit codes: 0 ok; 1 content errors (or warnings under --strict); 2 usage or config error.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import click

from helpgen import __version__
from helpgen.errors import HelpgenError


class _Group(click.Group):
    """Turns HelpgenError into its lines and exit code: no traceback for bad input."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HelpgenError as exc:
            if ctx.meta.get("debug"):
                raise
            from helpgen.cli_output import print_problems

            print_problems(exc.problems)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="helpgen")
@click.option("--debug", is_flag=True, help="Show tracebacks (for reporting bugs in helpgen).")
@click.pass_context
def main(ctx, debug):
    """Build a help center from a folder of markdown articles."""
    ctx.meta["debug"] = debug


@main.command()
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Output folder (default: output_dir from helpgen.yml).",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--no-cache", is_flag=True, help="Reuse nothing from earlier builds (.helpgen/).")
@click.option(
    "--audience",
    type=click.Choice(["public", "internal"]),
    default="public",
    help="internal: include agent-only articles (never publish that output).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="List every warning instead of folding repeats."
)
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Build as on this date: seasonal articles and dated banners (default: today).",
)
def build(project, out, strict, no_cache, audience, verbose, now):
    """Build the help center in PROJECT (default: the current folder)."""
    from helpgen.builder import build as run_build
    from helpgen.cli_output import BuildProgress, print_problems, print_steps, print_summary
    from helpgen.config import load_project

    start = time.perf_counter()
    # A build makes millions of objects that live until it ends, and the collector's default
    # thresholds walk them again and again (a tenth of a rebuild); cycles are still collected.
    gc.set_threshold(100_000, 50, 100)
    loaded = load_project(project)
    result = run_build(
        loaded,
        out=out,
        strict=strict,
        use_cache=not no_cache,
        audience=audience,
        progress=BuildProgress(),
        now=now.date() if now else None,
    )
    report = result.report
    print_problems(report.sorted(), verbose)
    print_steps(result)
    print_summary(result, time.perf_counter() - start)
    # The process ends here: its last garbage collection would walk every object of the site
    # only to free them anyway (a fifth of a rebuild's time on 500 articles). Frozen, it skips them.
    gc.freeze()
    sys.exit(0 if result.written else 1)


@main.command()
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--no-watch", is_flag=True, help="Production: build once, no file watching, no live reload."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes (with --no-watch).",
)
@click.option(
    "--no-build",
    is_flag=True,
    help="Serve the output folder as `helpgen build` wrote it (in CI, say); implies --no-watch.",
)
def serve(project, host, port, no_watch, workers, no_build):
    """Build PROJECT and serve it with the API; rebuild and reload the browser on every save."""
    from helpgen.cli_output import err, print_problems, print_summary
    from helpgen.serve import check_port
    from helpgen.serve import serve as run_server

    check_port(host, port)  # before the build, which may take a while, and before "serving"

    def report(result, problems=None):
        if result is None:
            print_problems(problems or [])
            err.print("build failed; still serving the last good build", markup=False)
            return
        print_problems(result.report.sorted())
        print_summary(result)

    watch = not (no_watch or no_build)
    mode = "watching for changes" if watch else "production"
    err.print(f"serving http://{host}:{port}/ ({mode}; Ctrl+C stops)", markup=False)
    run_server(
        project, host, port, watch=watch, workers=workers, report=report, build_site=not no_build
    )


@main.command()
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only votes, searches and events from this date on.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the per-article figures as CSV.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the statistics report (charts and tables) to this HTML file.",
)
@click.option(
    "--rollup",
    "roll_up",
    is_flag=True,
    help="First fold raw events older than analytics.retention_days into daily counts.",
)
def stats(project, since, as_json, as_csv, html_file, roll_up):
    """Views, helpfulness, searches and self-service per article, from the feedback store."""
    from helpgen.builder import article_names
    from helpgen.feedback.report import print_stats

    print_stats(
        project, since.date() if since else None, as_json, as_csv, html_file, roll_up, article_names
    )


@main.group()
def store():
    """The store of votes, events and searches: schema upgrades, copying SQLite into PostgreSQL."""


@store.command("upgrade")
@click.argument("project", default=".", type=click.Path(path_type=Path))
def store_upgrade(project):
    """Apply the store's schema migrations (store.url or HELPGEN_STORE_URL of PROJECT)."""
    from helpgen.cli_output import err
    from helpgen.config import load_project
    from helpgen.store.admin import upgrade_project

    err.print(upgrade_project(load_project(project, sources=False)), markup=False, highlight=False)


@store.command("migrate")
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "to",
    required=True,
    help="The store to copy into, e.g. postgresql://helpgen@db/helpgen.",
)
def store_migrate(project, to):
    """Copy every row of PROJECT's store (SQLite) into the store at --to (PostgreSQL)."""
    from helpgen.cli_output import err
    from helpgen.config import load_project
    from helpgen.store.admin import migrate_project

    for c in migrate_project(load_project(project, sources=False), to):
        err.print(
            f"{c.table}: {c.source} rows in the source, {c.added} copied, {c.target} in the target",
            markup=False,
            highlight=False,
        )


@main.command()
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the findings as JSON (docs/audit.md) instead of a table.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write an HTML report to this file.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "error"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding of this severity or a worse one exists.",
)
@click.option(
    "--audience",
    type=click.Choice(["public", "internal"]),
    default="public",
    help="internal: audit the agent-only articles too.",
)
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Audit as on this date (default: today).",
)
@click.option("--no-cache", is_flag=True, help="Reuse nothing from earlier builds (.helpgen/).")
def audit(project, as_json, html_file, fail_on, audience, now, no_cache):
    """Audit PROJECT: stale and expired articles, broken links, titles, feedback, searches..."""
    from helpgen.audit import run_audit
    from helpgen.audit.report import write_reports
    from helpgen.config import load_project

    result = run_audit(
        load_project(project), audience, now.date() if now else None, use_cache=not no_cache
    )
    write_reports(result, fail_on, as_json, html_file)
    sys.exit(1 if result.failed(fail_on) else 0)


@main.command()
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--site",
    type=click.Path(path_type=Path),
    help="A built site to answer from, e.g. a `--audience internal` build "
    "(default: output_dir, built when missing).",
)
@click.option(
    "--rebuild", is_flag=True, help="Build the project first even when output_dir is already built."
)
def mcp(project, site, rebuild):
    """Serve PROJECT's help center to AI agents: a Model Context Protocol server on stdio."""
    from helpgen.cli_output import err, print_problems, print_summary
    from helpgen.config import load_project
    from helpgen.mcp import prepare_site
    from helpgen.mcp.server import run_stdio

    def report(result):
        print_problems(result.report.sorted())
        print_summary(result)

    loaded = load_project(project)
    site_dir = prepare_site(loaded, site, rebuild, report)
    err.print(
        f"helpgen mcp: serving {site_dir} on stdio (tools: search_articles, answer_question, "
        "get_article, list_categories)",
        markup=False,
        highlight=False,
    )
    run_stdio(site_dir, loaded.config.site_name)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", default="My Store Help Center", help="site_name for helpgen.yml.")
def init(directory, name):
    """Create a new help center in DIRECTORY: helpgen.yml, two categories, three articles."""
    from helpgen.cli_output import err
    from helpgen.scaffold import scaffold

    written = scaffold(directory, name)
    err.print(
        f"created {len(written)} files in {directory}; next: helpgen build {directory}",
        markup=False,
    )


@main.command()
@click.argument("query")
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the API's JSON: {query, results: [...]}."
)
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 50),
    help="At most this many results.",
)
@click.option("--lang", help="Only articles in this language, the query analysed as it (e.g. id).")
def search(query, project, as_json, limit, lang):
    """Search the built help center of PROJECT (run `helpgen build` first)."""
    import json

    from helpgen.config import load_project
    from helpgen.search import QueryError, index_dir_for, open_index
    from helpgen.search.cli import print_results

    index = open_index(index_dir_for(load_project(project, sources=False).output_dir.resolve()))
    try:
        found = index.search(query, limit=limit, lang=lang)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_results(found)


@main.command()
@click.argument("question")
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the API's JSON: {query, answer, results}."
)
@click.option("--lang", help="Answer from articles in this language (e.g. id).")
def answer(question, project, as_json, lang):
    """Answer QUESTION from the built help center of PROJECT, or say that nothing answers it."""
    import json

    from helpgen.config import load_project
    from helpgen.search import QueryError, index_dir_for, open_index
    from helpgen.search.cli import print_answer

    index = open_index(index_dir_for(load_project(project).output_dir.resolve()))
    try:
        found, results = index.answer_with_results(question, lang=lang)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    body = {
        "query": question,
        "answer": found and found.to_dict(index.analyzer_for(lang)),
        "results": results.to_dict()["results"],
    }
    if as_json:
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        print_answer(body)


@main.group()
def faq():
    """Ready-made FAQ pages (shipping, returns, holidays...) filled with your store's values."""


@faq.command("list")
@click.option("--lang", default="en", show_default=True, help="Language of the titles.")
def faq_list(lang):
    """List the FAQ topics."""
    from helpgen.faq import load_topics

    for topic in load_topics().values():
        click.echo(
            f"{topic.id:20} {topic.title.get(lang, topic.title['en'])}  "
            f"[{', '.join(topic.languages)}]"
        )


@faq.command("show")
@click.argument("topic")
@click.option("--lang", default="en", show_default=True)
def faq_show(topic, lang):
    """Show a topic's variables: type, whether required, default or example."""
    from helpgen.faq import find_topic

    found = find_topic(topic)
    click.echo(
        f"{found.id}: {found.title.get(lang, found.title['en'])}\n"
        f"{found.description.get(lang, '')}\n"
    )
    for var in found.variables.values():
        need = "required" if var.required else f"optional, default {var.default!r}"
        kind = f"one of {', '.join(var.choices)}" if var.choices else var.type
        click.echo(
            f"  {var.name} ({kind}, {need})\n      {var.description}\n"
            f"      example: {var.example!r}"
        )
        if var.assumed:
            click.echo(f"      when left out, the page states: {var.assumed}")


@faq.command("new")
@click.argument("topic")
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option("--lang", help="Language (default: the site's language).")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="KEY=VALUE",
    help="A value (YAML: 30, 2026-11-27, [DHL, UPS]); "
    "also read from helpgen.yml variables and policies.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing article.")
def faq_new(topic, project, lang, assignments, force):
    """Write the FAQ article for TOPIC into PROJECT's content folder.

    Prints each default it used that states a policy (`assumed: ...`), which the article
    also lists in its front matter.
    """
    from helpgen.cli_output import err
    from helpgen.config import load_project
    from helpgen.faq import (
        assumed_defaults,
        check_values,
        find_topic,
        output_path,
        render_topic,
        write_article,
    )

    loaded = load_project(project)
    found = find_topic(topic)
    values = {
        **loaded.config.variables,
        **loaded.config.policies,
        **_parse_assignments(assignments),
    }
    command = [
        "helpgen",
        "faq",
        "new",
        topic,
        *([str(project)] if str(project) != "." else []),
        *(["--lang", lang] if lang else []),
        *(arg for item in assignments for arg in ("--set", item)),
    ]
    lang = lang or loaded.config.language
    assumed = assumed_defaults(found, values)
    text = render_topic(found, lang, check_values(found, values, command), assumed)
    for path in write_article(loaded, output_path(loaded, found, lang), text, lang, force):
        err.print(f"wrote {loaded.display(path)}", markup=False)
    for var in assumed:
        err.print(var.assumed_line(), markup=False)


@main.group("import")
def import_group():
    """Bring an existing help center in: an MkDocs site or a Zendesk Help Center export."""


@import_group.command("mkdocs")
@click.argument("mkdocs_yml", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Where to write helpgen.yml (default: beside mkdocs.yml).",
)
@click.option("--force", is_flag=True, help="Replace an existing helpgen.yml.")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
def import_mkdocs(mkdocs_yml, out, force, dry_run):
    """Write helpgen.yml from MKDOCS_YML (nav: categories and order); list what was not mapped."""
    from helpgen.cli_output import print_import
    from helpgen.migrate.mkdocs_config import import_mkdocs as run

    print_import(run(mkdocs_yml, out, force, dry_run), dry_run)


@import_group.command("zendesk")
@click.argument("export", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("project", default=".", type=click.Path(path_type=Path))
@click.option(
    "--locale",
    "default_locale",
    help="The site's language (default: the locale most articles have).",
)
@click.option("--force", is_flag=True, help="Overwrite articles that exist already.")
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
def import_zendesk(export, project, default_locale, force, dry_run):
    """Turn a Zendesk Help Center export (JSON) into articles of PROJECT, old URLs redirected."""
    from helpgen.cli_output import print_import
    from helpgen.migrate.zendesk import import_zendesk as run

    print_import(run(export, project, default_locale, force, dry_run), dry_run)


def _parse_assignments(assignments: tuple[str, ...]) -> dict:
    import yaml

    from helpgen.errors import ConfigError

    values = {}
    for item in assignments:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {item}: write KEY=VALUE")
        try:
            values[key.strip()] = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            raise ConfigError(
                f"--set {item}: the value is not valid YAML (hint: quote it)"
            ) from None
    return values
